/**
 * 工作台: greets the account with its role, its real duties (申请部门负责人, 分管领导, 需求管理员, 运维公司 … as the modules
 * name them) and organisation, lists what waits for it (待办事项, every module's inbox), says what it may use, and for
 * account admins flags a level with fewer than two active account admins (P6: A/B roles).
 */
import { Link, useLocation } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Col, Descriptions, Empty, Row, Space, Tag, Typography } from "antd";
import { RightOutlined } from "@ant-design/icons";
import { InboxList, useInbox } from "../inbox.js";
import { api } from "../api.js";
import { hasPermission, useCurrentSession } from "../session.js";
import { PAGES, canOpen, isSubsystemSection } from "../registry.js";
import { SUBSYSTEM_INFO } from "../subsystems.js";
import { fmtTime, levelName, roleName } from "../labels.js";
import type { AccountRow, BusinessSubsystem, OrgNode, SessionInfo } from "../types.js";
import type { AfterLoginState } from "./LoginPage.js";

function greeting(): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", hour12: false }).formatToParts(new Date());
  const h = Number(parts.find((p) => p.type === "hour")?.value ?? "12");
  if (h < 5) return "您好";
  if (h < 11) return "上午好";
  if (h < 13) return "中午好";
  if (h < 18) return "下午好";
  return "晚上好";
}

/** P6: fewer than two active account admins at the admin's own level (and, for 州, at each county). */
function AbRoleWarning({ s }: { s: SessionInfo }) {
  const accounts = useQuery({
    queryKey: ["gov", "accounts", { roleKind: "account_admin", status: "active" }],
    queryFn: () => api.get<AccountRow[]>("/api/gov/accounts?roleKind=account_admin&status=active"),
  });
  const tree = useQuery({ queryKey: ["org", "tree"], queryFn: () => api.get<OrgNode[]>("/api/org/tree"), staleTime: Infinity, enabled: s.account.level === "prefecture" });
  if (!accounts.data) return null;
  const count = (org: string) => accounts.data.filter((a) => a.orgCode === org).length;
  const own = count(s.account.orgCode);
  const counties = s.account.level === "prefecture" ? (tree.data ?? []).filter((n) => n.level === "county" && count(n.code) < 2) : [];
  return (
    <>
      {own < 2 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message="本级账户管理员少于两人（A/B角），请及时补充（第七条）"
          description={`${s.account.orgName}目前在岗的账户管理员 ${own} 人。`}
          data-testid="ab-warning"
        />
      )}
      {counties.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message="以下县（市）账户管理员少于两人（A/B角），请督促补充（第七条、第八条）"
          description={counties.map((c) => `${c.name}（${count(c.code)} 人）`).join("、")}
          data-testid="ab-warning-counties"
        />
      )}
    </>
  );
}

export default function HomePage() {
  const s = useCurrentSession();
  const location = useLocation();
  const after = (location.state as AfterLoginState | null)?.loggedIn;
  const a = s.account;
  const granted = s.subsystems.filter((x) => x.granted && isSubsystemSection(x.code));
  const isAdmin = a.roleKind !== "operator";
  // Tiles link to pages that need no parameter: detail pages (":id") are opened from their lists.
  const tools = PAGES.filter((p) => p.section === "system" && !p.hideInMenu && !p.path.includes(":") && canOpen(p, s));
  const inbox = useInbox({ fresh: true });
  const duties = useQuery({ queryKey: ["inbox", "duties"], queryFn: () => api.get<{ duties: string[] }>("/api/inbox/duties"), staleTime: 300_000 });
  const dutyList = duties.data?.duties ?? [];
  const firstPage = (code: string) => PAGES.find((p) => isSubsystemSection(p.section) && p.section === code && !p.hideInMenu);

  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      {after && after.replaced > 0 && (
        <Alert type="info" showIcon closable message="您的账户在其他浏览器或设备上的会话已结束：同一账户同一时间只能在一处登录（第五条）。" />
      )}
      {after?.newDevice && (
        <Alert type="warning" showIcon closable message="本次登录的设备或网络与上次不同（新设备/新地点）。如非本人操作，请立即联系账户管理员。" />
      )}
      {a.roleKind === "account_admin" && hasPermission(s, "gov.account.read") && <AbRoleWarning s={s} />}

      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="greeting">
          {greeting()}，{a.name}
        </Typography.Title>
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
          <Descriptions.Item label="角色">
            <Tag color="blue">{roleName(a.roleKind)}{a.abSlot ? `（${a.abSlot}角）` : ""}</Tag>
          </Descriptions.Item>
          {dutyList.length > 0 && (
            <Descriptions.Item label="职责" span={{ xs: 1, md: 2, xl: 3 }}>
              <Space wrap size={[4, 4]} data-testid="duties">
                {dutyList.map((d) => (
                  <Tag key={d} color="geekblue">{d}</Tag>
                ))}
              </Space>
            </Descriptions.Item>
          )}
          <Descriptions.Item label="组织机构">
            {a.orgName}（{levelName(a.level)}）
          </Descriptions.Item>
          <Descriptions.Item label="单位">{a.unitName ?? "—"}</Descriptions.Item>
          <Descriptions.Item label="本次登录">{fmtTime(s.sessionStartedAt)}</Descriptions.Item>
          <Descriptions.Item label="会话超时">{s.idleTimeoutMinutes} 分钟未操作自动退出</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card
        title="待办事项"
        extra={inbox.data && inbox.data.total > 0 ? <Tag color={inbox.data.items.some((i) => i.overdue) ? "red" : "blue"}>共 {inbox.data.total} 项</Tag> : null}
        loading={inbox.isLoading}
        data-testid="home-inbox"
      >
        <InboxList items={inbox.data?.items ?? []} />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={isAdmin ? 12 : 24}>
          <Card title="业务子系统" style={{ height: "100%" }}>
            {granted.length ? (
              <Row gutter={[12, 12]}>
                {granted.map((g) => {
                  const page = firstPage(g.code);
                  const info = SUBSYSTEM_INFO[g.code as BusinessSubsystem];
                  return (
                    <Col key={g.code} xs={24} md={12}>
                      <Card size="small" hoverable title={info.name} extra={page && <Link to={page.path}>进入 <RightOutlined /></Link>}>
                        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                          {info.summary}
                        </Typography.Paragraph>
                      </Card>
                    </Col>
                  );
                })}
              </Row>
            ) : isAdmin ? (
              <Empty description="管理员账户不兼任操作员，不办理业务子系统的业务（第六条）" />
            ) : dutyList.length ? (
              <Empty description={`您在平台上的职责：${dutyList.join("、")}。待您办理的事项列在上方“待办事项”中。`} />
            ) : (
              <Empty description="您的账户尚未被授予业务权限。请由所在部门填写《操作员账户权限申请表》（附件2），交本级权限管理员办理。" />
            )}
          </Card>
        </Col>
        {isAdmin && (
          <Col xs={24} lg={12}>
            <Card title="系统管理" style={{ height: "100%" }}>
              <Row gutter={[12, 12]}>
                {tools.map((t) => (
                  <Col key={t.path} xs={12}>
                    <Link to={t.path}>
                      <Card size="small" hoverable>
                        <Space>
                          {t.icon}
                          {t.label}
                        </Space>
                      </Card>
                    </Link>
                  </Col>
                ))}
              </Row>
            </Card>
          </Col>
        )}
      </Row>
    </Space>
  );
}

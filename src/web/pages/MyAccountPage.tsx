/**
 * 我的账户 (P3, P4): the account's facts, its powers, the current session, and “我的会话与登录记录” — every session
 * with how it ended and every login event, a new device or place flagged, so that lending or theft shows.
 */
import { useQuery } from "@tanstack/react-query";
import { Card, Descriptions, Space, Table, Tag, Tooltip, Typography } from "antd";
import { api } from "../api.js";
import { useCurrentSession } from "../session.js";
import { browserName, END_REASON, eventName, fmtTime, levelName, refusalText, roleName } from "../labels.js";
import { ADMIN_POWERS, areaFunctions, type AdminPower } from "../../core/access/catalogue.js";
import { AREA_NAMES } from "../subsystems.js";

interface SessionRow {
  id: number;
  createdAt: string;
  lastSeenAt: string;
  endedAt: string | null;
  endReason: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  current: boolean;
}
interface EventRow {
  seq: number;
  at: string;
  event: string;
  outcome: "success" | "failure";
  sourceIp: string | null;
  detail: Record<string, unknown>;
}

/** New device / new place: compared with the session before it (sessions come newest first). */
function flags(list: SessionRow[], i: number) {
  const s = list[i]!;
  const prev = list[i + 1];
  if (!prev) return { newDevice: false, newPlace: false };
  return { newDevice: prev.userAgent !== s.userAgent, newPlace: prev.sourceIp !== s.sourceIp };
}

export default function MyAccountPage() {
  const s = useCurrentSession();
  const a = s.account;
  const history = useQuery({ queryKey: ["session", "history"], queryFn: () => api.get<{ sessions: SessionRow[]; events: EventRow[] }>("/api/session/history") });
  const sessions = history.data?.sessions ?? [];
  const adminPowers = s.permissions.filter((p): p is AdminPower => p in ADMIN_POWERS);
  const business = s.subsystems
    .filter((x) => x.granted)
    .map((x) => ({ code: x.code, functions: areaFunctions(x.code).filter((f) => s.permissions.includes(f.code)) }));

  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Card title="账户信息">
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="姓名">{a.name}</Descriptions.Item>
          <Descriptions.Item label="账户编号">{a.id}</Descriptions.Item>
          <Descriptions.Item label="身份证号">{a.idNumberMasked ?? "—"}</Descriptions.Item>
          <Descriptions.Item label="联系电话">{a.phoneMasked ?? "—"}</Descriptions.Item>
          <Descriptions.Item label="角色">
            {roleName(a.roleKind)}
            {a.abSlot ? `（${a.abSlot}角）` : ""}
          </Descriptions.Item>
          <Descriptions.Item label="组织机构">
            {a.orgName}（{levelName(a.level)}，{a.orgCode}）
          </Descriptions.Item>
          <Descriptions.Item label="单位">{a.unitName ?? "—"}</Descriptions.Item>
          <Descriptions.Item label="登录方式">电子社保卡扫码（实名）</Descriptions.Item>
          {adminPowers.length > 0 && (
            <Descriptions.Item label="管理职责" span={2}>
              {adminPowers.map((p) => (
                <Tag key={p} color="geekblue" style={{ marginBottom: 4 }}>
                  {ADMIN_POWERS[p]}
                </Tag>
              ))}
              {s.adminSubsystems.length > 0 && (
                <div style={{ marginTop: 4 }}>
                  可管理权限的子系统：{s.adminSubsystems.map((c) => AREA_NAMES[c] ?? c).join("、")}
                </div>
              )}
            </Descriptions.Item>
          )}
          {a.roleKind === "operator" && (
            <Descriptions.Item label="业务权限" span={2}>
              {business.length === 0
                ? "尚未授予业务权限"
                : business.map((b) => (
                    <div key={b.code} style={{ marginBottom: 4 }}>
                      <Typography.Text strong>{AREA_NAMES[b.code] ?? b.code}：</Typography.Text>
                      {b.functions.map((f) => (
                        <Tag key={f.code} color={f.sensitive ? "volcano" : "blue"} style={{ marginBottom: 4 }}>
                          {f.name}
                        </Tag>
                      ))}
                    </div>
                  ))}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      <Card title="当前会话">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="登录时间">{fmtTime(s.sessionStartedAt)}</Descriptions.Item>
          <Descriptions.Item label="空闲超时">{s.idleTimeoutMinutes} 分钟未操作自动退出</Descriptions.Item>
          <Descriptions.Item label="同时在线">一个账户同一时间只能在一处登录，新的登录会结束旧的会话</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title="我的会话与登录记录">
        <Typography.Paragraph type="secondary">
          如发现不是本人的登录（陌生的时间、地点或设备），请立即联系账户管理员。账户不得出借（第五条）。
        </Typography.Paragraph>
        <Typography.Title level={5}>会话</Typography.Title>
        <Table<SessionRow>
          rowKey="id"
          size="small"
          loading={history.isLoading}
          dataSource={sessions}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: "登录时间", dataIndex: "createdAt", width: 170, render: (v: string) => fmtTime(v) },
            { title: "最后活动", dataIndex: "lastSeenAt", width: 170, render: (v: string) => fmtTime(v) },
            { title: "来源IP", dataIndex: "sourceIp", width: 130, render: (v: string | null) => v ?? "—" },
            { title: "浏览器", dataIndex: "userAgent", render: (v: string | null) => <Tooltip title={v}>{browserName(v)}</Tooltip> },
            {
              title: "状态",
              key: "state",
              width: 260,
              render: (_, r, i) => {
                const f = flags(sessions, i);
                return (
                  <Space size={4} wrap>
                    {r.current ? <Tag color="green">当前会话</Tag> : r.endedAt ? <Tag>已结束：{END_REASON[r.endReason ?? ""] ?? r.endReason}</Tag> : <Tag color="blue">在线</Tag>}
                    {f.newDevice && <Tag color="orange">新设备</Tag>}
                    {f.newPlace && <Tag color="orange">新地点</Tag>}
                  </Space>
                );
              },
            },
            { title: "结束时间", dataIndex: "endedAt", width: 170, render: (v: string | null) => fmtTime(v) },
          ]}
        />
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          登录记录
        </Typography.Title>
        <Table<EventRow>
          rowKey="seq"
          size="small"
          loading={history.isLoading}
          dataSource={history.data?.events ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: "时间", dataIndex: "at", width: 170, render: (v: string) => fmtTime(v) },
            { title: "事件", dataIndex: "event", width: 120, render: (v: string) => eventName(v) },
            { title: "结果", dataIndex: "outcome", width: 80, render: (v: string) => (v === "success" ? <Tag color="green">成功</Tag> : <Tag color="red">失败</Tag>) },
            { title: "来源IP", dataIndex: "sourceIp", width: 130, render: (v: string | null) => v ?? "—" },
            {
              title: "说明",
              key: "detail",
              render: (_, r) => {
                const d = r.detail ?? {};
                return (
                  <Space size={4} wrap>
                    {typeof d.code === "string" && <span>{refusalText(d.code)}</span>}
                    {d.newDevice === true && <Tag color="orange">新设备/新地点</Tag>}
                    {typeof d.replacedSessions === "number" && d.replacedSessions > 0 && <Tag>结束了其他浏览器的会话</Tag>}
                    {typeof d.userAgent === "string" && <Typography.Text type="secondary">{browserName(d.userAgent)}</Typography.Text>}
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
    </Space>
  );
}

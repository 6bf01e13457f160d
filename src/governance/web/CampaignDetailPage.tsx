/**
 * One access review campaign: its scope, deadline and progress, every grant under review with 确认保留 / 撤销 (a
 * revocation goes through the governed revokeGrant on the server, audited and in the 权限管理台账), the items left
 * unanswered at the deadline, and 结束复核 for the level that started it.
 */
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Progress, Result, Segmented, Space, Table, Tag, Typography } from "antd";
import { CheckOutlined } from "@ant-design/icons";
import { api, ApiError } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";
import { ACCOUNT_STATUS, ROLE_KIND_NAMES, fmtTime } from "../../web/labels.js";
import { AREA_NAMES } from "../../web/subsystems.js";
import type { RoleKind, Subsystem } from "../../web/types.js";
import { canGrant } from "../rules.js";
import { ActionDialog } from "./ActionDialog.js";
import { actorViewOf, levelOfCode } from "./common.js";
import { PersonCell, Small } from "./cells.js";

type Decision = "pending" | "confirmed" | "revoked";

interface Item {
  id: number;
  grantId: number;
  accountId: number;
  decision: Decision;
  decidedAt: string | null;
  deciderName: string | null;
  note: string | null;
  name: string;
  idNumberMasked: string | null;
  roleKind: RoleKind;
  status: string;
  orgCode: string;
  orgName: string;
  kind: "position" | "admin_subsystem";
  subsystem: Subsystem;
  subsystemName: string;
  grantName: string | null;
  grantedAt: string;
  revokedAt: string | null;
  lastLoginAt: string | null;
}

interface Detail {
  campaign: {
    id: number;
    levelCode: string;
    subsystem: Subsystem | null;
    title: string;
    deadline: string;
    status: "open" | "closed";
    startedAt: string;
    closedAt: string | null;
    unansweredAtClose: number | null;
    pastDeadline: boolean;
  };
  counts: { items: number; pending: number; confirmed: number; revoked: number };
  items: Item[];
  unanswered: Item[];
}

const DECISION: Record<Decision, { text: string; color: string }> = {
  pending: { text: "待复核", color: "orange" },
  confirmed: { text: "确认保留", color: "green" },
  revoked: { text: "已撤销", color: "red" },
};

export default function CampaignDetailPage() {
  const { id } = useParams();
  const s = useCurrentSession();
  const qc = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const actor = useMemo(() => actorViewOf(s), [s]);
  const [filter, setFilter] = useState<Decision | "all">("all");
  const [revoking, setRevoking] = useState<Item | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const q = useQuery({ queryKey: ["gov", "campaign", id], queryFn: () => api.get<Detail>(`/api/gov/review-campaigns/${id}`, { silent: true }) });
  const refresh = () => void qc.invalidateQueries({ queryKey: ["gov"] });

  if (q.error) return <Result status="404" title="权限复核不存在或不在您的范围内" subTitle={(q.error as ApiError).message} extra={<Link to="/gov/campaigns">返回权限复核</Link>} />;
  if (!q.data) return <Card loading />;
  const { campaign: c, counts, items, unanswered } = q.data;
  const open = c.status === "open";
  const mayDecide = (i: Item) =>
    open && i.decision === "pending" && canGrant(actor, { accountId: i.accountId, roleKind: i.roleKind, level: levelOfCode(i.orgCode), orgCode: i.orgCode }, i.subsystem, i.kind) === null;

  const confirm = async (i: Item) => {
    setBusy(i.id);
    try {
      await api.post(`/api/gov/review-campaigns/${c.id}/items/${i.id}/decide`, { decision: "confirm" });
      void message.success(`已确认保留：${i.name} · ${i.grantName ?? ""}`);
      refresh();
    } catch {
      // shown by the API client
    } finally {
      setBusy(null);
    }
  };

  const close = () =>
    modal.confirm({
      title: "结束权限复核",
      content: counts.pending ? `尚有 ${counts.pending} 项未复核，结束后将记录为未复核条目。` : "全部条目已复核。",
      okText: "结束复核",
      cancelText: "取消",
      onOk: async () => {
        try {
          const r = await api.post<{ unanswered: number }>(`/api/gov/review-campaigns/${c.id}/close`);
          void message.success(r.unanswered ? `已结束，未复核 ${r.unanswered} 项` : "已结束");
          refresh();
        } catch {
          // shown by the API client
        }
      },
    });

  const done = counts.items - counts.pending;
  const shown = filter === "all" ? items : items.filter((i) => i.decision === filter);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title={
          <Space>
            {c.title}
            {open ? <Tag color="processing">进行中</Tag> : <Tag>已结束</Tag>}
            {open && c.pastDeadline && <Tag color="red">已过截止日期</Tag>}
          </Space>
        }
        extra={open && c.levelCode === s.account.orgCode && <Button danger onClick={close}>结束复核</Button>}
      >
        <Descriptions bordered size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="范围">{c.subsystem ? AREA_NAMES[c.subsystem] : "全部所管子系统"}</Descriptions.Item>
          <Descriptions.Item label="截止日期">{c.deadline}</Descriptions.Item>
          <Descriptions.Item label="发起时间">{fmtTime(c.startedAt)}</Descriptions.Item>
          <Descriptions.Item label="进度" span={2}>
            <Progress percent={counts.items ? Math.round((done / counts.items) * 100) : 100} aria-label={`已完成 ${done}/${counts.items}`} format={() => `${done}/${counts.items}`} style={{ maxWidth: 360 }} />
          </Descriptions.Item>
          <Descriptions.Item label="结果">
            <Space size={4} wrap>
              <Tag color="green">确认保留 {counts.confirmed}</Tag>
              <Tag color="red">撤销 {counts.revoked}</Tag>
              <Tag color="orange">待复核 {counts.pending}</Tag>
            </Space>
          </Descriptions.Item>
          {c.closedAt && <Descriptions.Item label="结束时间">{fmtTime(c.closedAt)}</Descriptions.Item>}
        </Descriptions>
      </Card>

      {unanswered.length > 0 && (
        <Card title={`${open ? "截止日" : "结束时"}未复核条目（${unanswered.length}）`} styles={{ header: { color: "#cf1322" } }}>
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={open ? "以下授权在截止日期前未复核，请尽快复核或说明原因。" : "以下授权在复核结束时仍未复核，已记录在案，请在下一次复核中重点核实。"}
          />
          <Table<Item>
            rowKey="id"
            size="small"
            pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false, showTotal: (t) => `共 ${t} 项` }}
            dataSource={unanswered}
            columns={[
              { title: "姓名", dataIndex: "name", render: (v: string, i) => <Link to={`/gov/accounts/${i.accountId}`}>{v}</Link> },
              { title: "组织机构", dataIndex: "orgName" },
              { title: "授权内容", render: (_, i) => (i.kind === "position" ? `${i.subsystemName} · ${i.grantName ?? ""}` : i.grantName) },
              { title: "授权时间", dataIndex: "grantedAt", render: (v: string) => fmtTime(v) },
            ]}
          />
        </Card>
      )}

      <Card
        title="复核条目"
        extra={
          <Segmented<Decision | "all">
            value={filter}
            onChange={setFilter}
            options={[
              { value: "all", label: `全部 ${counts.items}` },
              { value: "pending", label: `待复核 ${counts.pending}` },
              { value: "confirmed", label: `确认保留 ${counts.confirmed}` },
              { value: "revoked", label: `已撤销 ${counts.revoked}` },
            ]}
          />
        }
      >
        <Table<Item>
          rowKey="id"
          size="small"
          dataSource={shown}
          pagination={{ pageSize: 20, showSizeChanger: true, hideOnSinglePage: true }}
          columns={[
            { title: "姓名 / 身份证号", dataIndex: "name", width: 150, render: (_: string, i) => <PersonCell id={i.accountId} name={i.name} idNumberMasked={i.idNumberMasked} /> },
            { title: "组织机构 / 角色", width: 160, render: (_, i) => <>{i.orgName}<div><Small>{ROLE_KIND_NAMES[i.roleKind]}</Small></div></> },
            {
              title: "授权内容",
              render: (_, i) => <><Typography.Text strong>{i.grantName}</Typography.Text>{i.kind === "position" && <div><Small>{i.subsystemName}</Small></div>}</>,
            },
            {
              title: "账户状态 / 最近登录",
              width: 170,
              render: (_, i) => (
                <>
                  <Tag color={ACCOUNT_STATUS[i.status]?.color}>{ACCOUNT_STATUS[i.status]?.text ?? i.status}</Tag>
                  <div><Small>{i.lastLoginAt ? `最近登录 ${fmtTime(i.lastLoginAt).slice(0, 10)}` : "从未登录"}</Small></div>
                </>
              ),
            },
            {
              title: "复核结果",
              width: 190,
              render: (_, i) => (
                <>
                  <Tag color={DECISION[i.decision].color}>{DECISION[i.decision].text}</Tag>
                  {i.decidedAt && <div><Small>{i.deciderName} · {fmtTime(i.decidedAt)}</Small></div>}
                  {i.note && <div><Small>{i.note}</Small></div>}
                </>
              ),
            },
            {
              title: "操作",
              width: 180,
              render: (_, i) =>
                mayDecide(i) && (
                  <Space size={4}>
                    <Button size="small" type="primary" icon={<CheckOutlined />} loading={busy === i.id} onClick={() => void confirm(i)}>确认保留</Button>
                    <Button size="small" danger onClick={() => setRevoking(i)}>撤销</Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>

      {revoking && (
        <ActionDialog<{ note?: string }>
          open
          title={`撤销授权：${revoking.name} · ${revoking.grantName ?? ""}`}
          okText="撤销"
          danger
          intro={<Typography.Paragraph type="secondary">撤销后该授权立即失效，记入权限管理台账，原因注明“权限复核「{c.title}」”。</Typography.Paragraph>}
          onClose={() => setRevoking(null)}
          onSubmit={async (v) => {
            await api.post(`/api/gov/review-campaigns/${c.id}/items/${revoking.id}/decide`, { decision: "revoke", note: v.note?.trim() || undefined }, { silent: true });
            refresh();
            return `已撤销：${revoking.name} · ${revoking.grantName ?? ""}`;
          }}
        >
          <Form.Item name="note" label="撤销说明" rules={[{ max: 200 }]}>
            <Input.TextArea rows={2} placeholder="如：已调离本岗位" />
          </Form.Item>
        </ActionDialog>
      )}
    </Space>
  );
}

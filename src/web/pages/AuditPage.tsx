/**
 * 审计日志 (X1, P8(4)): the append-only log of the account's subtree, newest first, with filters, and the hash-chain
 * check (GET /api/audit/verify) that names the first broken row.
 */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, DatePicker, Select, Space, Table, Tag, Typography } from "antd";
import { SafetyOutlined, SearchOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { api, qs } from "../api.js";
import { AUDIT_EVENT_FILTERS, END_REASON, eventName, fmtTime, refusalText } from "../labels.js";

/** Rows come from a raw SQL select (snake_case columns). */
interface AuditRow {
  seq: number | string;
  at: string;
  actor_account_id: number | null;
  actor_name: string | null;
  event: string;
  object_type: string | null;
  object_id: string | null;
  outcome: "success" | "failure";
  source_ip: string | null;
  detail: Record<string, unknown>;
}
interface ChainCheck {
  ok: boolean;
  rows: number;
  firstBroken?: { seq: number; reason: string };
}

const BREAK_REASON: Record<string, string> = {
  seq_gap: "序号不连续（有记录被删除）",
  link_mismatch: "与上一条记录的哈希链接不符",
  hash_mismatch: "记录内容与其哈希值不符（内容被修改）",
  head_mismatch: "链尾与登记的最新记录不符（末尾记录被删除）",
};

const OBJECT_TYPES: Record<string, string> = {
  account: "账户",
  session: "会话",
  login_ticket: "登录二维码",
  calendar_day: "工作日历",
  grant: "授权",
  position: "业务岗位",
  unit: "单位",
};

/** A short Chinese reading of the detail, the full JSON stays in the expanded row. */
function summary(r: AuditRow): string {
  const d = r.detail ?? {};
  const parts: string[] = [];
  if (typeof d.code === "string") parts.push(LOGIN_CODE(d.code));
  if (typeof d.reason === "string" && END_REASON[d.reason]) parts.push(`原因：${END_REASON[d.reason]}`);
  if (d.newDevice === true) parts.push("新设备/新地点");
  if (typeof d.replacedSessions === "number" && d.replacedSessions > 0) parts.push(`结束了 ${d.replacedSessions} 个旧会话`);
  if (typeof d.name === "string") parts.push(`姓名：${d.name}`);
  if (typeof d.idNumber === "string") parts.push(`身份证号：${d.idNumber}`);
  if (typeof d.formRef === "string" && d.formRef) parts.push(`申请表：${d.formRef}`);
  return parts.join("；");
}
function LOGIN_CODE(code: string): string {
  const t = refusalText(code);
  return t === "登录被拒绝" ? `代码 ${code}` : t;
}

export default function AuditPage() {
  const [event, setEvent] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [limit, setLimit] = useState(100);
  const [check, setCheck] = useState<ChainCheck | null>(null);
  const [checking, setChecking] = useState(false);

  const params = { event, from: range?.[0]?.format("YYYY-MM-DD"), to: range?.[1]?.format("YYYY-MM-DD"), limit };
  const log = useQuery({ queryKey: ["audit", "log", params], queryFn: () => api.get<{ items: AuditRow[] }>(`/api/audit/log${qs(params)}`) });

  const verify = async () => {
    setChecking(true);
    try {
      setCheck(await api.get<ChainCheck>("/api/audit/verify"));
      void log.refetch();
    } catch {
      setCheck(null);
    } finally {
      setChecking(false);
    }
  };

  const items = log.data?.items ?? [];
  return (
    <Card
      title="审计日志"
      extra={
        <Button type="primary" icon={<SafetyOutlined />} loading={checking} onClick={() => void verify()}>
          校验哈希链
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        登录、退出、会话结束、账户与权限变更等操作均记入审计日志。日志只能追加，每条记录以 SHA-256 与上一条相链接，任何删改都能被校验发现；保存期不少于六个月。
      </Typography.Paragraph>
      {check &&
        (check.ok ? (
          <Alert type="success" showIcon closable onClose={() => setCheck(null)} style={{ marginBottom: 16 }} message={`哈希链校验通过：共 ${check.rows} 条记录，完整未被篡改`} data-testid="chain-result" />
        ) : (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            message={`哈希链校验失败：第 ${check.firstBroken?.seq} 条记录异常`}
            description={`${BREAK_REASON[check.firstBroken?.reason ?? ""] ?? check.firstBroken?.reason ?? ""}。此前 ${check.rows} 条记录完好。请立即报告上级并保全数据库。`}
            data-testid="chain-result"
          />
        ))}
      <Space wrap style={{ marginBottom: 16 }}>
        <Select aria-label="事件类别" allowClear placeholder="事件类别" style={{ width: 160 }} value={event} onChange={setEvent} options={AUDIT_EVENT_FILTERS} />
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)} />
        <Select aria-label="显示条数"
          value={limit}
          onChange={setLimit}
          style={{ width: 130 }}
          options={[100, 200, 500].map((n) => ({ value: n, label: `最近 ${n} 条` }))}
        />
        <Button icon={<SearchOutlined />} onClick={() => void log.refetch()}>
          刷新
        </Button>
      </Space>
      <Table<AuditRow>
        rowKey={(r) => String(r.seq)}
        size="small"
        loading={log.isLoading}
        dataSource={items}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (t) => `共 ${t} 条` }}
        expandable={{
          expandedRowRender: (r) => (
            <pre style={{ margin: 0, fontSize: 12, whiteSpace: "pre-wrap" }}>{JSON.stringify(r.detail, null, 2)}</pre>
          ),
        }}
        columns={[
          { title: "序号", dataIndex: "seq", width: 80 },
          { title: "时间", dataIndex: "at", width: 170, render: (v: string) => fmtTime(v) },
          { title: "操作人", dataIndex: "actor_name", width: 110, render: (v: string | null, r) => v ?? (r.actor_account_id ? `#${r.actor_account_id}` : <Typography.Text type="secondary">匿名</Typography.Text>) },
          { title: "事件", dataIndex: "event", width: 170, render: (v: string) => eventName(v) },
          { title: "对象", key: "object", width: 130, render: (_, r) => (r.object_type ? `${OBJECT_TYPES[r.object_type] ?? r.object_type} ${r.object_id ?? ""}` : "—") },
          { title: "结果", dataIndex: "outcome", width: 80, render: (v: string) => (v === "success" ? <Tag color="green">成功</Tag> : <Tag color="red">失败</Tag>) },
          { title: "来源IP", dataIndex: "source_ip", width: 130, render: (v: string | null) => v ?? "—" },
          { title: "说明", key: "summary", render: (_, r) => summary(r) },
        ]}
      />
    </Card>
  );
}

/**
 * 审计日志 (X1, P8(4)): the append-only log of the account's subtree, newest first, filtered by business category
 * (登录, 账户, 权限, 个人信息查看/导出 …), each event, object type and organisation in Chinese with a link to the object;
 * the 个人信息访问 view (X2, P8(4): who viewed or exported personal data); and the hash-chain check
 * (GET /api/audit/verify) that names the first broken row.
 */
import { useState } from "react";
import { Link } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, DatePicker, Segmented, Select, Space, Table, Tag, Typography } from "antd";
import { SafetyOutlined, SearchOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { api, qs } from "../api.js";
import { END_REASON, fmtTime, refusalText } from "../labels.js";

/** GET /api/audit/events: one row with its Chinese names and the object's link. */
interface AuditRow {
  seq: number;
  at: string;
  actorAccountId: number | null;
  actorName: string | null;
  actorOrgName: string | null;
  event: string;
  eventName: string;
  category: string;
  categoryName: string;
  objectType: string | null;
  objectTypeName: string | null;
  objectId: string | null;
  objectLink: string | null;
  outcome: "success" | "failure";
  sourceIp: string | null;
  detail: Record<string, unknown>;
}
interface AuditNames {
  categories: Record<string, string>;
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
  const [view, setView] = useState<"all" | "personal">("all");
  const [category, setCategory] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [limit, setLimit] = useState(100);
  const [check, setCheck] = useState<ChainCheck | null>(null);
  const [checking, setChecking] = useState(false);

  const names = useQuery({ queryKey: ["audit", "names"], queryFn: () => api.get<AuditNames>("/api/audit/names"), staleTime: Infinity });
  const params = { category: view === "personal" ? "personal" : category, from: range?.[0]?.format("YYYY-MM-DD"), to: range?.[1]?.format("YYYY-MM-DD"), limit };
  const log = useQuery({ queryKey: ["audit", "events", params], queryFn: () => api.get<{ items: AuditRow[] }>(`/api/audit/events${qs(params)}`) });
  const categoryOptions = Object.entries(names.data?.categories ?? {}).map(([value, label]) => ({ value, label }));

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
      <Segmented
        style={{ marginBottom: 12 }}
        value={view}
        onChange={(v) => setView(v as "all" | "personal")}
        options={[{ label: "全部事件", value: "all" }, { label: "个人信息访问（查看、导出）", value: "personal" }]}
        data-testid="audit-view"
      />
      {view === "personal" && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message="谁在何时查看或导出了个人信息（身份证号、联系电话、人员信息、含个人信息的台账）。供权限日志审查和数据安全检查使用。" />
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        {view === "all" && (
          <Select aria-label="事件类别" allowClear placeholder="事件类别" style={{ width: 180 }} value={category} onChange={setCategory} options={categoryOptions} />
        )}
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
        scroll={{ x: 1100 }}
        columns={[
          { title: "序号", dataIndex: "seq", width: 80 },
          { title: "时间", dataIndex: "at", width: 170, render: (v: string) => fmtTime(v) },
          {
            title: "操作人", dataIndex: "actorName", width: 150,
            render: (v: string | null, r) =>
              v ? (
                <Space orientation="vertical" size={0}>
                  {r.actorAccountId ? <Link to={`/gov/accounts/${r.actorAccountId}`}>{v}</Link> : v}
                  {r.actorOrgName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.actorOrgName}</Typography.Text>}
                </Space>
              ) : (
                <Typography.Text type="secondary">匿名</Typography.Text>
              ),
          },
          { title: "类别", dataIndex: "categoryName", width: 120, render: (v: string) => <Tag>{v}</Tag> },
          { title: "事件", dataIndex: "eventName", width: 200 },
          {
            title: "对象", key: "object", width: 150,
            render: (_, r) => {
              if (!r.objectType) return "—";
              const text = `${r.objectTypeName ?? r.objectType}${r.objectId ? ` ${r.objectId}` : ""}`;
              return r.objectLink ? <Link to={r.objectLink}>{text}</Link> : text;
            },
          },
          { title: "结果", dataIndex: "outcome", width: 80, render: (v: string) => (v === "success" ? <Tag color="green">成功</Tag> : <Tag color="red">失败</Tag>) },
          { title: "来源IP", dataIndex: "sourceIp", width: 130, render: (v: string | null) => v ?? "—" },
          { title: "说明", key: "summary", render: (_, r) => summary(r) },
        ]}
      />
    </Card>
  );
}

/**
 * 权限日志审查 (P8(4), X1): permission admins periodically review and analyse the permission-management log. The page
 * shows the log of a period (account, grant, position, staff-status, clean-up and campaign events, and every reveal of
 * personal data) within the viewer's subtree, with the anomalies the server computes highlighted — grants outside
 * working hours, mass grants, grants to suspended/disabled or idle accounts, reveals, refused attempts — a chart of
 * events per day, the reviews recorded (who, when, period covered, findings) and the form to record one; a level not
 * reviewed within the review period is flagged at the top.
 */
import { useMemo, useState } from "react";
import { Link } from "react-router-dom";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert, App as AntApp, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography,
} from "antd";
import ReactECharts from "echarts-for-react";
import dayjs, { type Dayjs } from "dayjs";
import { api, qs } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";
import { eventName, fmtTime } from "../../web/labels.js";
import { ANOMALY_COLORS, GOV_EVENT_NAMES } from "./common.js";

type Anomaly = "off_hours" | "mass_grant" | "grant_to_inactive" | "grant_to_idle" | "reveal" | "refused";

interface LogEvent {
  seq: number;
  at: string;
  actorAccountId: number | null;
  actorName: string | null;
  event: string;
  objectType: string | null;
  objectId: string | null;
  outcome: "success" | "failure";
  sourceIp: string | null;
  detail: Record<string, unknown>;
  targetAccountId: number | null;
  targetName: string | null;
  targetStatus: string | null;
  anomalies: Anomaly[];
}

interface EventsAnswer {
  from: string;
  to: string;
  thresholds: { idleDays: number; massGrantThreshold: number };
  truncated: boolean;
  summary: {
    events: number;
    anomalies: Record<Anomaly, number>;
    reveals: { actorAccountId: number | null; actorName: string | null; count: number }[];
    massGrants: { actorAccountId: number | null; day: string; count: number }[];
  };
  anomalyNames: Record<Anomaly, string>;
  total: number;
  page: number;
  pageSize: number;
  items: LogEvent[];
}

interface ReviewsAnswer {
  periodDays: number;
  reminders: { levelCode: string; levelName: string; lastReviewedAt: string | null; lastReviewer: string | null; daysSince: number | null; overdue: boolean }[];
  reviews: {
    id: number;
    levelCode: string;
    levelName: string;
    reviewerName: string | null;
    reviewedAt: string;
    periodFrom: string;
    periodTo: string;
    findings: string;
    eventCount: number;
    anomalyCounts: Record<string, number>;
  }[];
}

const EVENT_FAMILIES = [
  { value: "account.", label: "账户" },
  { value: "grant.", label: "授权" },
  { value: "position.", label: "业务岗位" },
  { value: "staff-status.", label: "离岗登记" },
  { value: "cleanup.", label: "长期未登录清理" },
  { value: "campaign.", label: "权限复核" },
];

/** Short names for the summary cards; the full names (from the server) show on hover and in the table. */
const SHORT: Record<Anomaly, string> = {
  off_hours: "非工作时间授权",
  mass_grant: "批量授权",
  grant_to_inactive: "授权给非正常账户",
  grant_to_idle: "授权给闲置账户",
  reveal: "查看完整个人信息",
  refused: "越权或被拒绝",
};

const OBJECT_TYPES: Record<string, string> = {
  account: "账户",
  grant: "授权",
  position: "岗位",
  org: "组织机构",
  review_campaign: "权限复核",
  review_item: "复核条目",
  staff_status: "离岗登记",
  ledger: "台账",
  setting: "设置",
};

const evName = (e: string) => GOV_EVENT_NAMES[e] ?? (e.endsWith(".reveal") ? `查看完整个人信息（${eventName(e)}）` : eventName(e));
const dayOf = (iso: string) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso));

/** Every event of the period (pages of 500), for the per-day chart. */
async function allEvents(filter: { from: string; to: string; event?: string }): Promise<LogEvent[]> {
  const first = await api.get<EventsAnswer>(`/api/gov/log-review/events${qs({ ...filter, page: 1, pageSize: 500 })}`);
  const pages = Math.min(Math.ceil(first.total / 500), 40);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, i) => api.get<EventsAnswer>(`/api/gov/log-review/events${qs({ ...filter, page: i + 2, pageSize: 500 })}`)),
  );
  return [first, ...rest].flatMap((a) => a.items);
}

function detailText(e: LogEvent): string {
  const d = e.detail ?? {};
  const parts: string[] = [];
  for (const k of ["position", "subsystem", "reason", "kind", "roleKind", "to", "name", "title", "decision", "message", "code"]) {
    const v = (d as Record<string, unknown>)[k];
    if (v !== undefined && v !== null && v !== "" && typeof v !== "object") parts.push(String(v));
  }
  return parts.join(" · ");
}

export default function LogReviewPage() {
  const s = useCurrentSession();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const prefecture = s.account.level === "prefecture";
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, "day"), dayjs()]);
  const [event, setEvent] = useState<string | undefined>();
  const [anomaly, setAnomaly] = useState<Anomaly | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const base = { from: period[0].format("YYYY-MM-DD"), to: period[1].format("YYYY-MM-DD"), event };
  const events = useQuery({
    queryKey: ["gov", "log-review", "events", base, anomaly, page],
    queryFn: () => api.get<EventsAnswer>(`/api/gov/log-review/events${qs({ ...base, anomaly, ...page })}`),
    placeholderData: keepPreviousData,
  });
  const chartData = useQuery({ queryKey: ["gov", "log-review", "all", base], queryFn: () => allEvents(base) });
  const reviews = useQuery({ queryKey: ["gov", "log-reviews"], queryFn: () => api.get<ReviewsAnswer>("/api/gov/log-reviews") });
  const settings = useQuery({
    queryKey: ["gov", "log-review", "settings"],
    queryFn: () => api.get<{ reviewPeriodDays: number; massGrantThreshold: number; idleDays: number }>("/api/gov/log-review/settings"),
  });

  const names = events.data?.anomalyNames;
  const overdue = (reviews.data?.reminders ?? []).filter((r) => r.overdue);

  const chart = useMemo(() => {
    const days: string[] = [];
    for (let d = period[0].startOf("day"); !d.isAfter(period[1], "day"); d = d.add(1, "day")) days.push(d.format("YYYY-MM-DD"));
    const normal = new Map<string, number>();
    const flagged = new Map<string, number>();
    for (const e of chartData.data ?? []) {
      const m = e.anomalies.length ? flagged : normal;
      const k = dayOf(e.at);
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return {
      tooltip: { trigger: "axis" },
      legend: { data: ["无异常", "有异常提示"], top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 30 },
      xAxis: { type: "category", data: days.map((d) => d.slice(5)) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "无异常", type: "bar", stack: "n", data: days.map((d) => normal.get(d) ?? 0), itemStyle: { color: "#5b8ff9" } },
        { name: "有异常提示", type: "bar", stack: "n", data: days.map((d) => flagged.get(d) ?? 0), itemStyle: { color: "#f5222d" } },
      ],
    };
  }, [chartData.data, period]);

  const saveSettings = async (v: { reviewPeriodDays: number; massGrantThreshold: number }) => {
    try {
      await api.put("/api/gov/log-review/settings", v);
      void message.success("审查设置已保存");
      void qc.invalidateQueries({ queryKey: ["gov"] });
    } catch {
      // shown by the API client
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      {overdue.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="log-review-reminder"
          title={`以下层级超过 ${reviews.data?.periodDays ?? 30} 天未审查权限管理日志，请及时审查（第九条第四项）`}
          description={overdue.map((r) => `${r.levelName}（${r.lastReviewedAt ? `上次 ${fmtTime(r.lastReviewedAt).slice(0, 10)}，已 ${r.daysSince} 天` : "从未审查"}）`).join("、")}
        />
      )}
      <Card title="权限日志审查">
        <Typography.Paragraph type="secondary">
          权限管理员定期审查、分析权限管理日志，发现问题及时向上级报告（第九条第四项）。以下为所选期间本级及所辖范围的账户、授权、岗位、离岗登记、清理和复核事件，以及查看完整个人信息的记录；系统自动提示异常。
        </Typography.Paragraph>
        <Space wrap style={{ marginBottom: 16 }}>
          <DatePicker.RangePicker
            allowClear={false}
            value={period}
            onChange={(r) => {
              if (r?.[0] && r[1]) {
                setPeriod([r[0], r[1]]);
                setPage((p) => ({ ...p, page: 1 }));
              }
            }}
          />
          <Select aria-label="事件类别" allowClear placeholder="事件类别" style={{ width: 160 }} value={event} onChange={(v?: string) => { setEvent(v); setPage((p) => ({ ...p, page: 1 })); }} options={EVENT_FAMILIES} />
          <Select aria-label="异常类别"
            allowClear
            placeholder="只看某类异常"
            style={{ width: 240 }}
            value={anomaly}
            onChange={(v?: Anomaly) => { setAnomaly(v); setPage((p) => ({ ...p, page: 1 })); }}
            options={Object.entries(names ?? {}).map(([k, v]) => ({ value: k, label: v }))}
          />
        </Space>
        {events.data?.truncated && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="期间内事件过多，仅分析最近 20000 条，请缩短审查期间。" />}
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          <Col flex="1 1 120px">
            <Card size="small"><Statistic title="事件总数" value={events.data?.summary.events ?? 0} /></Card>
          </Col>
          {(Object.keys(ANOMALY_COLORS) as Anomaly[]).map((k) => (
            <Col key={k} flex="1 1 140px">
              <Tooltip title={`${names?.[k] ?? SHORT[k]}（点击只看此类）`}>
                <Card
                  size="small"
                  hoverable
                  data-testid={`anomaly-${k}`}
                  onClick={() => { setAnomaly(anomaly === k ? undefined : k); setPage((p) => ({ ...p, page: 1 })); }}
                  style={anomaly === k ? { borderColor: "#1559c2", boxShadow: "0 0 0 1px #1559c2" } : undefined}
                >
                  <Statistic
                    title={<Tag color={ANOMALY_COLORS[k]} style={{ marginInlineEnd: 0 }}>{SHORT[k]}</Tag>}
                    value={events.data?.summary.anomalies[k] ?? 0}
                    styles={{ content: { color: (events.data?.summary.anomalies[k] ?? 0) > 0 ? "#cf1322" : undefined } }}
                  />
                </Card>
              </Tooltip>
            </Col>
          ))}
        </Row>
        <Card size="small" title="每日事件数" style={{ marginBottom: 12 }}>
          <ReactECharts style={{ height: 240 }} option={chart} showLoading={chartData.isLoading} notMerge />
        </Card>
        <Table<LogEvent>
          rowKey="seq"
          size="small"
          loading={events.isFetching}
          dataSource={events.data?.items ?? []}
          onRow={(r) => ({ style: r.anomalies.length ? { background: "#fff1f0" } : undefined })}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: events.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (t) => `共 ${t} 条`,
            onChange: (p, ps) => setPage({ page: ps !== page.pageSize ? 1 : p, pageSize: ps }),
          }}
          columns={[
            { title: "时间", dataIndex: "at", width: 150, render: (v: string) => fmtTime(v) },
            { title: "操作人", dataIndex: "actorName", width: 90, render: (v: string | null) => v ?? "系统" },
            {
              title: "事件",
              dataIndex: "event",
              width: 170,
              render: (v: string, e) => (
                <>
                  <Tooltip title={v}>{evName(v)}</Tooltip>
                  {e.outcome === "failure" && <Tag color="red" style={{ marginInlineStart: 4 }}>被拒绝</Tag>}
                </>
              ),
            },
            {
              title: "对象",
              width: 120,
              render: (_, e) =>
                e.targetAccountId ? <Link to={`/gov/accounts/${e.targetAccountId}`}>{e.targetName}</Link> : e.objectType ? `${OBJECT_TYPES[e.objectType] ?? e.objectType} ${e.objectId ?? ""}` : "—",
            },
            {
              title: "异常提示",
              dataIndex: "anomalies",
              width: 200,
              render: (list: Anomaly[]) => (
                <Space size={[4, 4]} wrap>
                  {list.map((a) => <Tooltip key={a} title={names?.[a]}><Tag color={ANOMALY_COLORS[a]}>{SHORT[a]}</Tag></Tooltip>)}
                </Space>
              ),
            },
            { title: "内容", render: (_, e) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{detailText(e) || "—"}</Typography.Text> },
            { title: "来源IP", dataIndex: "sourceIp", width: 110, render: (v: string | null) => v ?? "—" },
          ]}
        />
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <RecordReview
            levels={(reviews.data?.reminders ?? []).map((r) => ({ value: r.levelCode, label: r.levelName }))}
            period={period}
            onDone={() => void qc.invalidateQueries({ queryKey: ["gov", "log-reviews"] })}
          />
        </Col>
        <Col xs={24} xl={10}>
          <Card title="审查设置">
            {settings.data && (
              <Form
                layout="vertical"
                initialValues={{ reviewPeriodDays: settings.data.reviewPeriodDays, massGrantThreshold: settings.data.massGrantThreshold }}
                onFinish={(v) => void saveSettings(v)}
                disabled={!prefecture}
              >
                <Form.Item name="reviewPeriodDays" label="审查周期（天）" extra="超过该天数未审查的层级在本页顶部提示">
                  <InputNumber min={1} max={365} style={{ width: 120 }} />
                </Form.Item>
                <Form.Item name="massGrantThreshold" label="批量授权提示阈值（每人每天授权次数）">
                  <InputNumber min={1} max={1000} style={{ width: 120 }} />
                </Form.Item>
                {prefecture && <Button htmlType="submit">保存设置</Button>}
              </Form>
            )}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>
              长期未登录 {settings.data?.idleDays ?? 90} 天视为闲置账户（账户管理员的清理阈值）。{prefecture ? "" : "以上设置由州级权限管理员维护。"}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
      <Card title="审查记录">
        <Table
          rowKey="id"
          size="small"
          loading={reviews.isLoading}
          dataSource={reviews.data?.reviews ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: "审查时间", dataIndex: "reviewedAt", width: 150, render: (v: string) => fmtTime(v) },
            { title: "层级", dataIndex: "levelName", width: 170 },
            { title: "审查人", dataIndex: "reviewerName", width: 90 },
            { title: "审查期间", width: 190, render: (_, r) => `${r.periodFrom} 至 ${r.periodTo}` },
            { title: "事件数", dataIndex: "eventCount", width: 70, align: "right" },
            {
              title: "异常提示",
              dataIndex: "anomalyCounts",
              width: 220,
              render: (c: Record<string, number>) => (
                <Space size={[4, 4]} wrap>
                  {Object.entries(c).filter(([, n]) => n > 0).map(([k, n]) => <Tag key={k} color={ANOMALY_COLORS[k]}>{SHORT[k as Anomaly] ?? k} {n}</Tag>)}
                </Space>
              ),
            },
            { title: "审查发现", dataIndex: "findings" },
          ]}
        />
      </Card>
    </Space>
  );
}

function RecordReview({ levels, period, onDone }: { levels: { value: string; label: string }[]; period: [Dayjs, Dayjs]; onDone: () => void }) {
  const s = useCurrentSession();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ levelCode: string; period: [Dayjs, Dayjs]; findings: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Card title="记录审查">
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ levelCode: s.account.orgCode, period }}
        onFinish={async (v) => {
          setBusy(true);
          setProblem(null);
          try {
            const r = await api.post<{ eventCount: number }>("/api/gov/log-reviews", {
              levelCode: v.levelCode, periodFrom: v.period[0].format("YYYY-MM-DD"), periodTo: v.period[1].format("YYYY-MM-DD"), findings: v.findings.trim(),
            }, { silent: true });
            void message.success(`已记录审查（期间内事件 ${r.eventCount} 条）`);
            form.setFieldsValue({ findings: "" });
            onDone();
          } catch (e) {
            setProblem(e instanceof Error ? e.message : "记录失败");
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="levelCode" label="审查层级" rules={[{ required: true }]}>
          <Select options={levels.length ? levels : [{ value: s.account.orgCode, label: s.account.orgName }]} />
        </Form.Item>
        <Form.Item name="period" label="审查期间" rules={[{ required: true, message: "请选择审查期间" }]}>
          <DatePicker.RangePicker style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="findings" label="审查发现" rules={[{ required: true, whitespace: true, message: "请填写审查发现（无异常也请注明）" }, { max: 4000 }]}>
          <Input.TextArea rows={4} placeholder="如：经审查，非工作时间授权 2 项均为集中办理的申请表，已核实无异常；未发现越权操作。" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>记录审查</Button>
      </Form>
    </Card>
  );
}

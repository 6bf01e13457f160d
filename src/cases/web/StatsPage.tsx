/**
 * 统计分析 (S-CASES): on-time rate, average handling time (working days), overdue, cards and 好评率 by department, 事项,
 * window, staff, county or month, as a chart (ECharts) and a table, with Excel; the monthly ranking of windows and the
 * quarterly grade (优秀/良好/合格/不合格 by the configured thresholds).
 */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, DatePicker, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import ReactECharts from "echarts-for-react";
import dayjs, { type Dayjs } from "dayjs";
import { api, download, qs } from "../../web/api.js";

interface Row { key: string; name: string; received: number; finished: number; onTime: number; onTimeRate: number | null; avgUsedDays: number | null; overdueOpen: number; yellow: number; red: number; evaluations: number; good: number; goodRate: number | null }
const BY = [{ value: "department", label: "按部门" }, { value: "service", label: "按事项" }, { value: "window", label: "按窗口" }, { value: "staff", label: "按人员" }, { value: "county", label: "按县市" }, { value: "month", label: "按月份" }];
const GRADE_COLOR: Record<string, string> = { 优秀: "green", 良好: "blue", 合格: "orange", 不合格: "red" };
const columns = [
  { title: "分组", dataIndex: "name" }, { title: "受理", dataIndex: "received" }, { title: "办结", dataIndex: "finished" }, { title: "按时办结率", dataIndex: "onTimeRate", render: (v: number | null) => (v === null ? "—" : `${v}%`) },
  { title: "平均办理时长（工作日）", dataIndex: "avgUsedDays", render: (v: number | null) => v ?? "—" }, { title: "超期未办结", dataIndex: "overdueOpen" }, { title: "黄牌", dataIndex: "yellow" }, { title: "红牌", dataIndex: "red" },
  { title: "评价数", dataIndex: "evaluations" }, { title: "好评率", dataIndex: "goodRate", render: (v: number | null) => (v === null ? "—" : `${v}%`) },
];

function Analysis() {
  const [by, setBy] = useState("department");
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(3, "month").startOf("month"), dayjs()]);
  const params = { by, from: range[0].format("YYYY-MM-DD"), to: range[1].format("YYYY-MM-DD") };
  const q = useQuery({ queryKey: ["cases", "analysis", params], queryFn: () => api.get<{ rows: Row[] }>(`/api/cases/stats/analysis${qs(params)}`) });
  const rows = q.data?.rows ?? [];
  const option = {
    tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 50, right: 50, top: 40, bottom: rows.length > 6 ? 110 : 40 },
    xAxis: { type: "category", data: rows.map((r) => r.name.replace(/^.*人力资源和社会保障局/, "")), axisLabel: { rotate: rows.length > 6 ? 40 : 0, interval: 0 } },
    yAxis: [{ type: "value", name: "件" }, { type: "value", name: "%", max: 100 }],
    series: [
      { name: "受理", type: "bar", data: rows.map((r) => r.received) }, { name: "办结", type: "bar", data: rows.map((r) => r.finished) },
      { name: "超期未办结", type: "bar", data: rows.map((r) => r.overdueOpen) },
      { name: "按时办结率", type: "line", yAxisIndex: 1, data: rows.map((r) => r.onTimeRate) }, { name: "好评率", type: "line", yAxisIndex: 1, data: rows.map((r) => r.goodRate) },
    ],
  };
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Space wrap>
        <Select value={by} onChange={setBy} options={BY} style={{ width: 120 }} />
        <DatePicker.RangePicker value={range} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} allowClear={false} />
        <Button icon={<DownloadOutlined />} onClick={() => void download(`/api/cases/stats/analysis.xlsx${qs(params)}`, "办件统计分析.xlsx")}>导出 Excel</Button>
      </Space>
      <Card size="small"><ReactECharts option={option} style={{ height: 340 }} notMerge /></Card>
      <Table size="small" rowKey="key" loading={q.isLoading} dataSource={rows} columns={columns} pagination={{ pageSize: 20 }} />
    </Space>
  );
}

function Ranking() {
  const [month, setMonth] = useState(dayjs());
  const q = useQuery({ queryKey: ["cases", "ranking", month.format("YYYY-MM")], queryFn: () => api.get<{ rows: (Row & { score: number; rank: number })[] }>(`/api/cases/stats/ranking?month=${month.format("YYYY-MM")}`) });
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Space><DatePicker picker="month" value={month} onChange={(v) => v && setMonth(v)} allowClear={false} /><Typography.Text type="secondary">得分 = 按时办结率 × 60% + 好评率 × 40% − 红牌 × 2 − 黄牌 × 1</Typography.Text></Space>
      <Table size="small" rowKey="key" loading={q.isLoading} dataSource={q.data?.rows ?? []} pagination={false} columns={[{ title: "名次", dataIndex: "rank" }, ...columns, { title: "得分", dataIndex: "score" }]} />
    </Space>
  );
}

function Grades() {
  const [quarter, setQuarter] = useState(dayjs());
  const key = `${quarter.year()}-Q${Math.floor(quarter.month() / 3) + 1}`;
  const q = useQuery({ queryKey: ["cases", "grades", key], queryFn: () => api.get<{ thresholds: { excellent: number; good: number; pass: number }; rows: (Row & { score: number; grade: string })[] }>(`/api/cases/stats/grades?quarter=${key}`) });
  const t = q.data?.thresholds;
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Space><DatePicker picker="quarter" value={quarter} onChange={(v) => v && setQuarter(v)} allowClear={false} />{t && <Typography.Text type="secondary">优秀 ≥ {t.excellent}，良好 ≥ {t.good}，合格 ≥ {t.pass}（在“预警设置”中调整）</Typography.Text>}</Space>
      <Table size="small" rowKey="key" loading={q.isLoading} dataSource={q.data?.rows ?? []} pagination={false} columns={[...columns, { title: "得分", dataIndex: "score" }, { title: "等次", dataIndex: "grade", render: (v: string) => <Tag color={GRADE_COLOR[v]}>{v}</Tag> }]} />
    </Space>
  );
}

export default function CasesStatsPage() {
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>统计分析</Typography.Title>
      <Tabs items={[{ key: "a", label: "办件分析", children: <Analysis /> }, { key: "r", label: "窗口月度排名", children: <Ranking /> }, { key: "g", label: "季度评定", children: <Grades /> }]} />
    </Space>
  );
}

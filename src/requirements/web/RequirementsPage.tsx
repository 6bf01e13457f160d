/**
 * 需求台账 (R4, R6): every requirement in the account's scope with its current step, holder and deadline; filters by
 * subsystem, unit, type, urgency, status and period; the Excel export and the statistics charts for those who keep
 * the ledger (req.ledger.read).
 */
import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { App as AntApp, Button, Card, Col, DatePicker, Empty, Input, Row, Select, Space, Statistic, Switch, Table } from "antd";
import { DownloadOutlined, PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import ReactECharts from "echarts-for-react";
import type { Dayjs } from "dayjs";
import { api, qs } from "../../web/api.js";
import { useCurrentSession, hasPermission } from "../../web/session.js";
import { download, useReqMeta, type ReqListItem, type ReqPage } from "./common.js";
import { requirementColumns } from "./columns.js";

interface Filters {
  subsystem?: string;
  unitId?: number;
  type?: string;
  urgency?: string;
  status?: string[];
  from?: string;
  to?: string;
  q?: string;
  overdue?: boolean;
}

interface Stats {
  total: number;
  open: number;
  overdue: number;
  urgent: number;
  closed: number;
  medianLeadWorkdays: number | null;
  bySubsystem: { key: string; name: string; count: number }[];
  byUnit: { key: number; name: string; orgName: string; count: number }[];
  byStatus: { key: string; name: string; count: number }[];
  byMonth: { month: string; count: number }[];
  steps: { status: string; name: string; completed: number; medianWorkdays: number | null; met: number; missed: number }[];
}

function filterQuery(f: Filters) {
  return {
    subsystem: f.subsystem,
    unitId: f.unitId,
    type: f.type,
    urgency: f.urgency,
    status: f.status?.length ? f.status.join(",") : undefined,
    from: f.from,
    to: f.to,
    q: f.q,
    overdue: f.overdue ? "1" : undefined,
  };
}

function Charts({ stats }: { stats: Stats }) {
  const bar = (title: string, names: string[], values: (number | null)[], color = "#1559c2", unit = "") => ({
    title: { text: title, left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 16, top: 40, bottom: 70 },
    xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: names.some((n) => n.length > 6) ? 30 : 0, fontSize: 11 } },
    yAxis: { type: "value", minInterval: 1, axisLabel: { formatter: unit ? `{value}${unit}` : "{value}" } },
    series: [{ type: "bar", data: values, itemStyle: { color }, label: { show: true, position: "top" } }],
  });
  const status = {
    title: { text: "按状态", left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
    series: [{ type: "pie", radius: ["35%", "65%"], top: 30, data: stats.byStatus.map((s) => ({ name: s.name, value: s.count })), label: { formatter: "{b}\n{c}" } }],
  };
  const steps = stats.steps;
  const deadline = {
    title: { text: "各环节期限执行情况", left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { top: 28 },
    grid: { left: 40, right: 16, top: 64, bottom: 80 },
    xAxis: { type: "category", data: steps.map((s) => s.name), axisLabel: { interval: 0, rotate: 30, fontSize: 11 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "按期", type: "bar", stack: "d", data: steps.map((s) => s.met), itemStyle: { color: "#52c41a" } },
      { name: "逾期", type: "bar", stack: "d", data: steps.map((s) => s.missed), itemStyle: { color: "#ff4d4f" } },
    ],
  };
  const month = {
    title: { text: "按月提出的需求", left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 16, top: 40, bottom: 40 },
    xAxis: { type: "category", data: stats.byMonth.map((m) => m.month) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "line", data: stats.byMonth.map((m) => m.count), smooth: true, areaStyle: {}, label: { show: true } }],
  };
  const h = { height: 300 };
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Row gutter={16}>
        <Col span={4}><Card size="small"><Statistic title="需求总数" value={stats.total} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title="办理中" value={stats.open} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title="当前逾期" value={stats.overdue} valueStyle={{ color: stats.overdue ? "#cf1322" : undefined }} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title="紧急需求" value={stats.urgent} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title="已关闭" value={stats.closed} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title="办结用时中位数（工作日）" value={stats.medianLeadWorkdays ?? "—"} /></Card></Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12}><Card size="small"><ReactECharts style={h} option={bar("按子系统", stats.bySubsystem.map((s) => s.name), stats.bySubsystem.map((s) => s.count))} /></Card></Col>
        <Col xs={24} lg={12}><Card size="small"><ReactECharts style={h} option={status} /></Card></Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12}><Card size="small"><ReactECharts style={h} option={bar("按申请单位", stats.byUnit.map((u) => u.name), stats.byUnit.map((u) => u.count), "#13a8a8")} /></Card></Col>
        <Col xs={24} lg={12}><Card size="small"><ReactECharts style={h} option={bar("各环节用时中位数（工作日）", steps.map((s) => s.name), steps.map((s) => s.medianWorkdays), "#722ed1", "天")} /></Card></Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12}><Card size="small"><ReactECharts style={h} option={deadline} /></Card></Col>
        <Col xs={24} lg={12}><Card size="small"><ReactECharts style={h} option={month} /></Card></Col>
      </Row>
    </Space>
  );
}

export default function RequirementsPage() {
  const s = useCurrentSession();
  const nav = useNavigate();
  const { message } = AntApp.useApp();
  const meta = useReqMeta();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const canLedger = hasPermission(s, "req.ledger.read");
  const query = filterQuery(filters);
  const list = useQuery({ queryKey: ["req-list", query, page], queryFn: () => api.get<ReqPage>(`/api/requirements${qs({ ...query, ...page })}`) });
  const stats = useQuery({ queryKey: ["req-stats", query], queryFn: () => api.get<Stats>(`/api/requirements/stats${qs(query)}`), enabled: canLedger });
  const units = useMemo(() => stats.data?.byUnit.map((u) => ({ value: u.key, label: `${u.name}（${u.orgName}）` })) ?? [], [stats.data]);
  const set = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage((p) => ({ ...p, page: 1 }));
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title="需求台账"
        extra={
          <Space>
            {hasPermission(s, "req.submit") && <Button type="primary" icon={<PlusOutlined />} onClick={() => nav("/requirements/new")}>填写业务需求申请表</Button>}
            {canLedger && (
              <Button icon={<DownloadOutlined />} onClick={() => download(`/api/requirements/export${qs(query)}`, "需求台账.xlsx").catch((e: Error) => message.error(e.message))}>
                导出 Excel
              </Button>
            )}
            <Button icon={<ReloadOutlined />} onClick={() => { void list.refetch(); void stats.refetch(); }} aria-label="刷新" />
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Select allowClear placeholder="子系统" style={{ width: 200 }} value={filters.subsystem} onChange={(v) => set({ subsystem: v })} options={meta.data?.subsystems.map((x) => ({ value: x.code, label: x.name }))} aria-label="子系统" />
          {canLedger && <Select allowClear showSearch optionFilterProp="label" placeholder="申请单位" style={{ width: 220 }} value={filters.unitId} onChange={(v) => set({ unitId: v })} options={units} aria-label="申请单位" />}
          <Select allowClear placeholder="需求类型" style={{ width: 110 }} value={filters.type} onChange={(v) => set({ type: v })} options={[{ value: "new", label: "新增" }, { value: "change", label: "变更" }]} aria-label="需求类型" />
          <Select allowClear placeholder="紧急程度" style={{ width: 110 }} value={filters.urgency} onChange={(v) => set({ urgency: v })} options={[{ value: "normal", label: "一般" }, { value: "urgent", label: "紧急" }]} aria-label="紧急程度" />
          <Select mode="multiple" allowClear placeholder="状态" style={{ minWidth: 200 }} maxTagCount={2} value={filters.status} onChange={(v) => set({ status: v })} options={meta.data?.statuses.map((x) => ({ value: x.code, label: x.name }))} aria-label="状态" />
          <DatePicker.RangePicker
            value={range}
            placeholder={["申请日期起", "申请日期止"]}
            onChange={(v) => {
              setRange(v as [Dayjs | null, Dayjs | null] | null);
              set({ from: v?.[0]?.format("YYYY-MM-DD"), to: v?.[1]?.format("YYYY-MM-DD") });
            }}
          />
          <Input.Search allowClear placeholder="编号或需求名称" style={{ width: 200 }} onSearch={(v) => set({ q: v || undefined })} />
          <Space><Switch checked={!!filters.overdue} onChange={(v) => set({ overdue: v })} aria-label="只看逾期" />只看逾期</Space>
        </Space>
        <Table<ReqListItem>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items}
          columns={requirementColumns()}
          scroll={{ x: 1460 }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: list.data?.total,
            showSizeChanger: true,
            showTotal: (t) => `共 ${t} 项`,
            onChange: (p, ps) => setPage({ page: p, pageSize: ps }),
          }}
        />
      </Card>
      {canLedger && (
        <Card title="需求统计（与上方筛选条件一致）">
          {stats.data ? stats.data.total ? <Charts stats={stats.data} /> : <Empty description="暂无需求" /> : <Card loading bordered={false} />}
        </Card>
      )}
    </Space>
  );
}

/**
 * 数据看板 (S-ANALYTICS): every indicator the modules offer, by area, for the region in view — opening at the analyst's
 * own level — broken down by its children. Drill down by clicking a bar or a table row (州 > 县 > 乡 > 村, breadcrumb and
 * 返回上级 to go back), choose the month or the year to date, compare with last month (环比) or the same month last year
 * (同比), download each chart as PNG and the table as Excel; every number opens the records behind it.
 */
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { Alert, Breadcrumb, Button, Card, Col, DatePicker, Row, Segmented, Select, Space, Statistic, Table, Tabs, Tag, Typography } from "antd";
import { ArrowLeftOutlined, FileExcelOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { api, download, qs } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { AREA_ORDER, AREA_TITLES, ChartCard, LEVEL_NAMES, RecordsDrawer, change, fmt, type Dashboard, type IndicatorMeta, type RecordsTarget } from "./common.js";

type Mode = "month" | "ytd";
type CompareMode = "none" | "mom" | "yoy";

export default function DashboardPage() {
  const s = useCurrentSession();
  const [params, setParams] = useSearchParams();
  const region = params.get("region") ?? undefined;
  const [month, setMonth] = useState(dayjs().format("YYYY-MM"));
  const [mode, setMode] = useState<Mode>("month");
  const [cmp, setCmp] = useState<CompareMode>("mom");
  const [records, setRecords] = useState<RecordsTarget | null>(null);
  const [area, setArea] = useState<string>("LABOR");
  const [chosen, setChosen] = useState<Record<string, string>>({});

  const period = useMemo(() => {
    if (mode === "month") return { month };
    const y = month.slice(0, 4);
    const end = dayjs(`${month}-01`).endOf("month");
    const to = end.isAfter(dayjs()) ? dayjs().format("YYYY-MM-DD") : end.format("YYYY-MM-DD");
    return { from: `${y}-01-01`, to };
  }, [mode, month]);

  const q = useQuery({
    queryKey: ["analytics", "dashboard", region ?? s.account.orgCode, period],
    queryFn: () => api.get<Dashboard>(`/api/analytics/dashboard${qs({ region, ...period })}`),
  });
  const d = q.data;
  const go = (code?: string) => setParams(code ? { region: code } : {});
  const up = d && d.breadcrumb.length > 1 ? d.breadcrumb[d.breadcrumb.length - 2]!.code : null;

  const areas = useMemo(() => AREA_ORDER.filter((a) => d?.indicators.some((i) => i.area === a)), [d]);
  const current = areas.includes(area) ? area : areas[0];
  const inds = (d?.indicators ?? []).filter((i) => i.area === current);
  const keys = (d?.keyIndicators ?? []).filter((k) => inds.some((i) => i.code === k));
  const cards = (keys.length ? keys : inds.slice(0, 4).map((i) => i.code)).map((k) => inds.find((i) => i.code === k)!);
  const focus = inds.find((i) => i.code === chosen[current ?? ""]) ?? cards[0];
  const comparison = cmp === "none" || mode !== "month" ? null : d?.compare[cmp] ?? null;
  const cmpLabel = cmp === "mom" ? "环比" : "同比";
  const openRecords = (ind: IndicatorMeta, code: string, name: string, value: number | null) => {
    if (!ind.hasRecords || !d) return;
    setRecords({ indicator: ind, code, name, value, period: d.period });
  };
  const drillRows = (d?.rows ?? []).filter((r) => r.drillable);
  const canDrill = !!d?.childLevel;

  const barOption = focus && d ? {
    animationDuration: 300,
    tooltip: { trigger: "axis" },
    legend: comparison ? { top: 0 } : undefined,
    grid: { left: 60, right: 20, top: 36, bottom: drillRows.length > 8 ? 90 : 40 },
    xAxis: { type: "category", data: drillRows.map((r) => r.name), axisLabel: { rotate: drillRows.length > 8 ? 40 : 0, interval: 0 } },
    yAxis: { type: "value", name: focus.unit },
    series: [
      { name: d.period.to.slice(0, 7), type: "bar", data: drillRows.map((r) => r.values[focus.code] ?? 0), itemStyle: { color: "#1f5fa8" }, label: { show: drillRows.length <= 12, position: "top" } },
      ...(comparison ? [{ name: `${comparison.period}（${cmpLabel}）`, type: "bar", data: drillRows.map((r) => comparison.rows[r.code]?.[focus.code] ?? null), itemStyle: { color: "#9bb8d8" } }] : []),
    ],
  } : {};

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>数据看板</Typography.Title>
      <Card size="small">
        <Space wrap>
          <Breadcrumb
            data-testid="analytics-breadcrumb"
            items={(d?.breadcrumb ?? []).map((b, i, all) => ({
              title: i === all.length - 1 ? <b>{b.name}</b> : <a href={`?region=${b.code}`} onClick={(e) => { e.preventDefault(); go(b.code === s.account.orgCode ? undefined : b.code); }}>{b.name}</a>,
            }))}
          />
          {up && <Button size="small" icon={<ArrowLeftOutlined />} onClick={() => go(up === s.account.orgCode ? undefined : up)}>返回上级</Button>}
          <Segmented<Mode> value={mode} onChange={setMode} options={[{ label: "当月", value: "month" }, { label: "本年累计", value: "ytd" }]} />
          <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(v) => v && setMonth(v.format("YYYY-MM"))} disabledDate={(v) => v.isAfter(dayjs(), "month")} aria-label="统计月份" />
          <Select<CompareMode> value={cmp} onChange={setCmp} style={{ width: 150 }} aria-label="对比" disabled={mode !== "month"}
            options={[{ value: "none", label: "不对比" }, { value: "mom", label: "环比（上月）" }, { value: "yoy", label: "同比（上年同月）" }]} />
          {d && <Typography.Text type="secondary">统计期间 {d.period.from} 至 {d.period.to}{d.source === "replica" ? "（只读副本）" : ""}</Typography.Text>}
        </Space>
      </Card>
      {q.isError && <Alert type="error" message="看板加载失败" />}
      {d && comparison === null && cmp !== "none" && mode === "month" && <Alert type="info" showIcon message={`${cmpLabel}：所选月份的对比月尚无月度快照（快照于每月1日自动生成）`} />}
      {d && (
        <Tabs
          activeKey={current}
          onChange={setArea}
          items={areas.map((a) => ({ key: a, label: AREA_TITLES[a] ?? a }))}
        />
      )}
      {d && focus && (
        <>
          <Row gutter={[12, 12]}>
            {cards.map((ind) => {
              const v = d.totals[ind.code] ?? null;
              const prev = comparison?.totals[ind.code];
              const ch = change(v, prev);
              return (
                <Col key={ind.code} xs={12} md={8} xl={6} xxl={4}>
                  <Card size="small" hoverable={ind.hasRecords} onClick={() => openRecords(ind, d.region.code, d.region.name, v)} data-testid={`kpi-${ind.code}`}>
                    <Statistic title={ind.name} value={fmt(v, ind.unit)} suffix={ind.unit === "%" ? undefined : ind.unit} />
                    {comparison && <Typography.Text type="secondary">{cmpLabel} {ch ?? "—"}（{comparison.period}：{fmt(prev, ind.unit)}）</Typography.Text>}
                  </Card>
                </Col>
              );
            })}
          </Row>
          {drillRows.length > 0 ? (
            <ChartCard
              testId="analytics-bar"
              title={`${focus.name}（按${LEVEL_NAMES[d.childLevel ?? "village"]}）`}
              extra={<Select size="small" style={{ width: 240, marginRight: 8 }} value={focus.code} onChange={(v) => setChosen((c) => ({ ...c, [current!]: v }))} options={inds.map((i) => ({ value: i.code, label: i.name }))} aria-label="图表指标" />}
              option={barOption}
              onClick={canDrill ? (p) => { const r = drillRows[p.dataIndex]; if (r) go(r.code); } : undefined}
            />
          ) : (
            <Alert type="info" showIcon message={`${d.region.name}为村（社区）一级，无下级区划；点击数字查看明细`} />
          )}
          <Card
            size="small"
            title={`${d.region.name} · ${AREA_TITLES[current!]}（点击地区下钻，点击数字查看明细）`}
            extra={hasPermission(s, "analytics.export") && (
              <Button size="small" icon={<FileExcelOutlined />} onClick={() => void download(`/api/analytics/dashboard.xlsx${qs({ region, ...period, indicators: inds.map((i) => i.code).join(",") })}`, `${d.region.name}${AREA_TITLES[current!]}.xlsx`)}>导出Excel</Button>
            )}
          >
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              scroll={{ x: "max-content" }}
              data-testid="analytics-table"
              dataSource={[...d.rows, { code: "__total", name: `${d.region.name}合计`, drillable: false, values: Object.fromEntries(Object.entries(d.totals).map(([k, v]) => [k, v ?? NaN])) }]}
              onRow={(r) => ({ onClick: () => { if (r.drillable && canDrill) go(r.code); }, style: { cursor: r.drillable && canDrill ? "pointer" : undefined } })}
              columns={[
                { title: LEVEL_NAMES[d.childLevel ?? d.region.level], dataIndex: "name", fixed: "left", render: (v: string, r) => (r.drillable && canDrill ? <Typography.Link>{v}</Typography.Link> : <b>{v}</b>) },
                ...inds.map((ind) => ({
                  title: `${ind.name}（${ind.unit}）`,
                  key: ind.code,
                  align: "right" as const,
                  render: (_: unknown, r: { code: string; name: string; values: Record<string, number> }) => {
                    const raw = r.values[ind.code];
                    const v = raw === undefined || Number.isNaN(raw) ? null : raw;
                    const code = r.code === "__total" ? d.region.code : r.code;
                    const prev = comparison ? (r.code === "__total" ? comparison.totals[ind.code] : comparison.rows[r.code]?.[ind.code]) : undefined;
                    const ch = comparison ? change(v, prev) : null;
                    return (
                      <span>
                        {ind.hasRecords && v !== null ? <a onClick={(e) => { e.stopPropagation(); openRecords(ind, code, r.name, v); }}>{fmt(v, ind.unit)}</a> : fmt(v, ind.unit)}
                        {ch && <Tag style={{ marginLeft: 4 }} color={ch.startsWith("-") ? "orange" : "blue"}>{ch}</Tag>}
                      </span>
                    );
                  },
                })),
              ]}
            />
          </Card>
        </>
      )}
      <RecordsDrawer target={records} onClose={() => setRecords(null)} canExport={hasPermission(s, "analytics.export")} />
    </Space>
  );
}

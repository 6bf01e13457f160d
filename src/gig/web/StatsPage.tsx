/**
 * 零工统计 (S-GIG, 人社部发〔2023〕65号): for a region in scope and a period — registrations, postings, filled 人次,
 * average daily wage, time-to-fill and 困难零工 placed by child division; the funnel posted → hired → arrived →
 * completed → paid → rated; and 求人倍率 by industry. ECharts, and the same figures as Excel.
 */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { App as AntApp, Button, Card, Col, DatePicker, Row, Space, Statistic, Table } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import ReactECharts from "echarts-for-react";
import dayjs from "dayjs";
import { api, download, qs } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";
import { RegionTreeSelect } from "../../labor/web/common.js";
import { yuan } from "./common.js";

interface Stats {
  region: string; from: string; to: string;
  groups: { code: string; name: string; registrations: number; workers: number; postings: number; placements: number; hardshipPlaced: number; avgDailyFen: number | null; avgFillHours: number | null }[];
  funnel: { posted: number; hired: number; arrived: number; completed: number; paid: number; rated: number };
  demandSupply: { industry: string; openings: number; seekers: number; ratio: number | null }[];
}

export default function GigStatsPage() {
  const session = useCurrentSession();
  const { message } = AntApp.useApp();
  const [region, setRegion] = useState<string | undefined>();
  const [range, setRange] = useState<[string, string]>([dayjs().startOf("year").format("YYYY-MM-DD"), dayjs().format("YYYY-MM-DD")]);
  const query = qs({ region, from: range[0], to: range[1] });
  const s = useQuery({ queryKey: ["gig", "stats", query], queryFn: () => api.get<Stats>(`/api/gig/stats${query}`) });
  const d = s.data;
  const names = d?.groups.map((g) => g.name.replace(/(村民委员会|社区居民委员会|居委会)$/, "")) ?? [];
  const sum = (k: "registrations" | "postings" | "placements" | "hardshipPlaced" | "workers") => d?.groups.reduce((a, g) => a + g[k], 0) ?? 0;
  const funnelSteps = d ? [["发布岗位", d.funnel.posted], ["录用", d.funnel.hired], ["到岗", d.funnel.arrived], ["完工", d.funnel.completed], ["已支付", d.funnel.paid], ["已评价", d.funnel.rated]] as const : [];
  return (
    <Card title="零工统计" extra={<Button icon={<DownloadOutlined />} onClick={() => download(`/api/gig/stats/export${query}`, "零工驿站统计.xlsx").catch((e: Error) => message.error(e.message))}>导出 Excel</Button>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <RegionTreeSelect session={session} value={region} onChange={setRegion} placeholder="本级全部" aria-label="地区" />
        <DatePicker.RangePicker value={[dayjs(range[0]), dayjs(range[1])]} onChange={(v) => v && v[0] && v[1] && setRange([v[0].format("YYYY-MM-DD"), v[1].format("YYYY-MM-DD")])} allowClear={false} />
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={4}><Statistic title="在册零工（人）" value={sum("workers")} /></Col>
        <Col xs={12} md={4}><Statistic title="新登记（人）" value={sum("registrations")} /></Col>
        <Col xs={12} md={4}><Statistic title="发布岗位（个）" value={sum("postings")} /></Col>
        <Col xs={12} md={4}><Statistic title="录用（人次）" value={sum("placements")} /></Col>
        <Col xs={12} md={4}><Statistic title="困难零工录用（人次）" value={sum("hardshipPlaced")} /></Col>
        <Col xs={12} md={4}><Statistic title="平均日薪（元）" value={(() => { const xs = d?.groups.filter((g) => g.avgDailyFen !== null) ?? []; return xs.length ? yuan(Math.round(xs.reduce((a, g) => a + g.avgDailyFen!, 0) / xs.length)) : "—"; })()} /></Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={14}>
          <Card size="small" title="分地区">
            <ReactECharts style={{ height: 320 }} notMerge option={{
              tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 40, right: 10, top: 40, bottom: names.length > 6 ? 80 : 30 },
              xAxis: { type: "category", data: names, axisLabel: { rotate: names.length > 6 ? 40 : 0, interval: 0 } }, yAxis: { type: "value" },
              series: [{ name: "新登记", type: "bar", data: d?.groups.map((g) => g.registrations) }, { name: "发布岗位", type: "bar", data: d?.groups.map((g) => g.postings) }, { name: "录用人次", type: "bar", data: d?.groups.map((g) => g.placements) }, { name: "困难零工录用", type: "bar", data: d?.groups.map((g) => g.hardshipPlaced) }],
            }} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title="服务漏斗">
            <ReactECharts style={{ height: 320 }} notMerge option={{ tooltip: { trigger: "item", formatter: "{b}：{c}" }, series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", label: { formatter: "{b} {c}" }, data: funnelSteps.map(([name, value]) => ({ name, value })) }] }} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="求人倍率（按行业）">
            <ReactECharts style={{ height: 300 }} notMerge option={{ tooltip: { trigger: "axis" }, grid: { left: 80, right: 20, top: 10, bottom: 30 }, yAxis: { type: "category", data: d?.demandSupply.map((x) => x.industry) }, xAxis: { type: "value", name: "倍" }, series: [{ type: "bar", data: d?.demandSupply.map((x) => x.ratio ?? 0), label: { show: true, position: "right" } }] }} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="平均日薪与招满用时">
            <Table size="small" rowKey="code" dataSource={d?.groups ?? []} pagination={false} scroll={{ x: 420, y: 260 }} columns={[
              { title: "地区", dataIndex: "name" },
              { title: "平均日薪（元）", dataIndex: "avgDailyFen", render: yuan },
              { title: "平均招满用时（小时）", dataIndex: "avgFillHours", render: (v) => v ?? "—" },
              { title: "录用人次", dataIndex: "placements" },
            ]} />
          </Card>
        </Col>
      </Row>
    </Card>
  );
}

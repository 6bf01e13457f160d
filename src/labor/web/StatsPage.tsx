/**
 * 统计分析 (S-LABOR, P9): statistics of an area by its children — 州 → 县（市）→ 乡镇（街道）→ 村（社区）, starting
 * from the operator's own organisation — as tables and ECharts: labor force, employment status, transfer employment by
 * destination and channel, returnees, 脱贫人口 and 监测对象 employment. Figures are exact on the day of reading.
 */
import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Alert, Breadcrumb, Card, Space, Table, Tabs, Typography } from "antd";
import ReactECharts from "echarts-for-react";
import { api, qs } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";
import { CODE_LISTS } from "../codes.js";

type Figures = Record<string, number>;
interface StatsResult {
  area: { code: string; name: string; level: "prefecture" | "county" | "township" | "village" };
  childLevel: "county" | "township" | "village" | null;
  asOf: string;
  source: "rollup" | "registry";
  total: Figures;
  rows: { code: string; name: string; figures: Figures }[];
}

const LEVEL_NAMES: Record<string, string> = { prefecture: "州", county: "县（市）", township: "乡镇（街道）", village: "村（社区）" };

interface Topic {
  key: string;
  title: string;
  /** Table columns. */
  columns: string[];
  /** Stacked in the bar chart by area, and shown as a pie of the total. */
  breakdown: string[];
  /** Bars by area when there is no breakdown. */
  bars?: string[];
}

const STATUS_KEYS = [...Object.keys(CODE_LISTS.employmentStatus.items), "unknown"];
const DEST_KEYS = Object.keys(CODE_LISTS.transferDest.items);
const CHANNEL_KEYS = Object.keys(CODE_LISTS.transferChannel.items);

const TOPICS: Topic[] = [
  { key: "labor", title: "劳动力", columns: ["persons", "male", "female", "laborForce", "laborForceMale", "laborForceFemale", "employed", "laborForceEmployed"], breakdown: [], bars: ["persons", "laborForce", "laborForceEmployed"] },
  { key: "status", title: "就业状态", columns: ["laborForce", ...STATUS_KEYS.map((c) => `laborStatus.${c}`)], breakdown: STATUS_KEYS.map((c) => `laborStatus.${c}`) },
  { key: "dest", title: "转移就业去向", columns: ["transferEmployed", ...DEST_KEYS.map((c) => `dest.${c}`), "transfer", "transferLaborForce"], breakdown: DEST_KEYS.map((c) => `dest.${c}`) },
  { key: "channel", title: "外出方式", columns: ["transferEmployed", ...CHANNEL_KEYS.map((c) => `channel.${c}`)], breakdown: CHANNEL_KEYS.map((c) => `channel.${c}`) },
  { key: "returnee", title: "返乡人员", columns: ["returnee", "returneeEmployed"], breakdown: [], bars: ["returnee", "returneeEmployed"] },
  { key: "poverty", title: "脱贫人口", columns: ["poverty", "povertyLaborForce", "povertyEmployed", "povertyTransfer", "monitored", "monitoredEmployed"], breakdown: [], bars: ["poverty", "povertyLaborForce", "povertyEmployed", "monitored", "monitoredEmployed"] },
];

function TopicView({ topic, data, names, onDrill }: { topic: Topic; data: StatsResult; names: Record<string, string>; onDrill: (code: string) => void }) {
  const label = (k: string) => (names[k] ?? k).replace(/^劳动力中/, "").replace(/^去向：/, "").replace(/^外出方式：/, "");
  const series = topic.breakdown.length ? topic.breakdown : topic.bars ?? [];
  const stacked = topic.breakdown.length > 0;
  const rows = data.rows;
  const barOption = {
    animationDuration: 400,
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: rows.length > 8 ? 90 : 40 },
    xAxis: { type: "category", data: rows.map((r) => r.name.replace(/(村民委员会|社区居民委员会|居委会)$/, "")), axisLabel: { rotate: rows.length > 8 ? 40 : 0, interval: 0 } },
    yAxis: { type: "value", name: "人" },
    series: series.map((k) => ({ name: label(k), type: "bar", stack: stacked ? "total" : undefined, data: rows.map((r) => r.figures[k] ?? 0) })),
  };
  const pieOption = {
    animationDuration: 400,
    tooltip: { trigger: "item", formatter: "{b}：{c} 人（{d}%）" },
    legend: { type: "scroll", bottom: 0 },
    series: [{ type: "pie", radius: ["30%", "55%"], label: { formatter: "{b}\n{c} 人" }, data: topic.breakdown.map((k) => ({ name: label(k), value: data.total[k] ?? 0 })).filter((d) => d.value > 0) }],
  };
  const drillable = data.childLevel === "county" || data.childLevel === "township";
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <div style={{ display: "flex", gap: 16 }}>
        <div style={{ flex: 2, minWidth: 0 }}>
          {rows.length > 0 ? <ReactECharts option={barOption} style={{ height: 340 }} notMerge /> : <Alert type="info" message="该地区没有下级区划，仅显示合计" />}
        </div>
        {topic.breakdown.length > 0 && (
          <div style={{ flex: 1, minWidth: 0 }}>
            <ReactECharts option={pieOption} style={{ height: 340 }} notMerge />
          </div>
        )}
      </div>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={[...rows, { code: "total", name: "合计", figures: data.total }]}
        columns={[
          {
            title: LEVEL_NAMES[data.childLevel ?? data.area.level],
            dataIndex: "name",
            fixed: "left",
            render: (v: string, r) => (drillable && r.code !== "total" ? <Typography.Link href={`#${r.code}`} onClick={(e) => { e.preventDefault(); onDrill(r.code); }}>{v}</Typography.Link> : <b>{v}</b>),
          },
          ...topic.columns.map((k) => ({ title: names[k] ?? k, key: k, align: "right" as const, render: (_: unknown, r: { figures: Figures }) => (r.figures[k] ?? 0).toLocaleString("zh-CN") })),
        ]}
      />
    </Space>
  );
}

export default function StatsPage() {
  const s = useCurrentSession();
  const own = s.account.orgCode;
  const [path, setPath] = useState<{ code: string; name: string }[]>([]);
  const area = path.length ? path[path.length - 1]!.code : undefined;
  const codes = useQuery({ queryKey: ["labor", "codes"], queryFn: () => api.get<{ indicators: Record<string, string> }>("/api/labor/codes"), staleTime: Infinity });
  const q = useQuery({ queryKey: ["labor", "stats", area ?? own], queryFn: () => api.get<StatsResult>(`/api/labor/stats${qs({ area })}`) });
  const names = useMemo(() => codes.data?.indicators ?? {}, [codes.data]);
  const [tab, setTab] = useState("labor");
  const data = q.data;
  const drill = (code: string) => {
    const row = data?.rows.find((r) => r.code === code);
    if (row) setPath((p) => [...p, { code: row.code, name: row.name }]);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>统计分析</Typography.Title>
      <Card size="small">
        <Breadcrumb
          items={[
            { title: <a onClick={() => setPath([])}>{s.account.orgName}</a> },
            ...path.map((p, i) => ({ title: i === path.length - 1 ? p.name : <a onClick={() => setPath((old) => old.slice(0, i + 1))}>{p.name}</a> })),
          ]}
        />
        {data && (
          <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0" }}>
            {data.area.name}：登记 {data.total.persons ?? 0} 人，劳动力 {data.total.laborForce ?? 0} 人，转移劳动力 {data.total.transfer ?? 0} 人（统计日期 {data.asOf}）。点击下级地区名称可逐级查看。
          </Typography.Paragraph>
        )}
      </Card>
      <Card size="small" loading={q.isLoading}>
        {q.isError && <Alert type="error" showIcon message={(q.error as Error).message} />}
        {data && (
          <Tabs
            activeKey={tab}
            onChange={setTab}
            destroyOnHidden
            items={TOPICS.map((t) => ({ key: t.key, label: t.title, children: <TopicView topic={t} data={data} names={names} onDrill={drill} /> }))}
          />
        )}
      </Card>
    </Space>
  );
}

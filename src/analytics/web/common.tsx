/** Shared pieces of the S-ANALYTICS pages: API shapes, area names, number formatting, charts with PNG download. */
import { useRef, type ReactNode } from "react";
import { Button, Card, Drawer, Table, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import ReactECharts from "echarts-for-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, download, qs } from "../../web/api.js";

export interface IndicatorMeta {
  code: string;
  name: string;
  unit: string;
  area: string;
  kind: "stock" | "flow";
  additive: boolean;
  hasRecords: boolean;
}

export type Values = Record<string, number>;
export interface Compare {
  period: string;
  totals: Values;
  rows: Record<string, Values>;
}

export interface Dashboard {
  region: { code: string; name: string; level: "prefecture" | "county" | "township" | "village" };
  childLevel: "county" | "township" | "village" | null;
  breadcrumb: { code: string; name: string }[];
  period: { from: string; to: string };
  indicators: IndicatorMeta[];
  totals: Record<string, number | null>;
  rows: { code: string; name: string; drillable: boolean; values: Values }[];
  compare: { mom: Compare | null; yoy: Compare | null };
  keyIndicators: string[];
  source: "replica" | "primary";
}

export const AREA_TITLES: Record<string, string> = {
  LABOR: "劳动力资源",
  GIG: "零工驿站",
  SHARE: "共享用工",
  CASES: "政务服务办件",
  ANALYTICS: "数据分析",
  REQ: "两项措施（申请表与业务需求）",
};
export const AREA_ORDER = ["LABOR", "GIG", "SHARE", "CASES", "REQ", "ANALYTICS"];
export const LEVEL_NAMES: Record<string, string> = { prefecture: "州", county: "县（市）", township: "乡镇（街道）", village: "村（社区）" };

export function fmt(v: number | null | undefined, unit = ""): string {
  if (v === null || v === undefined) return "—";
  if (unit === "%") return `${v.toFixed(1)}%`;
  return Number.isInteger(v) ? v.toLocaleString("zh-CN") : v.toLocaleString("zh-CN", { maximumFractionDigits: 2 });
}

/** Change against a previous value, as "+3.2%" (null when there is nothing to compare with). */
export function change(cur: number | null | undefined, prev: number | null | undefined): string | null {
  if (cur === null || cur === undefined || prev === null || prev === undefined) return null;
  if (prev === 0) return cur === 0 ? "0.0%" : null;
  const p = ((cur - prev) / prev) * 100;
  return `${p >= 0 ? "+" : ""}${p.toFixed(1)}%`;
}

/** A chart in a card whose image downloads as PNG (ECharts getDataURL). */
export function ChartCard({ title, option, height = 340, onClick, extra, testId }: { title: ReactNode; option: object; height?: number; onClick?: (p: { name: string; dataIndex: number }) => void; extra?: ReactNode; testId?: string }) {
  const ref = useRef<ReactECharts>(null);
  const png = () => {
    const inst = ref.current?.getEchartsInstance();
    if (!inst) return;
    const a = document.createElement("a");
    a.href = inst.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
    a.download = `${typeof title === "string" ? title : "图表"}.png`;
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  return (
    <Card size="small" title={title} extra={<>{extra}<Button size="small" icon={<DownloadOutlined />} onClick={png}>下载图片</Button></>} data-testid={testId}>
      <ReactECharts ref={ref} option={option} style={{ height }} notMerge onEvents={onClick ? { click: onClick } : undefined} />
    </Card>
  );
}

export interface RecordsTarget {
  indicator: IndicatorMeta;
  code: string;
  name: string;
  value: number | null;
  period: { from: string; to: string };
}

interface RecordsAnswer {
  columns: { key: string; title: string }[];
  rows: Record<string, string | number | null>[];
  total: number;
}

/** The records behind a number: a drawer with the masked list, paged on the server; its total is the number. */
export function RecordsDrawer({ target, onClose, canExport = false }: { target: RecordsTarget | null; onClose: () => void; canExport?: boolean }) {
  const [page, setPage] = useState(1);
  const [shownFor, setShownFor] = useState<RecordsTarget | null>(null);
  if (shownFor !== target) {
    setShownFor(target);
    setPage(1);
  }
  const q = useQuery({
    enabled: !!target,
    queryKey: ["analytics", "records", target?.indicator.code, target?.code, target?.period.from, target?.period.to, page],
    queryFn: () => api.get<RecordsAnswer>(`/api/analytics/records${qs({ indicator: target!.indicator.code, code: target!.code, from: target!.period.from, to: target!.period.to, page, pageSize: 20 })}`),
  });
  return (
    <Drawer open={!!target} onClose={onClose} size="large" title={target ? `${target.indicator.name} — ${target.name}` : ""} destroyOnHidden>
      {target && (
        <>
          {canExport && (
            <Button size="small" icon={<DownloadOutlined />} style={{ float: "right" }} onClick={() => void download(`/api/analytics/records.xlsx${qs({ indicator: target.indicator.code, code: target.code, from: target.period.from, to: target.period.to })}`, `${target.name}${target.indicator.name}明细.xlsx`)}>导出Excel</Button>
          )}
          <Typography.Paragraph type="secondary">
            统计期间 {target.period.from} 至 {target.period.to}；看板数字 {fmt(target.value)} {target.indicator.unit}，明细共 <b data-testid="records-total">{q.data?.total ?? "…"}</b> 条。身份证号等个人信息已按规定脱敏。
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey={(_, i) => String(i)}
            loading={q.isLoading}
            dataSource={q.data?.rows ?? []}
            columns={(q.data?.columns ?? []).map((c) => ({ title: c.title, dataIndex: c.key, key: c.key }))}
            pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
            scroll={{ x: "max-content" }}
          />
        </>
      )}
    </Drawer>
  );
}

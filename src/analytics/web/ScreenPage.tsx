/**
 * 领导驾驶舱 (大屏, S-ANALYTICS): a full-screen 1920×1080 view of the viewer's own region — key figures, the breakdown by
 * the next level, transfer employment by destination, target progress — that refreshes itself every minute. Dark theme
 * with text contrast above WCAG AA (primary text #F0F4FA and secondary #B8C7DC on panels #10233F: 14:1 and 9:1).
 * The 1920×1080 canvas is scaled to the window, so the same layout fills any display.
 */
import { useEffect, useState } from "react";
import { useNavigate } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { Button } from "antd";
import ReactECharts from "echarts-for-react";
import dayjs from "dayjs";
import { api } from "../../web/api.js";
import { change, fmt, type Dashboard } from "./common.js";

const BG = "#0A1628", PANEL = "#10233F", TEXT = "#F0F4FA", MUTED = "#B8C7DC", ACCENT = "#4FC3F7", BORDER = "#24446E";
const REFRESH_MS = 60_000;

interface Targets {
  schedulePct: number;
  items: { countyName: string; indicatorName: string; achievedPct: number; rag: "green" | "amber" | "red" }[];
}

function useScale() {
  const [scale, setScale] = useState(1);
  useEffect(() => {
    const f = () => setScale(Math.min(window.innerWidth / 1920, window.innerHeight / 1080));
    f();
    window.addEventListener("resize", f);
    return () => window.removeEventListener("resize", f);
  }, []);
  return scale;
}

function Panel({ title, children, style }: { title: string; children: React.ReactNode; style?: React.CSSProperties }) {
  return (
    <div style={{ background: PANEL, border: `1px solid ${BORDER}`, borderRadius: 6, padding: "12px 16px", display: "flex", flexDirection: "column", ...style }}>
      <div style={{ color: ACCENT, fontSize: 22, fontWeight: 600, marginBottom: 8 }}>{title}</div>
      <div style={{ flex: 1, minHeight: 0 }}>{children}</div>
    </div>
  );
}

const axisText = { color: MUTED, fontSize: 16 };

export default function ScreenPage() {
  const nav = useNavigate();
  const scale = useScale();
  const [now, setNow] = useState(dayjs());
  useEffect(() => {
    const t = setInterval(() => setNow(dayjs()), 1000);
    return () => clearInterval(t);
  }, []);
  const d = useQuery({ queryKey: ["analytics", "screen"], queryFn: () => api.get<Dashboard>("/api/analytics/dashboard"), refetchInterval: REFRESH_MS });
  const t = useQuery({ queryKey: ["analytics", "screen", "targets"], queryFn: () => api.get<Targets>("/api/analytics/targets"), refetchInterval: REFRESH_MS });
  const data = d.data;
  const keys = (data?.keyIndicators ?? []).map((k) => data!.indicators.find((i) => i.code === k)!).filter(Boolean).slice(0, 8);
  const rows = (data?.rows ?? []).filter((r) => r.drillable);
  const lead = data?.indicators.find((i) => i.code === "labor.transfer") ?? keys[0];
  const second = data?.indicators.find((i) => i.code === "labor.povertyEmployed") ?? keys[1];
  const dests = (data?.indicators ?? []).filter((i) => i.code.startsWith("labor.dest."));
  const others = (data?.indicators ?? []).filter((i) => i.area !== "LABOR" && i.area !== "REQ" && (data?.keyIndicators ?? []).includes(i.code));
  const bar = (code: string | undefined, color: string) => ({
    backgroundColor: "transparent",
    textStyle: { color: TEXT },
    grid: { left: 70, right: 20, top: 20, bottom: rows.length > 8 ? 90 : 40 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { ...axisText, rotate: rows.length > 8 ? 35 : 0, interval: 0 }, axisLine: { lineStyle: { color: BORDER } } },
    yAxis: { type: "value", axisLabel: axisText, splitLine: { lineStyle: { color: BORDER } } },
    series: [{ type: "bar", data: rows.map((r) => (code ? r.values[code] ?? 0 : 0)), itemStyle: { color }, label: { show: rows.length <= 12, position: "top", color: TEXT, fontSize: 15 } }],
  });
  const pie = {
    backgroundColor: "transparent",
    tooltip: { trigger: "item" },
    legend: { bottom: 0, textStyle: { color: TEXT, fontSize: 16 } },
    series: [{ type: "pie", radius: ["35%", "62%"], center: ["50%", "45%"], label: { color: TEXT, fontSize: 16, formatter: "{b}\n{d}%" }, data: dests.map((i) => ({ name: i.name.replace(/^去向：/, ""), value: data?.totals[i.code] ?? 0 })).filter((x) => x.value > 0) }],
  };
  const ragCount = { green: 0, amber: 0, red: 0 };
  for (const i of t.data?.items ?? []) ragCount[i.rag]++;
  const lagging = [...(t.data?.items ?? [])].sort((a, b) => a.achievedPct - b.achievedPct).slice(0, 6);

  return (
    <div data-testid="leader-screen" style={{ position: "fixed", inset: 0, zIndex: 2000, background: BG, overflow: "hidden" }}>
      <div style={{ width: 1920, height: 1080, transform: `scale(${scale})`, transformOrigin: "top left", color: TEXT, padding: 24, boxSizing: "border-box", display: "flex", flexDirection: "column", gap: 16, fontFamily: "'Noto Sans SC', 'Microsoft YaHei', sans-serif" }}>
        <div style={{ display: "flex", alignItems: "center", justifyContent: "space-between" }}>
          <div style={{ fontSize: 40, fontWeight: 700, letterSpacing: 4 }}>{data?.region.name ?? ""}人社数据驾驶舱</div>
          <div style={{ display: "flex", alignItems: "center", gap: 24, fontSize: 20, color: MUTED }}>
            <span>{now.format("YYYY年M月D日 HH:mm:ss")}</span>
            <span data-testid="screen-updated">数据更新于 {d.dataUpdatedAt ? dayjs(d.dataUpdatedAt).format("HH:mm:ss") : "—"}（每分钟自动刷新）</span>
            <Button ghost onClick={() => nav("/analytics")} style={{ color: TEXT, borderColor: MUTED }}>退出大屏</Button>
          </div>
        </div>
        <div style={{ display: "grid", gridTemplateColumns: `repeat(${Math.max(keys.length, 1)}, 1fr)`, gap: 12 }}>
          {keys.map((k) => {
            const v = data?.totals[k.code] ?? null;
            const ch = change(v, data?.compare.mom?.totals[k.code]);
            return (
              <div key={k.code} style={{ background: PANEL, border: `1px solid ${BORDER}`, borderRadius: 6, padding: "14px 16px" }}>
                <div style={{ color: MUTED, fontSize: 18 }}>{k.name}</div>
                <div style={{ fontSize: 40, fontWeight: 700, color: TEXT }}>{fmt(v, k.unit)}<span style={{ fontSize: 18, color: MUTED, marginLeft: 6 }}>{k.unit === "%" ? "" : k.unit}</span></div>
                <div style={{ color: MUTED, fontSize: 16 }}>环比 {ch ?? "—"}</div>
              </div>
            );
          })}
        </div>
        <div style={{ flex: 1, display: "grid", gridTemplateColumns: "1.4fr 1fr 1fr", gridTemplateRows: "1fr 1fr", gap: 16, minHeight: 0 }}>
          <Panel title={`${lead?.name ?? ""}（分地区）`}><ReactECharts option={bar(lead?.code, "#4FC3F7")} style={{ height: "100%" }} notMerge /></Panel>
          <Panel title="外出务工去向"><ReactECharts option={pie} style={{ height: "100%" }} notMerge /></Panel>
          <Panel title={`年度目标任务（时序进度 ${t.data ? t.data.schedulePct.toFixed(1) : "—"}%）`} style={{ gridRow: "span 2" }}>
            <div style={{ display: "flex", gap: 12, marginBottom: 12 }}>
              {([["green", "正常", "#73D13D"], ["amber", "滞后", "#FFC53D"], ["red", "严重滞后", "#FF7875"]] as const).map(([k, label, color]) => (
                <div key={k} style={{ flex: 1, border: `1px solid ${BORDER}`, borderRadius: 6, padding: 10, textAlign: "center" }}>
                  <div style={{ color, fontSize: 36, fontWeight: 700 }}>{ragCount[k]}</div>
                  <div style={{ color: TEXT, fontSize: 18 }}>{label}</div>
                </div>
              ))}
            </div>
            <div style={{ color: MUTED, fontSize: 18, marginBottom: 6 }}>完成率最低的目标</div>
            {lagging.map((i, n) => (
              <div key={n} style={{ display: "flex", justifyContent: "space-between", fontSize: 19, padding: "6px 0", borderBottom: `1px solid ${BORDER}` }}>
                <span>{i.countyName} · {i.indicatorName}</span>
                <span style={{ color: i.rag === "green" ? "#73D13D" : i.rag === "amber" ? "#FFC53D" : "#FF7875", fontWeight: 600 }}>{i.achievedPct.toFixed(1)}%</span>
              </div>
            ))}
            {!lagging.length && <div style={{ color: MUTED, fontSize: 18 }}>暂无目标任务</div>}
            {others.length > 0 && (
              <>
                <div style={{ color: MUTED, fontSize: 18, margin: "14px 0 6px" }}>零工、共享用工与办件</div>
                {others.map((i) => (
                  <div key={i.code} style={{ display: "flex", justifyContent: "space-between", fontSize: 19, padding: "6px 0", borderBottom: `1px solid ${BORDER}` }}>
                    <span>{i.name}</span>
                    <span style={{ fontWeight: 600 }}>{fmt(data?.totals[i.code], i.unit)} {i.unit === "%" ? "" : i.unit}</span>
                  </div>
                ))}
              </>
            )}
          </Panel>
          <Panel title={`${second?.name ?? ""}（分地区）`} style={{ gridColumn: "span 2" }}><ReactECharts option={bar(second?.code, "#95DE64")} style={{ height: "100%" }} notMerge /></Panel>
        </div>
      </div>
    </div>
  );
}

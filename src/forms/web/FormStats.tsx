/** The forms' monthly statistics (issue 15): filed and done per month, and working-day deadlines met or missed. */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Card, Empty, Select } from "antd";
import ReactECharts from "echarts-for-react";
import { api } from "../../web/api.js";

interface MonthRow {
  month: string;
  level: string;
  filed: number;
  done: number;
  met: number;
  missed: number;
}

export function FormStats() {
  const thisYear = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const stats = useQuery({ queryKey: ["forms-stats", year], queryFn: () => api.get<MonthRow[]>(`/api/forms/stats?year=${year}`) });
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`);
  const sum = (m: string, k: keyof Omit<MonthRow, "month" | "level">) => (stats.data ?? []).filter((r) => r.month === m).reduce((s, r) => s + Number(r[k]), 0);
  const series = (["filed", "done", "met", "missed"] as const).map((k) => ({
    name: { filed: "提交", done: "办结", met: "按时办理", missed: "超时" }[k],
    type: "bar" as const,
    data: months.map((m) => sum(m, k)),
  }));
  return (
    <Card
      title="申请表月度统计"
      size="small"
      extra={<Select aria-label="统计年份" size="small" value={year} onChange={setYear} style={{ width: 100 }} options={[thisYear - 2, thisYear - 1, thisYear].map((y) => ({ value: y, label: `${y}年` }))} />}
      loading={stats.isLoading}
      data-testid="form-stats"
    >
      {stats.data && stats.data.length === 0 ? (
        <Empty description={`${year}年暂无提交的申请表`} />
      ) : (
        <ReactECharts
          style={{ height: 260 }}
          option={{
            aria: { enabled: true },
            tooltip: { trigger: "axis" },
            legend: { top: 0 },
            grid: { left: 40, right: 16, top: 36, bottom: 28 },
            xAxis: { type: "category", data: months.map((m) => `${Number(m.slice(5))}月`) },
            yAxis: { type: "value", minInterval: 1 },
            series,
          }}
        />
      )}
    </Card>
  );
}

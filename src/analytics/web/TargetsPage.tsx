/**
 * 目标任务 (S-ANALYTICS): annual targets per county and indicator against the time schedule ("完成全年目标 X %，时序进度
 * Y %"), red/amber/green by the configured ratios. 州 analysts with 维护年度目标任务 download the Excel template, fill it,
 * upload it (row-level errors; nothing is saved while any row is wrong) and set the thresholds.
 */
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App as AntApp, Button, Card, Form, InputNumber, Progress, Select, Space, Table, Tag, Typography, Upload } from "antd";
import { CheckCircleFilled, DownloadOutlined, ExclamationCircleFilled, CloseCircleFilled, UploadOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { api, download } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { ChartCard, fmt } from "./common.js";
import type { TargetProgress, targetProgress } from "../targets.js";

// The server's answer (type-only: no server code reaches the browser).
type Item = TargetProgress;
type Answer = Awaited<ReturnType<typeof targetProgress>>;

export const RAG: Record<Item["rag"], { color: string; text: string; icon: React.ReactNode }> = {
  green: { color: "success", text: "正常", icon: <CheckCircleFilled /> },
  amber: { color: "warning", text: "滞后", icon: <ExclamationCircleFilled /> },
  red: { color: "error", text: "严重滞后", icon: <CloseCircleFilled /> },
};

export default function TargetsPage() {
  const s = useCurrentSession();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const manage = hasPermission(s, "analytics.target.manage") && s.account.orgCode === "422800";
  const [year, setYear] = useState(dayjs().year());
  const [errors, setErrors] = useState<{ row: number; message: string }[]>([]);
  const q = useQuery({ queryKey: ["analytics", "targets", year], queryFn: () => api.get<Answer>(`/api/analytics/targets?year=${year}`) });
  const d = q.data;
  const [form] = Form.useForm();
  const byIndicator = new Map<string, Item[]>();
  for (const i of d?.items ?? []) byIndicator.set(i.indicatorName, [...(byIndicator.get(i.indicatorName) ?? []), i]);
  const [chartInd, setChartInd] = useState<string | undefined>();
  const shown = chartInd && byIndicator.has(chartInd) ? chartInd : [...byIndicator.keys()][0];
  const chartItems = shown ? byIndicator.get(shown)! : [];

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>目标任务</Typography.Title>
      <Card size="small">
        <Space wrap>
          <Select value={year} onChange={setYear} style={{ width: 120 }} aria-label="年度" options={[-1, 0, 1].map((k) => ({ value: dayjs().year() + k, label: `${dayjs().year() + k}年` }))} />
          {d && <Typography.Text data-testid="schedule">时序进度 <b>{d.schedulePct.toFixed(1)}%</b>（{year}年已过天数占全年）</Typography.Text>}
          {d && <Typography.Text type="secondary">判定：完成率 ≥ 时序进度 × {d.thresholds.greenRatio} 为正常；≥ × {d.thresholds.amberRatio} 为滞后；否则为严重滞后</Typography.Text>}
        </Space>
      </Card>
      {manage && (
        <Card size="small" title="下达年度目标（州级数据分析员）">
          <Space direction="vertical" style={{ width: "100%" }}>
            <Space wrap>
              <Button icon={<DownloadOutlined />} onClick={() => void download(`/api/analytics/targets/template?year=${year}`, `${year}年度目标任务模板.xlsx`)}>下载Excel模板</Button>
              <Upload
                name="file"
                action={`/api/analytics/targets/import?year=${year}`}
                accept=".xlsx"
                headers={{ "x-csrf-token": s.csrfToken }}
                showUploadList={false}
                onChange={(info) => {
                  if (info.file.status === "done") {
                    const r = info.file.response as { saved: number; errors: { row: number; message: string }[] };
                    setErrors(r.errors);
                    if (r.errors.length) void message.error(`有 ${r.errors.length} 处错误，未导入任何目标`);
                    else void message.success(`已导入 ${r.saved} 项目标`);
                    void qc.invalidateQueries({ queryKey: ["analytics", "targets"] });
                  }
                  if (info.file.status === "error") void message.error((info.file.response as { message?: string } | undefined)?.message ?? "上传失败");
                }}
              >
                <Button type="primary" icon={<UploadOutlined />}>上传填好的模板</Button>
              </Upload>
              <Form form={form} layout="inline" initialValues={d?.thresholds} key={JSON.stringify(d?.thresholds)}
                onFinish={async (v: { greenRatio: number; amberRatio: number }) => {
                  await api.put("/api/analytics/thresholds", v);
                  void message.success("已保存判定阈值");
                  void qc.invalidateQueries({ queryKey: ["analytics", "targets"] });
                }}>
                <Form.Item name="greenRatio" label="正常阈值"><InputNumber min={0.01} max={2} step={0.05} /></Form.Item>
                <Form.Item name="amberRatio" label="滞后阈值"><InputNumber min={0.01} max={2} step={0.05} /></Form.Item>
                <Button htmlType="submit">保存阈值</Button>
              </Form>
            </Space>
            {errors.length > 0 && (
              <Alert type="error" showIcon message="模板中有错误，整表未导入，请修改后重新上传" description={
                <Table size="small" rowKey={(r) => `${r.row}-${r.message}`} pagination={false} dataSource={errors} data-testid="target-errors"
                  columns={[{ title: "行号", dataIndex: "row", width: 80 }, { title: "错误", dataIndex: "message" }]} />
              } />
            )}
          </Space>
        </Card>
      )}
      {d && d.items.length === 0 && <Alert type="info" showIcon message={`${year}年在您的数据范围内尚未下达目标任务`} />}
      {chartItems.length > 0 && (
        <ChartCard
          title={`${shown}：完成全年目标与时序进度`}
          extra={<Select size="small" style={{ width: 220, marginRight: 8 }} value={shown} onChange={setChartInd} options={[...byIndicator.keys()].map((k) => ({ value: k, label: k }))} aria-label="图表指标" />}
          option={{
            tooltip: { trigger: "axis" },
            legend: { top: 0 },
            grid: { left: 50, right: 20, top: 36, bottom: 40 },
            xAxis: { type: "category", data: chartItems.map((i) => i.countyName) },
            yAxis: { type: "value", name: "%" },
            series: [
              { name: "完成全年目标 %", type: "bar", data: chartItems.map((i) => ({ value: Number(i.achievedPct.toFixed(1)), itemStyle: { color: i.rag === "green" ? "#237804" : i.rag === "amber" ? "#ad6800" : "#a8071a" } })), label: { show: true, position: "top" } },
              { name: "时序进度 %", type: "line", data: chartItems.map((i) => Number(i.schedulePct.toFixed(1))), lineStyle: { type: "dashed" } },
            ],
          }}
        />
      )}
      {d && d.items.length > 0 && (
        <Card size="small" title="完成情况" extra={hasPermission(s, "analytics.export") && <Button size="small" icon={<DownloadOutlined />} onClick={() => void download(`/api/analytics/targets.xlsx?year=${year}`, `${year}年度目标任务完成情况.xlsx`)}>导出Excel</Button>}>
          <Table<Item>
            size="small"
            rowKey={(r) => `${r.countyCode}-${r.indicator}`}
            dataSource={d.items}
            pagination={{ pageSize: 30 }}
            data-testid="targets-table"
            columns={[
              { title: "县（市）", dataIndex: "countyName" },
              { title: "指标", dataIndex: "indicatorName" },
              { title: "年度目标", align: "right", render: (_, r) => `${fmt(r.target)} ${r.unit}` },
              { title: "已完成", align: "right", render: (_, r) => `${fmt(r.actual)} ${r.unit}` },
              { title: "完成全年目标", width: 220, render: (_, r) => <Progress percent={Number(r.achievedPct.toFixed(1))} aria-label={`完成全年目标 ${Number(r.achievedPct.toFixed(1))}%`} size="small" status={r.rag === "red" ? "exception" : r.rag === "green" ? "success" : "normal"} format={(p) => `${p}%`} /> },
              { title: "时序进度", align: "right", render: (_, r) => `${r.schedulePct.toFixed(1)}%` },
              { title: "状态", render: (_, r) => <Tag color={RAG[r.rag].color} icon={RAG[r.rag].icon}>{RAG[r.rag].text}</Tag> },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

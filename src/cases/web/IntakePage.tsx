/**
 * 数据导入 (S-CASES): upload the exchange tables (csv named by table, xlsx with one sheet per table, json); the intake
 * is idempotent by PROJID and VERSION; the row-level error report is shown (and kept as a file) while the rest goes in.
 */
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Progress, Row, Space, Statistic, Table, Typography, Upload } from "antd";
import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { download } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";

interface Report { rows: number; cases: number; inserted: number; updated: number; deleted: number; unchanged: number; rejected: number; evaluations: number; problems: { table: string; row: number; projid: string | null; field: string | null; message: string }[] }
const TABLES: Record<string, string> = { PRE_BASEINFO: "办件基本信息", PRE_PROCESS: "办理环节", PRE_SPECIALPROCEDURE: "特别程序", PRE_EVALUATION: "好差评" };

export default function IntakePage() {
  const s = useCurrentSession();
  const qc = useQueryClient();
  const [percent, setPercent] = useState<number | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const saveProblems = () => {
    if (!report) return;
    const text = ["表,行号,办件编号,字段,问题", ...report.problems.map((p) => [TABLES[p.table] ?? p.table, p.row, p.projid ?? "", p.field ?? "", p.message].join(","))].join("\n");
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob(["\ufeff" + text], { type: "text/csv" }));
    a.download = "办件导入问题清单.csv";
    a.click();
  };
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>数据导入</Typography.Title>
      <Card size="small">
        <Space direction="vertical">
          <Typography.Text>上传政务服务平台前置库交换表：PRE_BASEINFO（办件基本信息）、PRE_PROCESS（办理环节）、PRE_SPECIALPROCEDURE（特别程序）、PRE_EVALUATION（好差评），按办件编号（PROJID）关联。支持 csv（文件名含表名）、xlsx（每表一个工作表）和 json；按办件编号和版本号去重，重复导入不产生变化；有问题的行逐行报告，其所属办件整体不写入，其余照常导入。</Typography.Text>
          <Space>
            <Button icon={<DownloadOutlined />} onClick={() => void download("/api/cases/intake/template", "办件交换表模板.xlsx")}>下载模板</Button>
            <Upload name="file" multiple action="/api/cases/intake/files" accept=".csv,.xlsx,.json" headers={{ "x-csrf-token": s.csrfToken }} showUploadList={false}
              onChange={(info) => {
                if (info.file.status === "uploading") { setError(null); setPercent(Math.round(info.file.percent ?? 0)); }
                if (info.file.status === "done") { setPercent(100); setReport(info.file.response as Report); void qc.invalidateQueries({ queryKey: ["cases"] }); }
                if (info.file.status === "error") { setPercent(null); setError((info.file.response as { message?: string } | undefined)?.message ?? "导入失败"); }
              }}>
              <Button type="primary" icon={<UploadOutlined />}>选择交换表文件</Button>
            </Upload>
          </Space>
          {percent !== null && <Progress percent={percent} aria-label={`上传进度 ${percent}%`} status={percent < 100 ? "active" : "success"} format={(p) => (p === 100 ? (report ? "已完成" : "处理中") : `上传 ${p}%`)} />}
          {error && <Alert type="error" showIcon message={error} />}
        </Space>
      </Card>
      {report && (
        <>
          <Row gutter={8}>
            {[["读取行数", report.rows], ["办件", report.cases], ["新增", report.inserted], ["更新", report.updated], ["撤销", report.deleted], ["无变化", report.unchanged], ["未导入", report.rejected], ["新增评价", report.evaluations]].map(([t, v]) => (
              <Col key={String(t)} span={3}><Card size="small"><Statistic title={String(t)} value={Number(v)} /></Card></Col>
            ))}
          </Row>
          <Card size="small" title={`问题清单（${report.problems.length} 条）`} extra={report.problems.length ? <Button size="small" onClick={saveProblems}>下载问题清单</Button> : null}>
            <Table size="small" rowKey={(p) => `${p.table}-${p.row}-${p.field}-${p.projid}`} dataSource={report.problems} pagination={{ pageSize: 20 }} columns={[
              { title: "表", dataIndex: "table", render: (v: string) => TABLES[v] ?? v }, { title: "行号", dataIndex: "row" }, { title: "办件编号", dataIndex: "projid" }, { title: "字段", dataIndex: "field" }, { title: "问题", dataIndex: "message" },
            ]} />
          </Card>
        </>
      )}
    </Space>
  );
}

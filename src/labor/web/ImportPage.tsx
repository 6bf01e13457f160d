/**
 * 批量导入 (S-LABOR): download the template, upload a township's xlsx/csv, read the preview (rows, valid, errors,
 * new/existing, the first errors by row/column/reason, the full error report as xlsx), then 确认导入: the commit runs
 * on the server (wait=false) and this page polls its progress into a progress bar until it is done. Below, the import
 * batches made in the operator's scope, each of which can be opened again (an interrupted one can be resumed).
 */
import { useEffect, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App as AntApp, Button, Card, Descriptions, Progress, Space, Statistic, Table, Tag, Typography, Upload, Row, Col } from "antd";
import { CheckOutlined, CloseOutlined, DownloadOutlined, FileExcelOutlined, UploadOutlined } from "@ant-design/icons";
import { api, download } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";
import { fmtTime } from "../../web/labels.js";
import { IMPORT_STATUS, type BatchView, type ImportProblem } from "./common.js";

function StatusTag({ b }: { b: BatchView }) {
  if (b.interrupted) return <Tag color="warning">已中断，可继续导入</Tag>;
  const st = IMPORT_STATUS[b.status] ?? { text: b.status, color: "default" };
  return <Tag color={st.color}>{st.text}</Tag>;
}

function BatchPanel({ id, onClose }: { id: number; onClose: () => void }) {
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const q = useQuery({
    queryKey: ["labor", "import", id],
    queryFn: () => api.get<BatchView>(`/api/labor/import/${id}`),
    refetchInterval: (query) => (query.state.data?.status === "committing" && !query.state.data.interrupted ? 500 : false),
  });
  const b = q.data;
  const status = b?.status;
  useEffect(() => {
    if (status === "committed" || status === "failed") void queryClient.invalidateQueries({ queryKey: ["labor", "imports"] });
  }, [status, queryClient]);
  if (!b) return <Card loading />;

  const commit = async () => {
    setBusy(true);
    try {
      const v = await api.post<BatchView>(`/api/labor/import/${id}/commit`, { wait: false });
      queryClient.setQueryData(["labor", "import", id], v);
      await queryClient.invalidateQueries({ queryKey: ["labor", "import", id] });
    } finally {
      setBusy(false);
    }
  };
  const cancel = async () => {
    setBusy(true);
    try {
      const v = await api.post<BatchView>(`/api/labor/import/${id}/cancel`, {});
      queryClient.setQueryData(["labor", "import", id], v);
      void message.info("已取消本批导入，登记库未作改动");
      await queryClient.invalidateQueries({ queryKey: ["labor", "imports"] });
    } finally {
      setBusy(false);
    }
  };
  const errorsXlsx = async () => {
    try {
      await download(`/api/labor/import/${id}/errors.xlsx`, `导入错误报告_${id}.xlsx`);
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  const finished = b.status === "committed";
  const percent = Math.round(b.progress * 100);

  return (
    <Card
      size="small"
      title={<Space><FileExcelOutlined />{b.fileName}<StatusTag b={b} /></Space>}
      extra={<Button size="small" icon={<CloseOutlined />} onClick={onClose}>关闭</Button>}
      data-testid="import-batch"
    >
      <Space direction="vertical" style={{ width: "100%" }} size="middle">
        <Row gutter={16}>
          <Col span={4}><Statistic title="数据行" value={b.totalRows} /></Col>
          <Col span={4}><Statistic title="校验通过" value={b.validRows} valueStyle={{ color: "#389e0d" }} /></Col>
          <Col span={4}><Statistic title="有错误的行" value={b.errorRows} valueStyle={{ color: b.errorRows ? "#cf1322" : undefined }} /></Col>
          <Col span={4}><Statistic title="新增人员" value={b.newRows} /></Col>
          <Col span={4}><Statistic title="已登记人员" value={b.existingRows} /></Col>
          <Col span={4}><Statistic title="提示" value={b.warningCount} /></Col>
        </Row>
        {b.emptyRowsSkipped > 0 && <Typography.Text type="secondary">已跳过空行 {b.emptyRowsSkipped} 行。</Typography.Text>}
        {b.message && <Alert type={b.status === "failed" ? "error" : "info"} showIcon message={b.message} />}

        {(b.status === "committing" || finished || b.status === "failed") && (
          <div data-testid="import-progress">
            <Typography.Text>导入进度：{b.rowsDone} / {b.totalRows} 行</Typography.Text>
            <Progress percent={percent} aria-label={`导入进度 ${percent}%`} status={b.status === "failed" || b.interrupted ? "exception" : finished ? "success" : "active"} />
          </div>
        )}
        {finished && (
          <Alert
            type="success"
            showIcon
            data-testid="import-result"
            message={`导入完成：新增 ${b.inserted} 人，更新 ${b.updated} 人，未变化 ${b.unchanged} 人，拒绝 ${b.errorRows + b.rejected} 行${b.errorRows + b.rejected > 0 ? `（校验未通过 ${b.errorRows} 行${b.rejected ? `，入库时拒绝 ${b.rejected} 行` : ""}）` : ""}，变更记录 ${b.historyRows} 条`}
          />
        )}

        <Space>
          {(b.status === "validated" || b.status === "failed" || b.interrupted) && (
            <Button type="primary" icon={<CheckOutlined />} loading={busy} disabled={!b.validRows} onClick={() => void commit()}>
              {b.status === "validated" ? `确认导入（${b.validRows} 行）` : "继续导入"}
            </Button>
          )}
          {b.status === "validated" && <Button loading={busy} onClick={() => void cancel()}>取消本批</Button>}
          {b.errorRows + b.warningCount > 0 && <Button icon={<DownloadOutlined />} onClick={() => void errorsXlsx()}>下载错误报告</Button>}
        </Space>

        {b.firstErrors.length > 0 && (
          <Table<ImportProblem>
            size="small"
            title={() => `前 ${b.firstErrors.length} 条问题（完整清单见错误报告）`}
            rowKey={(r) => `${r.rowNo}-${r.column}-${r.code}-${r.message}`}
            pagination={false}
            dataSource={b.firstErrors}
            data-testid="import-errors"
            columns={[
              { title: "行号", dataIndex: "rowNo", width: 80 },
              { title: "列", dataIndex: "column", render: (v: string | null) => v ?? "—" },
              { title: "内容", dataIndex: "value", render: (v: string | null) => v ?? "—" },
              { title: "原因", dataIndex: "message" },
              { title: "级别", dataIndex: "severity", render: (v: string) => (v === "error" ? <Tag color="red">错误</Tag> : <Tag color="gold">提示</Tag>) },
            ]}
          />
        )}
        {b.mapping.length > 0 && (
          <Descriptions size="small" title="列对应" column={4} bordered>
            {b.mapping.map((m) => (
              <Descriptions.Item key={m.column} label={m.header}>{m.label ?? <Typography.Text type="secondary">未使用</Typography.Text>}</Descriptions.Item>
            ))}
          </Descriptions>
        )}
      </Space>
    </Card>
  );
}

export default function ImportPage() {
  const s = useCurrentSession();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState<number | null>(null);
  const [uploading, setUploading] = useState(false);
  const history = useQuery({ queryKey: ["labor", "imports"], queryFn: () => api.get<{ items: BatchView[] }>("/api/labor/import") });

  const template = async () => {
    try {
      await download("/api/labor/import/template", "劳动力资源信息导入模板.xlsx");
    } catch (e) {
      void message.error((e as Error).message);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>批量导入</Typography.Title>
      <Card size="small">
        <Space direction="vertical">
          <Typography.Text>
            上传乡镇报送的劳动力资源调查表（xlsx 或 csv，不超过 20 MB）。系统先逐行校验并给出预览，确认后才写入信息库；按身份证号新增或更新，变更留有记录。
          </Typography.Text>
          <Space>
            <Button icon={<DownloadOutlined />} onClick={() => void template()}>下载模板</Button>
            <Upload
              name="file"
              action="/api/labor/import"
              accept=".xlsx,.csv"
              headers={{ "x-csrf-token": s.csrfToken }}
              showUploadList={false}
              onChange={(info) => {
                if (info.file.status === "uploading") setUploading(true);
                if (info.file.status === "done") {
                  setUploading(false);
                  const v = info.file.response as BatchView;
                  queryClient.setQueryData(["labor", "import", v.id], v);
                  setCurrent(v.id);
                  void queryClient.invalidateQueries({ queryKey: ["labor", "imports"] });
                  void message.success(`已校验 ${v.totalRows} 行：通过 ${v.validRows} 行，有错误 ${v.errorRows} 行`);
                }
                if (info.file.status === "error") {
                  setUploading(false);
                  void message.error((info.file.response as { message?: string } | undefined)?.message ?? "上传失败");
                  void queryClient.invalidateQueries({ queryKey: ["labor", "imports"] });
                }
              }}
            >
              <Button type="primary" icon={<UploadOutlined />} loading={uploading}>上传文件并校验</Button>
            </Upload>
          </Space>
        </Space>
      </Card>

      {current !== null && <BatchPanel key={current} id={current} onClose={() => setCurrent(null)} />}

      <Card size="small" title="导入记录">
        <Table<BatchView>
          rowKey="id"
          size="small"
          loading={history.isFetching}
          dataSource={history.data?.items ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          onRow={(r) => ({ onClick: () => setCurrent(r.id), style: { cursor: "pointer" } })}
          columns={[
            { title: "批次", dataIndex: "id", width: 70 },
            { title: "文件", dataIndex: "fileName" },
            { title: "导入人", dataIndex: "actorName", render: (v: string | null) => v ?? "—" },
            { title: "上传时间", dataIndex: "createdAt", render: (v: string) => fmtTime(v) },
            { title: "状态", key: "status", render: (_: unknown, b) => <StatusTag b={b} /> },
            { title: "数据行", dataIndex: "totalRows" },
            { title: "错误行", dataIndex: "errorRows" },
            { title: "新增", dataIndex: "inserted" },
            { title: "更新", dataIndex: "updated" },
            { title: "完成时间", dataIndex: "finishedAt", render: (v: string | null) => fmtTime(v) },
          ]}
        />
      </Card>
    </Space>
  );
}

/** 分析报告 (S-ANALYTICS): the monthly report PDFs of the regions in the viewer's scope, generated and archived by a job. */
import { useQuery } from "@tanstack/react-query";
import { Alert, App as AntApp, Button, Card, Space, Table, Typography } from "antd";
import { FilePdfOutlined } from "@ant-design/icons";
import { api, download } from "../../web/api.js";

interface Report {
  id: number;
  period: string;
  regionCode: string;
  regionName: string;
  size: number;
  createdAt: string;
}

export default function ReportsPage() {
  const { message } = AntApp.useApp();
  const q = useQuery({ queryKey: ["analytics", "reports"], queryFn: () => api.get<{ items: Report[] }>("/api/analytics/reports") });
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>分析报告</Typography.Title>
      <Alert type="info" showIcon message="每月1日自动生成上月的州级和各县（市）月度分析报告（表格与图表），归档后可随时下载；您只能看到本级及下级地区的报告。" />
      <Card size="small">
        <Table<Report>
          size="small"
          rowKey="id"
          loading={q.isLoading}
          dataSource={q.data?.items ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: "月份", dataIndex: "period" },
            { title: "地区", dataIndex: "regionName" },
            { title: "大小", align: "right", render: (_, r) => `${Math.max(1, Math.round(r.size / 1024))} KB` },
            { title: "生成时间", render: (_, r) => new Date(r.createdAt).toLocaleString("zh-CN") },
            {
              title: "操作",
              render: (_, r) => (
                <Button size="small" icon={<FilePdfOutlined />} onClick={() => download(`/api/analytics/reports/${r.id}/pdf`, `${r.regionName}人社数据分析月报-${r.period}.pdf`).catch((e: Error) => void message.error(e.message))}>下载PDF</Button>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

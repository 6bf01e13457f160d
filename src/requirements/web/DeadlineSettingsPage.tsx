/** 办理期限设置 (X3, R10): the 州信息中心 sets the working-day deadline of each step, for 一般 and 紧急 requirements. */
import { useEffect } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Alert, Button, Card, Form, InputNumber, Table } from "antd";
import { api } from "../../web/api.js";

type Deadlines = { normal: Record<string, number>; urgent: Record<string, number> };

export default function DeadlineSettingsPage() {
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const q = useQuery({ queryKey: ["req-settings"], queryFn: () => api.get<{ deadlines: Deadlines; names: Record<string, string> }>("/api/requirements/settings") });
  const [form] = Form.useForm<Deadlines>();
  useEffect(() => {
    if (q.data) form.setFieldsValue(q.data.deadlines);
  }, [q.data, form]);
  const save = async () => {
    const v = await form.validateFields();
    try {
      await api.put("/api/requirements/settings", { deadlines: v });
      message.success("办理期限已保存，对此后进入各环节的需求生效");
      await qc.invalidateQueries({ queryKey: ["req-settings"] });
      await qc.invalidateQueries({ queryKey: ["req-meta"] });
    } catch {
      // shown by the API client
    }
  };
  const keys = Object.keys(q.data?.names ?? {});
  return (
    <Card title="业务需求办理期限（工作日）" loading={q.isLoading} extra={<Button type="primary" onClick={() => void save().catch(() => undefined)}>保存</Button>}>
      <Alert style={{ marginBottom: 12 }} type="info" showIcon message="期限按工作日计算（法定节假日、调休以工作日历为准），事件当日不计入；临期前一个工作日提醒办理单位，逾期后提醒并报州信息中心督办。紧急需求的期限不能长于一般需求。" />
      <Form form={form} component={false}>
        <Table
          rowKey={(k) => k}
          size="small"
          pagination={false}
          dataSource={keys}
          columns={[
            { title: "环节", render: (_: unknown, k: string) => q.data?.names[k] },
            { title: "一般", width: 160, render: (_: unknown, k: string) => <Form.Item name={["normal", k]} noStyle rules={[{ required: true }]}><InputNumber min={1} max={250} aria-label={`一般 ${k}`} /></Form.Item> },
            { title: "紧急", width: 160, render: (_: unknown, k: string) => <Form.Item name={["urgent", k]} noStyle rules={[{ required: true }]}><InputNumber min={1} max={250} aria-label={`紧急 ${k}`} /></Form.Item> },
          ]}
        />
      </Form>
    </Card>
  );
}

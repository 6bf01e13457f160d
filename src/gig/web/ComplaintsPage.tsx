/**
 * 劳动维权 (S-GIG): arrears complaints in scope — 受理 → 调查 → 调解/移交劳动监察 → 结果 — with their working-day
 * deadline (open ones first, overdue marked); 受理投诉 records a worker's complaint.
 */
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Card, Drawer, Form, Input, InputNumber, Modal, Select, Space, Steps, Table, Tag } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api } from "../../web/api.js";
import { COMPLAINT_STATUS, OUTCOME_NAME, yuan, type Page } from "./common.js";

interface Row { id: number; status: string; outcome: string | null; result: string | null; description: string; amountFen: number | null; dueDate: string; workerName: string; employerName: string; overdue: boolean }
interface Detail extends Row { steps: { id: number; step: string; note: string; actorName: string | null; at: string }[] }
const NEXT: Record<string, string[]> = { accepted: ["investigating"], investigating: ["mediation", "transferred"], mediation: ["closed", "transferred"], transferred: ["closed"], closed: [] };

export default function ComplaintsPage() {
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [viewing, setViewing] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const [stepForm] = Form.useForm();
  const list = useQuery({ queryKey: ["gig", "complaints"], queryFn: () => api.get<Page<Row>>("/api/gig/complaints?pageSize=100") });
  const detail = useQuery({ queryKey: ["gig", "complaint", viewing], queryFn: () => api.get<Detail>(`/api/gig/complaints/${viewing}`), enabled: viewing !== null });
  const workers = useQuery({ queryKey: ["gig", "workers", "pick"], queryFn: () => api.get<Page<{ id: number; name: string; idNumberMasked: string }>>("/api/gig/workers?pageSize=200"), enabled: creating });
  const employers = useQuery({ queryKey: ["gig", "employers", "all"], queryFn: () => api.get<Page<{ id: number; name: string }>>("/api/gig/employers?pageSize=200"), enabled: creating });
  const refresh = () => void qc.invalidateQueries({ queryKey: ["gig"] });
  const create = async () => {
    const v = await form.validateFields();
    const r = await api.post<{ dueDate: string }>("/api/gig/complaints", { workerId: v.workerId, employerId: v.employerId, amountFen: v.amount ? Math.round(v.amount * 100) : null, description: v.description });
    message.success(`已受理，应于 ${r.dueDate} 前办结`);
    setCreating(false);
    form.resetFields();
    refresh();
  };
  const step = async () => {
    const v = await stepForm.validateFields();
    await api.post(`/api/gig/complaints/${viewing}/step`, v);
    stepForm.resetFields();
    refresh();
  };
  const d = detail.data;
  return (
    <Card title="劳动维权" extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>受理投诉</Button>}>
      <Table<Row> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 800 }} onRow={(r) => ({ onClick: () => setViewing(r.id), style: { cursor: "pointer" } })}
        columns={[
          { title: "编号", dataIndex: "id", width: 70 },
          { title: "投诉人", dataIndex: "workerName" },
          { title: "被投诉用工主体", dataIndex: "employerName" },
          { title: "金额（元）", dataIndex: "amountFen", render: yuan },
          { title: "环节", dataIndex: "status", render: (s, r) => <Space><Tag color={s === "closed" ? "default" : "blue"}>{COMPLAINT_STATUS[s]}</Tag>{r.outcome && <Tag>{OUTCOME_NAME[r.outcome]}</Tag>}</Space> },
          { title: "办结时限", dataIndex: "dueDate", render: (v, r) => <Space>{v}{r.overdue && <Tag color="red">已超时</Tag>}</Space> },
        ]} />
      <Drawer title={d ? `投诉 #${d.id}：${d.workerName} 诉 ${d.employerName}` : "投诉"} open={viewing !== null} onClose={() => setViewing(null)} width={Math.min(560, typeof window === "undefined" ? 560 : window.innerWidth)}>
        {d && (
          <Space direction="vertical" style={{ width: "100%" }}>
            <div>{d.description}</div>
            <div>办结时限：{d.dueDate}（工作日计算）</div>
            <Steps direction="vertical" size="small" current={d.steps.length - 1} items={d.steps.map((s) => ({ title: COMPLAINT_STATUS[s.step], description: `${s.note}（${s.actorName ?? ""} ${new Date(s.at).toLocaleString("zh-CN")}）` }))} />
            {NEXT[d.status]!.length > 0 && (
              <Form form={stepForm} layout="vertical">
                <Form.Item name="step" label="下一环节" rules={[{ required: true, message: "请选择环节" }]}><Select options={NEXT[d.status]!.map((s) => ({ value: s, label: s === "closed" ? "办结（结果）" : COMPLAINT_STATUS[s] }))} /></Form.Item>
                <Form.Item noStyle shouldUpdate>{({ getFieldValue }) => getFieldValue("step") === "closed" && <Form.Item name="outcome" label="结果" rules={[{ required: true, message: "请选择结果" }]}><Select options={Object.entries(OUTCOME_NAME).map(([value, label]) => ({ value, label }))} /></Form.Item>}</Form.Item>
                <Form.Item name="note" label="说明" rules={[{ required: true, message: "请填写说明" }]}><Input.TextArea /></Form.Item>
                <Button type="primary" onClick={() => void step()}>提交</Button>
              </Form>
            )}
          </Space>
        )}
      </Drawer>
      <Modal title="受理劳动维权投诉" open={creating} onOk={() => void create()} onCancel={() => setCreating(false)} okText="受理" destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="workerId" label="投诉零工" rules={[{ required: true, message: "请选择零工" }]}><Select showSearch optionFilterProp="label" options={(workers.data?.items ?? []).map((w) => ({ value: w.id, label: `${w.name} ${w.idNumberMasked}` }))} /></Form.Item>
          <Form.Item name="employerId" label="被投诉用工主体" rules={[{ required: true, message: "请选择用工主体" }]}><Select showSearch optionFilterProp="label" options={(employers.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))} /></Form.Item>
          <Form.Item name="amount" label="拖欠金额（元）"><InputNumber min={0} /></Form.Item>
          <Form.Item name="description" label="投诉内容" rules={[{ required: true, message: "请填写投诉内容" }]}><Input.TextArea /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

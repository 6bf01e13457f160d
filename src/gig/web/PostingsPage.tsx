/**
 * 岗位审核队列 and 岗位信息 (S-GIG): with `queue`, the postings waiting for review — 即时快招 first, then the oldest —
 * with the words flagged for the reviewer, approve (publishes) or return with a reason; without, every posting in
 * scope by status. 发布岗位 records a posting for an employer (it waits for review).
 */
import { useState } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, TimePicker } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { Link } from "react-router-dom";
import { api, qs } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { RegionTreeSelect } from "../../labor/web/common.js";
import { LEVEL_NAME, PAY_UNIT, POSTING_STATUS, StatusTag, dateRange, hhmm, useSkills, yuan, type Page, type PostingItem } from "./common.js";

function PostingTable({ status, queue }: { status?: string; queue?: boolean }) {
  const session = useCurrentSession();
  const { modal, message } = AntApp.useApp();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: ["gig", "postings", status, page], queryFn: () => api.get<Page<PostingItem>>(`/api/gig/postings${qs({ status, page, pageSize: 20 })}`), placeholderData: keepPreviousData });
  const review = (p: PostingItem, decision: "approve" | "reject") => {
    let note = "";
    modal.confirm({
      title: decision === "approve" ? `审核通过并发布“${p.title}”` : `退回“${p.title}”`,
      content: <Space direction="vertical" style={{ width: "100%" }}>
        {p.flags.length > 0 && <span>需审核的内容：{p.flags.map((f) => <Tag color="red" key={f}>{f}</Tag>)}</span>}
        <span>用工主体：{p.employerName}（{p.employerVerification === "verified" ? "已实名核验" : "未通过核验"}）</span>
        <Input.TextArea aria-label="审核意见" placeholder={decision === "approve" ? "审核意见（含需审核内容时必填）" : "退回原因（必填）"} onChange={(e) => (note = e.target.value)} />
      </Space>,
      okText: decision === "approve" ? "通过并发布" : "退回",
      onOk: async () => {
        await api.post(`/api/gig/postings/${p.id}/review`, { decision, note: note || null });
        message.success(decision === "approve" ? "岗位已发布" : "岗位已退回");
        void qc.invalidateQueries({ queryKey: ["gig", "postings"] });
      },
    });
  };
  return (
    <Table<PostingItem> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 900 }}
      pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, showSizeChanger: false, onChange: setPage }}
      columns={[
        { title: "岗位", dataIndex: "title", render: (v, p) => <Space direction="vertical" size={0}><Space><Link to={`/gig/postings/${p.id}`}>{v}</Link>{p.urgent && <Tag color="red">即时快招</Tag>}</Space><small>{p.employerName}</small></Space> },
        { title: "技能", render: (_, p) => `${p.skillName}·${LEVEL_NAME[p.minLevel]}及以上` },
        { title: "地点", dataIndex: "villageName" },
        { title: "时间", render: (_, p) => <Space direction="vertical" size={0}><span>{dateRange(p.startDate, p.endDate)}</span><small>{hhmm(p.startMin)}–{hhmm(p.endMin)}</small></Space> },
        { title: "报酬", render: (_, p) => `${yuan(p.payFen)} ${PAY_UNIT[p.payUnit]}` },
        { title: "人数", render: (_, p) => `${p.hiredCount}/${p.headcount}` },
        { title: "状态", dataIndex: "status", render: (s, p) => <Space direction="vertical" size={0}><StatusTag map={POSTING_STATUS} value={s} />{p.flags.map((f) => <Tag color="red" key={f}>{f}</Tag>)}</Space> },
        ...(queue && hasPermission(session, "gig.posting.review") ? [{ title: "审核", render: (_: unknown, p: PostingItem) => <Space wrap><Button type="primary" size="small" onClick={() => review(p, "approve")}>通过</Button><Button size="small" danger onClick={() => review(p, "reject")}>退回</Button></Space> }] : []),
      ]}
    />
  );
}

function NewPosting({ open, onClose }: { open: boolean; onClose: () => void }) {
  const session = useCurrentSession();
  const skills = useSkills();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const employers = useQuery({ queryKey: ["gig", "employers", "all"], queryFn: () => api.get<Page<{ id: number; name: string }>>("/api/gig/employers?pageSize=200"), enabled: open });
  const submit = async () => {
    const v = await form.validateFields();
    const [s, e] = v.dates;
    const [t1, t2] = v.times;
    await api.post("/api/gig/postings", {
      employerId: v.employerId, title: v.title, skillCode: v.skillCode, minLevel: v.minLevel, villageCode: v.villageCode, startDate: s.format("YYYY-MM-DD"), endDate: e.format("YYYY-MM-DD"),
      startMin: t1.hour() * 60 + t1.minute(), endMin: t2.hour() * 60 + t2.minute(), payUnit: v.payUnit, payFen: Math.round(v.pay * 100), payWithinDays: v.payWithinDays, headcount: v.headcount,
      requirements: v.requirements || null, contactName: v.contactName, contactPhone: v.contactPhone, urgent: !!v.urgent, submit: true,
    });
    message.success("岗位已提交，等待驿站审核");
    onClose();
    form.resetFields();
    void qc.invalidateQueries({ queryKey: ["gig", "postings"] });
  };
  return (
    <Modal title="发布岗位（提交审核）" open={open} onOk={() => void submit()} onCancel={onClose} okText="提交审核" destroyOnHidden width={640}>
      <Form form={form} layout="vertical" initialValues={{ minLevel: 1, payUnit: "day", payWithinDays: 1, headcount: 1 }}>
        <Form.Item name="employerId" label="用工主体" rules={[{ required: true, message: "请选择用工主体" }]}><Select showSearch optionFilterProp="label" options={(employers.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))} /></Form.Item>
        <Form.Item name="title" label="岗位名称" rules={[{ required: true, message: "请填写岗位名称" }]}><Input /></Form.Item>
        <Space wrap>
          <Form.Item name="skillCode" label="工种" rules={[{ required: true, message: "请选择工种" }]}><Select style={{ width: 160 }} options={(skills.data?.items ?? []).map((s) => ({ value: s.code, label: s.name }))} /></Form.Item>
          <Form.Item name="minLevel" label="技能要求"><Select style={{ width: 120 }} options={[1, 2, 3].map((l) => ({ value: l, label: `${LEVEL_NAME[l]}及以上` }))} /></Form.Item>
          <Form.Item name="headcount" label="人数"><InputNumber min={1} max={500} /></Form.Item>
        </Space>
        <Form.Item name="villageCode" label="工作地点（村/社区）" rules={[{ required: true, message: "请选择工作地点" }]}><RegionTreeSelect session={session} villagesOnly width="100%" /></Form.Item>
        <Space wrap>
          <Form.Item name="dates" label="用工日期" rules={[{ required: true, message: "请选择日期" }]}><DatePicker.RangePicker /></Form.Item>
          <Form.Item name="times" label="每天时间" rules={[{ required: true, message: "请选择时间" }]}><TimePicker.RangePicker format="HH:mm" minuteStep={15} /></Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="payUnit" label="计酬方式"><Select style={{ width: 120 }} options={Object.entries(PAY_UNIT).map(([value, label]) => ({ value, label }))} /></Form.Item>
          <Form.Item name="pay" label="报酬（元）" rules={[{ required: true, message: "请填写报酬" }]}><InputNumber min={0.01} max={100000} /></Form.Item>
          <Form.Item name="payWithinDays" label="结算周期（天内支付）"><InputNumber min={0} max={30} /></Form.Item>
        </Space>
        <Form.Item name="requirements" label="要求"><Input.TextArea /></Form.Item>
        <Space wrap>
          <Form.Item name="contactName" label="联系人" rules={[{ required: true, message: "请填写联系人" }]}><Input /></Form.Item>
          <Form.Item name="contactPhone" label="联系电话" rules={[{ required: true, message: "请填写联系电话" }]}><Input /></Form.Item>
        </Space>
        <Form.Item name="urgent" valuePropName="checked"><Checkbox>即时快招（当天用工，优先审核）</Checkbox></Form.Item>
      </Form>
    </Modal>
  );
}

export function ReviewQueuePage() {
  return <Card title="岗位审核队列（即时快招优先）"><PostingTable status="pending_review" queue /></Card>;
}

export default function PostingsPage() {
  const session = useCurrentSession();
  const [open, setOpen] = useState(false);
  return (
    <Card title="岗位信息" extra={hasPermission(session, "gig.employer.manage") && <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>发布岗位</Button>}>
      <Tabs items={[undefined, "published", "pending_review", "filled", "draft", "rejected", "closed"].map((s) => ({ key: s ?? "all", label: s ? POSTING_STATUS[s]!.text : "全部", children: <PostingTable status={s} /> }))} />
      <NewPosting open={open} onClose={() => setOpen(false)} />
    </Card>
  );
}

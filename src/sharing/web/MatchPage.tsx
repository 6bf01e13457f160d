/** 撮合 (S-SHARE): candidate 富余 × 缺工 pairs ranked with the score explained; propose; record each side's answer. */
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Form, Input, InputNumber, Modal, Progress, Radio, Space, Table, Tag, Typography, message } from "antd";
import { api } from "../../web/api.js";
import { PROPOSAL_STATUS, ScanButton, StatusTag } from "./common.js";

interface Part { key: string; label: string; points: number; max: number; note: string }
interface SideInfo { id: number; enterpriseName: string; regionName: string | null; post: string; headcount: number; dateFrom: string; dateTo: string; payMonthly?: number | null }
interface Candidate { surplus: SideInfo; shortage: SideInfo; score: number; parts: Part[]; headcount: number }
interface Proposal {
  id: number; lenderName: string; borrowerName: string; headcount: number; score: number; explanation: Part[]; status: string;
  lenderDecision: string | null; lenderReason: string | null; borrowerDecision: string | null; borrowerReason: string | null;
}

const Explain = ({ parts }: { parts: Part[] }) => (
  <Space direction="vertical" size={2} style={{ width: "100%" }}>
    {parts.map((p) => <div key={p.key}><Tag>{p.label} {p.points}/{p.max}</Tag><Typography.Text type="secondary">{p.note}</Typography.Text></div>)}
  </Space>
);
const answer = (d: string | null, reason: string | null) => (d === null ? <Tag>未答复</Tag> : d === "accept" ? <Tag color="green">同意</Tag> : <Tag color="red">拒绝：{reason}</Tag>);

export default function MatchPage() {
  const qc = useQueryClient();
  const cands = useQuery({ queryKey: ["share", "candidates"], queryFn: () => api.get<Candidate[]>("/api/share/candidates") });
  const props = useQuery({ queryKey: ["share", "proposals"], queryFn: () => api.get<Proposal[]>("/api/share/proposals") });
  const [proposing, setProposing] = useState<Candidate | null>(null);
  const [deciding, setDeciding] = useState<Proposal | null>(null);
  const [pf] = Form.useForm();
  const [df] = Form.useForm();
  const refresh = () => { void qc.invalidateQueries({ queryKey: ["share", "candidates"] }); void qc.invalidateQueries({ queryKey: ["share", "proposals"] }); };
  const propose = useMutation({ mutationFn: (v: object) => api.post("/api/share/proposals", v), onSuccess: () => { message.success("已向双方企业推荐"); setProposing(null); refresh(); } });
  const decide = useMutation({ mutationFn: (v: object) => api.post(`/api/share/proposals/${deciding!.id}/decision`, v), onSuccess: () => { message.success("企业答复已记录"); setDeciding(null); df.resetFields(); refresh(); } });
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="large">
      <Card title="候选对接（按匹配度排序）">
        <Table<Candidate> rowKey={(r) => `${r.surplus.id}-${r.shortage.id}`} size="small" loading={cands.isFetching} dataSource={cands.data ?? []} pagination={{ pageSize: 10, hideOnSinglePage: true }}
          expandable={{ expandedRowRender: (r) => <Explain parts={r.parts} />, rowExpandable: () => true }}
          columns={[
            { title: "匹配度", dataIndex: "score", width: 140, render: (v: number) => <Progress percent={v} aria-label={`匹配度 ${v}分`} size="small" format={(p) => `${p}分`} /> },
            { title: "富余（调出）", render: (_, r) => <div>{r.surplus.enterpriseName}<br /><Typography.Text type="secondary">{r.surplus.regionName} · {r.surplus.post} · {r.surplus.headcount}人 · {r.surplus.dateFrom}至{r.surplus.dateTo}</Typography.Text></div> },
            { title: "缺工（调入）", render: (_, r) => <div>{r.shortage.enterpriseName}<br /><Typography.Text type="secondary">{r.shortage.regionName} · {r.shortage.post} · {r.shortage.headcount}人 · {r.shortage.dateFrom}至{r.shortage.dateTo}{r.shortage.payMonthly ? ` · ${r.shortage.payMonthly}元/月` : ""}</Typography.Text></div> },
            { title: "可满足", dataIndex: "headcount", render: (v) => `${v} 人` },
            { title: "操作", render: (_, r) => <Button size="small" type="primary" onClick={() => { setProposing(r); pf.setFieldsValue({ headcount: r.headcount }); }}>推荐对接</Button> },
          ]} />
      </Card>
      <Card title="对接记录">
        <Table<Proposal> rowKey="id" size="small" loading={props.isFetching} dataSource={props.data ?? []} pagination={{ pageSize: 10, hideOnSinglePage: true }}
          expandable={{ expandedRowRender: (r) => <Explain parts={r.explanation} /> }}
          columns={[
            { title: "调出企业", dataIndex: "lenderName" }, { title: "调入企业", dataIndex: "borrowerName" }, { title: "人数", dataIndex: "headcount" }, { title: "匹配度", dataIndex: "score" },
            { title: "调出企业答复", render: (_, r) => answer(r.lenderDecision, r.lenderReason) },
            { title: "调入企业答复", render: (_, r) => answer(r.borrowerDecision, r.borrowerReason) },
            { title: "状态", dataIndex: "status", render: (v) => <StatusTag map={PROPOSAL_STATUS} value={v} /> },
            { title: "操作", render: (_, r) => r.status === "proposed" && <Button size="small" onClick={() => setDeciding(r)}>登记企业答复</Button> },
          ]} />
      </Card>
      <Modal title="推荐对接" open={!!proposing} onCancel={() => setProposing(null)} onOk={() => pf.submit()} confirmLoading={propose.isPending} okText="推荐">
        {proposing && <Explain parts={proposing.parts} />}
        <Form form={pf} layout="vertical" style={{ marginTop: 12 }} onFinish={(v) => propose.mutate({ surplusId: proposing!.surplus.id, shortageId: proposing!.shortage.id, ...v })}>
          <Form.Item name="headcount" label="对接人数" rules={[{ required: true }]}><InputNumber min={1} /></Form.Item>
          <Form.Item name="note" label="说明"><Input.TextArea rows={2} /></Form.Item>
        </Form>
      </Modal>
      <Modal title="登记企业答复" open={!!deciding} onCancel={() => setDeciding(null)} onOk={() => df.submit()} confirmLoading={decide.isPending} okText="登记">
        <Typography.Paragraph type="secondary">企业以加盖公章的书面答复为准，请上传扫描件归档。</Typography.Paragraph>
        <Form form={df} layout="vertical" initialValues={{ side: "lender", decision: "accept" }} onFinish={(v) => decide.mutate(v)}>
          <Form.Item name="side" label="企业"><Radio.Group options={[{ value: "lender", label: `调出：${deciding?.lenderName ?? ""}`, disabled: deciding?.lenderDecision != null }, { value: "borrower", label: `调入：${deciding?.borrowerName ?? ""}`, disabled: deciding?.borrowerDecision != null }]} /></Form.Item>
          <Form.Item name="decision" label="答复"><Radio.Group options={[{ value: "accept", label: "同意" }, { value: "decline", label: "拒绝" }]} /></Form.Item>
          <Form.Item name="reason" label="理由"><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="fileSha256" label="书面答复扫描件" rules={[{ required: true, message: "请上传扫描件" }]}><ScanButton onUploaded={(sha) => df.setFieldValue("fileSha256", sha)} /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/**
 * 协议 (S-SHARE): the 共享用工协议 list, drafting from an accepted match, and the detail — clauses, each worker's consent
 * (signed consent archived), signed scan, PDF, activation, amendments, monthly settlements, early return, disputes.
 */
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography, message } from "antd";
import { FilePdfOutlined, PlusOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { api, download } from "../../web/api.js";
import { AGREEMENT_STATUS, CONSENT, RETURN_KIND, ScanButton, StatusTag, WORKER_STATUS } from "./common.js";

interface AgreementItem { id: number; number: string; lenderName: string; borrowerName: string; post: string; headcount: number; dateFrom: string; dateTo: string; status: string; workers: number; pendingConsents: number; hasScan: boolean }
interface Party { id: number; name: string; creditCode: string; legalRep: string; regionName: string | null }
interface Worker { id: number; name: string; idNumber: string; contractEnd: string; consent: string; status: string; startedOn: string | null; returnDue: string | null; returnKind: string | null; endedOn: string | null }
interface Detail {
  id: number; number: string; status: string; lender: Party; borrower: Party; post: string; headcount: number; headcountRule: string; dateFrom: string; dateTo: string; workPlace: string; hoursRest: string;
  payMonthly: number; payDay: number; workerFee: number; socialInsurance: string; protection: string; injuryLiability: string; hasScan: boolean;
  workers: Worker[]; amendments: { id: number; newHeadcount: number | null; newDateTo: string | null; reason: string; status: string; confirmed: number }[];
  settlements: { id: number; workerName: string; month: string; borrowerPaid: number; borrowerPaidOn: string; lenderPaid: number; lenderPaidOn: string; workerFee: number }[];
  disputes: { id: number; subject: string; status: string; dueDate: string; resolution: string | null }[];
}
interface QrAnswer { requestId: string; qrContent: string; workerName: string }
interface Proposal { id: number; lenderName: string; borrowerName: string; headcount: number; status: string; surplusId: number }
const day = (d: Dayjs | undefined) => d?.format("YYYY-MM-DD");

const DEFAULT_CLAUSES = {
  headcountRule: "经甲乙双方协商一致并经职工本人同意，可在申报人数内增减",
  hoursRest: "每日工作不超过8小时，每周至少休息1日，加班依法支付加班费",
  socialInsurance: "职工社会保险由甲方继续按规定缴纳",
  protection: "乙方提供符合国家规定的劳动安全卫生条件和劳动防护用品，进行岗前安全培训",
  injuryLiability: "职工在乙方工作期间发生工伤的，由甲方依法承担工伤保险责任，甲乙双方可约定补偿办法",
  payDay: 10, workerFee: 0,
};

export function AgreementsPage() {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: ["share", "agreements"], queryFn: () => api.get<AgreementItem[]>("/api/share/agreements") });
  const props = useQuery({ queryKey: ["share", "proposals"], queryFn: () => api.get<Proposal[]>("/api/share/proposals"), enabled: open });
  const proposalId = Form.useWatch("proposalId", form) as number | undefined;
  const surplusId = props.data?.find((p) => p.id === proposalId)?.surplusId;
  const decl = useQuery({ queryKey: ["share", "declaration", surplusId], queryFn: () => api.get<{ workers: { id: number; name: string; idNumber: string; contractEnd: string }[] }>(`/api/share/declarations/${surplusId}`), enabled: !!surplusId });
  const create = useMutation({
    mutationFn: (v: object) => api.post<{ id: number; number: string }>("/api/share/agreements", v),
    onSuccess: (r) => { message.success(`协议 ${r.number} 已起草，请打印签章并登记职工同意`); setOpen(false); form.resetFields(); void qc.invalidateQueries({ queryKey: ["share", "agreements"] }); },
  });
  return (
    <Card title="共享用工协议" extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>起草协议</Button>}>
      <Table<AgreementItem> rowKey="id" size="small" loading={list.isFetching} dataSource={list.data ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: "协议编号", dataIndex: "number", render: (v, r) => <Link to={`/share/agreements/${r.id}`}>{v}</Link> },
          { title: "调出企业", dataIndex: "lenderName" }, { title: "调入企业", dataIndex: "borrowerName" }, { title: "岗位", dataIndex: "post" },
          { title: "人数", render: (_, r) => `${r.workers}/${r.headcount}` }, { title: "期限", render: (_, r) => `${r.dateFrom} 至 ${r.dateTo}` },
          { title: "待确认同意", dataIndex: "pendingConsents", render: (v) => (v ? <Tag color="orange">{v} 人</Tag> : "") },
          { title: "状态", dataIndex: "status", render: (v) => <StatusTag map={AGREEMENT_STATUS} value={v} /> },
        ]} />
      <Modal title="起草共享用工协议" open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} okText="起草" width={760}>
        <Form form={form} layout="vertical" initialValues={DEFAULT_CLAUSES} onFinish={(v) => {
          const { period, ...rest } = v as { period: [Dayjs, Dayjs] } & Record<string, unknown>;
          create.mutate({ ...rest, dateFrom: day(period[0]), dateTo: day(period[1]) });
        }}>
          <Form.Item name="proposalId" label="双方同意的对接" rules={[{ required: true, message: "请选择对接" }]}>
            <Select options={(props.data ?? []).filter((p) => p.status === "accepted").map((p) => ({ value: p.id, label: `${p.lenderName} → ${p.borrowerName}（${p.headcount}人）` }))} />
          </Form.Item>
          <Form.Item name="workerIds" label="共享职工" rules={[{ required: true, message: "请选择职工" }]}>
            <Checkbox.Group options={(decl.data?.workers ?? []).map((w) => ({ value: w.id, label: `${w.name}（合同至 ${w.contractEnd}）` }))} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="headcount" label="协议人数" rules={[{ required: true }]}><InputNumber min={1} /></Form.Item>
            <Form.Item name="period" label="共享期限" rules={[{ required: true, message: "请选择期限" }]}><DatePicker.RangePicker /></Form.Item>
            <Form.Item name="payMonthly" label="劳动报酬（元/人/月）" rules={[{ required: true }]}><InputNumber min={1} /></Form.Item>
            <Form.Item name="payDay" label="次月结算日" rules={[{ required: true }]}><InputNumber min={1} max={28} /></Form.Item>
            <Form.Item name="workerFee" label="向职工收取费用（元）"><InputNumber min={0} /></Form.Item>
          </Space>
          <Form.Item name="post" label="工作岗位" rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="workPlace" label="工作地点" rules={[{ required: true }]}><Input /></Form.Item>
          {(["headcountRule", "hoursRest", "socialInsurance", "protection", "injuryLiability"] as const).map((k) => (
            <Form.Item key={k} name={k} label={{ headcountRule: "人数调整方式", hoursRest: "工作时间和休息休假", socialInsurance: "社会保险", protection: "劳动保护", injuryLiability: "工伤责任" }[k]} rules={[{ required: true }]}><Input.TextArea rows={2} /></Form.Item>
          ))}
        </Form>
      </Modal>
    </Card>
  );
}

function SettleForm({ d, onDone }: { d: Detail; onDone: () => void }) {
  const [f] = Form.useForm();
  const m = useMutation({ mutationFn: (v: object) => api.post(`/api/share/agreements/${d.id}/settlements`, v), onSuccess: () => { message.success("结算已登记"); f.resetFields(); onDone(); } });
  return (
    <Form form={f} layout="inline" initialValues={{ workerFee: 0 }} onFinish={(v: Record<string, unknown> & { borrowerPaidOn: Dayjs; lenderPaidOn: Dayjs; month: Dayjs }) => m.mutate({ ...v, month: v.month.format("YYYY-MM"), borrowerPaidOn: day(v.borrowerPaidOn), lenderPaidOn: day(v.lenderPaidOn) })}>
      <Form.Item name="workerId" rules={[{ required: true, message: "职工" }]}><Select placeholder="职工" style={{ width: 120 }} options={d.workers.filter((w) => w.startedOn).map((w) => ({ value: w.id, label: w.name }))} /></Form.Item>
      <Form.Item name="month" rules={[{ required: true, message: "月份" }]}><DatePicker picker="month" placeholder="月份" /></Form.Item>
      <Form.Item name="borrowerPaid" rules={[{ required: true, message: "金额" }]}><InputNumber placeholder="调入企业支付（元）" style={{ width: 160 }} /></Form.Item>
      <Form.Item name="borrowerPaidOn" rules={[{ required: true, message: "日期" }]}><DatePicker placeholder="支付日期" /></Form.Item>
      <Form.Item name="lenderPaid" rules={[{ required: true, message: "金额" }]}><InputNumber placeholder="调出企业发放（元）" style={{ width: 160 }} /></Form.Item>
      <Form.Item name="lenderPaidOn" rules={[{ required: true, message: "日期" }]}><DatePicker placeholder="发放日期" /></Form.Item>
      <Form.Item name="workerFee"><InputNumber placeholder="向职工收费" /></Form.Item>
      <Button htmlType="submit" loading={m.isPending}>登记结算</Button>
    </Form>
  );
}

export function AgreementDetailPage() {
  const { id } = useParams();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["share", "agreement", id], queryFn: () => api.get<Detail>(`/api/share/agreements/${id}`) });
  const refresh = () => void qc.invalidateQueries({ queryKey: ["share"] });
  const post = useMutation({ mutationFn: ({ url, body }: { url: string; body?: object }) => api.post(url, body ?? {}), onSuccess: () => { message.success("已办理"); refresh(); } });
  const [consentFor, setConsentFor] = useState<{ worker: Worker; amendmentId?: number } | null>(null);
  const [cf] = Form.useForm();
  const [qr, setQr] = useState<QrAnswer | null>(null);
  const qrStatus = useQuery({
    queryKey: ["share", "essc-consent", qr?.requestId], enabled: !!qr, refetchInterval: 2000,
    queryFn: async () => {
      const st = await api.get<{ status: string; consent: string }>(`/api/share/essc-consent/${qr!.requestId}`);
      if (st.status === "used") { message.success(`${qr!.workerName}已通过电子社保卡确认同意`); setQr(null); refresh(); }
      return st;
    },
  });
  const d = q.data;
  if (!d) return <Card loading />;
  const base = `/api/share/agreements/${d.id}`;
  const openAmendment = d.amendments.find((m) => m.status === "pending");
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="large">
      <Card title={<Space>共享用工协议 {d.number}<StatusTag map={AGREEMENT_STATUS} value={d.status} /></Space>} extra={
        <Space>
          <Button icon={<FilePdfOutlined />} onClick={() => download(`${base}/pdf`, `${d.number}.pdf`).catch((e: Error) => message.error(e.message))}>打印协议（PDF）</Button>
          {d.status === "draft" && <ScanButton label={d.hasScan ? "重新上传签章扫描件" : "上传签章扫描件"} onUploaded={(sha) => post.mutate({ url: `${base}/scan`, body: { fileSha256: sha } })} />}
          {d.hasScan && <Button href={`${base}/scan`} target="_blank">查看扫描件</Button>}
          {d.status === "draft" && <Button type="primary" onClick={() => post.mutate({ url: `${base}/activate` })}>协议生效</Button>}
        </Space>
      }>
        <Descriptions size="small" column={2} bordered items={[
          { label: "甲方（调出企业）", children: `${d.lender.name}（${d.lender.creditCode}）` }, { label: "乙方（调入企业）", children: `${d.borrower.name}（${d.borrower.creditCode}）` },
          { label: "岗位", children: d.post }, { label: "工作地点", children: d.workPlace }, { label: "人数", children: `${d.headcount} 人；${d.headcountRule}` },
          { label: "期限", children: `${d.dateFrom} 至 ${d.dateTo}` }, { label: "工作时间和休息休假", children: d.hoursRest },
          { label: "劳动报酬", children: `${d.payMonthly} 元/人/月，乙方于次月 ${d.payDay} 日前付甲方，甲方足额发放职工；向职工收费 ${d.workerFee} 元` },
          { label: "社会保险", children: d.socialInsurance }, { label: "劳动保护", children: d.protection }, { label: "工伤责任", children: d.injuryLiability, span: 2 },
        ]} />
      </Card>
      <Card title="共享职工及本人同意">
        {d.status === "draft" && d.workers.some((w) => w.consent === "pending") && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message="每名职工须本人书面同意（签字同意书扫描归档）后协议方可生效；不同意的职工不参加共享，其劳动关系不受影响。" />}
        <Table<Worker> rowKey="id" size="small" dataSource={d.workers} pagination={false} columns={[
          { title: "姓名", dataIndex: "name" }, { title: "身份证号", dataIndex: "idNumber" }, { title: "劳动合同至", dataIndex: "contractEnd" },
          { title: "本人意愿", dataIndex: "consent", render: (v) => <StatusTag map={CONSENT} value={v} /> },
          { title: "状态", dataIndex: "status", render: (v, r) => `${WORKER_STATUS[v] ?? v}${r.returnKind ? `（${RETURN_KIND[r.returnKind]}）` : ""}` },
          { title: "返岗日", dataIndex: "returnDue" },
          { title: "操作", render: (_, w) => (
            <Space>
              {d.status === "draft" && w.consent === "pending" && <Button size="small" onClick={() => setConsentFor({ worker: w })}>登记本人意愿</Button>}
              {d.status === "draft" && w.consent === "pending" && <Button size="small" onClick={() => post.mutate({ url: `${base}/workers/${w.id}/essc-consent` }, { onSuccess: (r) => setQr(r as QrAnswer) })}>电子社保卡扫码确认</Button>}
              {d.status === "active" && w.status === "active" && openAmendment && <Button size="small" onClick={() => setConsentFor({ worker: w, amendmentId: openAmendment.id })}>变更确认</Button>}
              {d.status === "active" && w.status === "active" && <Button size="small" onClick={() => {
                let reason = "";
                Modal.confirm({ title: `${w.name} 提前返岗`, content: <Input aria-label="提前返岗原因" placeholder="原因" onChange={(e) => (reason = e.target.value)} />, onOk: () => post.mutateAsync({ url: `${base}/early-return`, body: { workerIds: [w.id], date: new Date().toISOString().slice(0, 10), reason } }) });
              }}>提前返岗</Button>}
              {w.status === "returning" && <Button size="small" type="primary" onClick={() => post.mutate({ url: `${base}/workers/${w.id}/return`, body: { date: new Date().toISOString().slice(0, 10) } })}>调出企业确认返岗</Button>}
            </Space>
          ) },
        ]} />
      </Card>
      {d.status === "active" && (
        <Card title="协议变更（人数、期限）">
          {d.amendments.map((m) => <div key={m.id}><Tag color={m.status === "applied" ? "green" : m.status === "refused" ? "red" : "blue"}>{{ pending: "待职工确认", applied: "已生效", refused: "职工不同意" }[m.status]}</Tag>{m.newHeadcount ? `人数改为 ${m.newHeadcount} 人 ` : ""}{m.newDateTo ? `期限延至 ${m.newDateTo} ` : ""}（{m.reason}；已确认 {m.confirmed} 人）</div>)}
          {!openAmendment && <Form layout="inline" style={{ marginTop: 8 }} onFinish={(v: { newHeadcount?: number; newDateTo?: Dayjs; reason: string }) => post.mutate({ url: `${base}/amendments`, body: { newHeadcount: v.newHeadcount, newDateTo: day(v.newDateTo), reason: v.reason } })}>
            <Form.Item name="newHeadcount"><InputNumber placeholder="变更后人数" min={1} /></Form.Item>
            <Form.Item name="newDateTo"><DatePicker placeholder="变更后结束日" /></Form.Item>
            <Form.Item name="reason" rules={[{ required: true, message: "请填写原因" }]}><Input placeholder="变更原因" /></Form.Item>
            <Button htmlType="submit">提出变更</Button>
          </Form>}
        </Card>
      )}
      <Card title="月度结算（调入企业 → 调出企业 → 职工）">
        <Table size="small" rowKey="id" dataSource={d.settlements} pagination={false} columns={[
          { title: "月份", dataIndex: "month" }, { title: "职工", dataIndex: "workerName" }, { title: "调入企业支付（元）", dataIndex: "borrowerPaid" }, { title: "支付日期", dataIndex: "borrowerPaidOn" },
          { title: "调出企业发放（元）", dataIndex: "lenderPaid" }, { title: "发放日期", dataIndex: "lenderPaidOn" }, { title: "向职工收费", dataIndex: "workerFee" },
        ]} />
        {d.status !== "draft" && <div style={{ marginTop: 12 }}><SettleForm d={d} onDone={refresh} /></div>}
      </Card>
      <Card title="争议">
        {d.disputes.map((x) => <div key={x.id}><Tag color={x.status === "open" ? "orange" : "green"}>{x.status === "open" ? `处理中，${x.dueDate} 前办结` : "已处理"}</Tag>{x.subject}{x.resolution ? `：${x.resolution}` : ""}</div>)}
        {d.status === "active" && <Form layout="inline" style={{ marginTop: 8 }} initialValues={{ raisedBy: "worker" }} onFinish={(v: { raisedBy: string; subject: string }) => post.mutate({ url: "/api/share/disputes", body: { agreementId: d.id, ...v } })}>
          <Form.Item name="raisedBy"><Radio.Group options={[{ value: "worker", label: "职工" }, { value: "lender", label: "调出企业" }, { value: "borrower", label: "调入企业" }]} /></Form.Item>
          <Form.Item name="subject" rules={[{ required: true, message: "请填写争议事项" }]}><Input placeholder="争议事项" style={{ width: 300 }} /></Form.Item>
          <Button htmlType="submit">登记争议</Button>
        </Form>}
      </Card>
      <Modal title={qr ? `${qr.workerName}：请本人使用电子社保卡扫码确认` : ""} open={!!qr} onCancel={() => setQr(null)} footer={null}>
        <Typography.Paragraph>职工本人使用电子社保卡扫描下列确认码，核对协议后确认同意参加共享用工。确认码 5 分钟内有效，只能使用一次。</Typography.Paragraph>
        <Typography.Paragraph copyable code data-testid="consent-qr">{qr?.qrContent}</Typography.Paragraph>
        <Typography.Text type="secondary">状态：{qrStatus.data?.status === "expired" ? "已过期，请重新生成" : "等待职工扫码确认……"}</Typography.Text>
      </Modal>
      <Modal title={consentFor ? `${consentFor.worker.name}：${consentFor.amendmentId ? "对协议变更的意愿" : "本人是否同意参加共享用工"}` : ""} open={!!consentFor} onCancel={() => setConsentFor(null)} onOk={() => cf.submit()} okText="登记">
        <Typography.Paragraph type="secondary">请上传职工本人签字的同意书（或不同意说明）扫描件。</Typography.Paragraph>
        <Form form={cf} layout="vertical" initialValues={{ decision: "confirmed" }} onFinish={(v) => {
          const w = consentFor!;
          const url = w.amendmentId ? `${base}/amendments/${w.amendmentId}/workers/${w.worker.id}/consent` : `${base}/workers/${w.worker.id}/consent`;
          post.mutate({ url, body: { ...v, way: "scan" } }, { onSuccess: () => { setConsentFor(null); cf.resetFields(); } });
        }}>
          <Form.Item name="decision"><Radio.Group options={[{ value: "confirmed", label: "同意" }, { value: "refused", label: "不同意" }]} /></Form.Item>
          <Form.Item name="note" label="说明"><Input /></Form.Item>
          <Form.Item name="fileSha256" label="签字扫描件" rules={[{ required: true, message: "请上传扫描件" }]}><ScanButton onUploaded={(sha) => cf.setFieldValue("fileSha256", sha)} /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

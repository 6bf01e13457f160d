/**
 * 岗位详情 with 推荐零工 (为什么推荐) and 录用与考勤 (S-GIG): the posting; recommended workers ranked with their reasons
 * (hard constraints — skill, availability, area, no overlapping booking — are never broken); applications with
 * 录用, 签到/签退 (recorded by staff or confirmed by the employer), 完工结算, 记录支付 (the employer pays the worker
 * directly) and 评价 both ways.
 */
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Rate, Select, Space, Table, Tag, TimePicker } from "antd";
import dayjs from "dayjs";
import { Link, useParams } from "react-router-dom";
import { api } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { APPLICATION_STATUS, CHANNEL_NAME, HARDSHIP_NAME, LEVEL_NAME, PAY_UNIT, POSTING_STATUS, Reasons, StatusTag, dateRange, hhmm, timeOf, yuan, type PostingItem, type Reason } from "./common.js";

interface Attendance { id: number; day: string; checkIn: string; checkOut: string | null; pieces: number | null; confirmedBy: string }
interface Application {
  id: number; status: string; workerId: number; workerName: string; idNumberMasked: string; phoneMasked: string | null; source: string; hiredAt: string | null; cancelReason: string | null;
  attendance: Attendance[]; settlement: { id: number; amountFen: number; quantity: number; status: string; dueDate: string; paidFen: number } | null; ratings: Record<string, number> | null;
}
interface Rec { workerId: number; name: string; level: number; hardship: string[]; credit: number; score: number; reasons: Reason[] }
interface Detail { posting: PostingItem & { employerCredit: number }; applications: Application[]; recommendations: Rec[] }

type Dialog = { kind: "in" | "out"; app: Application } | { kind: "pay"; app: Application } | { kind: "rate"; app: Application } | { kind: "cancel"; app: Application } | null;

export default function PostingDetailPage() {
  const { id } = useParams();
  const session = useCurrentSession();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const d = useQuery({ queryKey: ["gig", "posting", id], queryFn: () => api.get<Detail>(`/api/gig/postings/${id}`) });
  const refresh = () => void qc.invalidateQueries({ queryKey: ["gig"] });
  const match = hasPermission(session, "gig.match.manage");
  const settle = hasPermission(session, "gig.settlement.manage");
  if (!d.data) return <Card loading />;
  const p = d.data.posting;

  const apply = async (workerId: number) => {
    await api.post(`/api/gig/postings/${p.id}/applications`, { workerId, source: "recommendation" });
    message.success("已报名，待确认录用");
    refresh();
  };
  const hire = async (a: Application) => {
    const r = await api.post<{ filled: boolean }>(`/api/gig/applications/${a.id}/hire`);
    message.success(r.filled ? "已录用，岗位已招满" : "已录用");
    refresh();
  };
  const complete = async (a: Application) => {
    const r = await api.post<{ amountFen: number; quantity: number; dueDate: string }>(`/api/gig/applications/${a.id}/complete`);
    message.success(`已完工结算：${r.quantity} × ${yuan(p.payFen)} ${PAY_UNIT[p.payUnit]} = ${yuan(r.amountFen)} 元，应于 ${r.dueDate} 前支付`);
    refresh();
  };
  const open = (dlg: Dialog) => {
    form.resetFields();
    if (dlg && (dlg.kind === "in" || dlg.kind === "out")) form.setFieldsValue({ day: dayjs(p.startDate), time: dayjs(`${p.startDate}T${hhmm(dlg.kind === "in" ? p.startMin : p.endMin)}`), confirmedBy: "staff" });
    if (dlg?.kind === "pay") form.setFieldsValue({ paidOn: dayjs(), amount: (dlg.app.settlement!.amountFen - dlg.app.settlement!.paidFen) / 100, channel: "ssc_account" });
    if (dlg?.kind === "rate") form.setFieldsValue({ direction: dlg.app.ratings?.of_worker ? "of_employer" : "of_worker", score: 5 });
    if (dlg?.kind === "cancel") form.setFieldsValue({ kind: "worker_withdrew" });
    setDialog(dlg);
  };
  const submit = async () => {
    const v = await form.validateFields();
    if (!dialog) return;
    const a = dialog.app;
    if (dialog.kind === "in" || dialog.kind === "out") {
      const day = v.day.format("YYYY-MM-DD");
      await api.post(`/api/gig/applications/${a.id}/${dialog.kind === "in" ? "check-in" : "check-out"}`, { day, at: `${day}T${v.time.format("HH:mm")}:00+08:00`, confirmedBy: v.confirmedBy, ...(dialog.kind === "out" && p.payUnit === "piece" ? { pieces: v.pieces } : {}) });
      message.success(dialog.kind === "in" ? "已签到" : "已签退");
    } else if (dialog.kind === "pay") {
      await api.post(`/api/gig/settlements/${a.settlement!.id}/payments`, { paidOn: v.paidOn.format("YYYY-MM-DD"), amountFen: Math.round(v.amount * 100), channel: v.channel, reference: v.reference || null });
      message.success("支付已记录");
    } else if (dialog.kind === "rate") {
      await api.post(`/api/gig/applications/${a.id}/rate`, { direction: v.direction, score: v.score, comment: v.comment || null });
      message.success("评价已记录");
    } else {
      await api.post(`/api/gig/applications/${a.id}/cancel`, { kind: v.kind, reason: v.reason });
      message.success("已取消");
    }
    setDialog(null);
    refresh();
  };

  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Card title={<Space wrap>{p.title}{p.urgent && <Tag color="red">即时快招</Tag>}<StatusTag map={POSTING_STATUS} value={p.status} /></Space>}>
        <Descriptions column={{ xs: 1, sm: 2, md: 3 }} size="small">
          <Descriptions.Item label="用工主体">{p.employerName}（信用 {p.employerCredit} 分）</Descriptions.Item>
          <Descriptions.Item label="工种">{p.skillName}·{LEVEL_NAME[p.minLevel]}及以上</Descriptions.Item>
          <Descriptions.Item label="工作地点">{p.villageName}</Descriptions.Item>
          <Descriptions.Item label="日期">{dateRange(p.startDate, p.endDate)}</Descriptions.Item>
          <Descriptions.Item label="时间">{hhmm(p.startMin)}–{hhmm(p.endMin)}</Descriptions.Item>
          <Descriptions.Item label="报酬">{yuan(p.payFen)} {PAY_UNIT[p.payUnit]}，完工后 {p.payWithinDays} 天内支付</Descriptions.Item>
          <Descriptions.Item label="招用">{p.hiredCount}/{p.headcount} 人</Descriptions.Item>
          <Descriptions.Item label="联系人">{p.contactName} {p.contactPhoneMasked}</Descriptions.Item>
          <Descriptions.Item label="要求">{p.requirements ?? "—"}</Descriptions.Item>
          {p.reviewNote && <Descriptions.Item label="审核意见">{p.reviewNote}</Descriptions.Item>}
        </Descriptions>
      </Card>
      {match && p.status === "published" && (
        <Card title="推荐零工" size="small">
          <Table<Rec> rowKey="workerId" size="small" dataSource={d.data.recommendations} pagination={false} scroll={{ x: 700 }} locale={{ emptyText: "暂无满足条件（技能、可工作日、区域、无时间冲突）的零工" }}
            columns={[
              { title: "零工", dataIndex: "name", render: (v, r) => <Space><Link to={`/gig/workers/${r.workerId}`}>{v}</Link>{r.hardship.map((h) => <Tag color="volcano" key={h}>{HARDSHIP_NAME[h]}</Tag>)}</Space> },
              { title: "得分", dataIndex: "score", width: 60 },
              { title: "为什么推荐", dataIndex: "reasons", render: (rs: Reason[]) => <Reasons reasons={rs} /> },
              { title: "", width: 90, render: (_, r) => <Button size="small" type="primary" onClick={() => void apply(r.workerId)}>报名</Button> },
            ]} />
        </Card>
      )}
      <Card title="录用与考勤" size="small">
        <Table<Application> rowKey="id" size="small" dataSource={d.data.applications} pagination={false} scroll={{ x: 900 }}
          columns={[
            { title: "零工", dataIndex: "workerName", render: (v, a) => <Space direction="vertical" size={0}><Link to={`/gig/workers/${a.workerId}`}>{v}</Link><small>{a.idNumberMasked}</small></Space> },
            { title: "状态", dataIndex: "status", render: (s, a) => <Space direction="vertical" size={0}><StatusTag map={APPLICATION_STATUS} value={s} />{a.cancelReason && <small>{a.cancelReason}</small>}</Space> },
            { title: "考勤", dataIndex: "attendance", render: (at: Attendance[]) => at.map((x) => <div key={x.id}>{x.day} {timeOf(x.checkIn)}–{timeOf(x.checkOut)}{x.confirmedBy === "employer" ? "（用工方确认）" : "（工作人员记录）"}</div>) },
            { title: "结算", dataIndex: "settlement", render: (s: Application["settlement"]) => (s ? <Space direction="vertical" size={0}><span>应付 {yuan(s.amountFen)} 元（{s.quantity}）</span><span>已付 {yuan(s.paidFen)} 元</span><Tag color={s.status === "paid" ? "green" : "orange"}>{s.status === "paid" ? "已付清" : `待付，${s.dueDate} 前`}</Tag></Space> : "—") },
            { title: "评价", dataIndex: "ratings", render: (r: Application["ratings"]) => (r ? <Space direction="vertical" size={0}>{r.of_worker && <span>对零工 {r.of_worker} 星</span>}{r.of_employer && <span>对用工方 {r.of_employer} 星</span>}</Space> : "—") },
            { title: "操作", render: (_, a) => {
              const open1 = a.attendance.find((x) => !x.checkOut);
              return (
                <Space wrap>
                  {match && a.status === "pending" && <Button size="small" type="primary" onClick={() => void hire(a)}>录用</Button>}
                  {match && a.status === "hired" && !open1 && <Button size="small" onClick={() => open({ kind: "in", app: a })}>签到</Button>}
                  {match && a.status === "hired" && open1 && <Button size="small" onClick={() => open({ kind: "out", app: a })}>签退</Button>}
                  {settle && a.status === "hired" && a.attendance.length > 0 && !open1 && <Button size="small" type="primary" onClick={() => void complete(a)}>完工结算</Button>}
                  {settle && a.settlement && a.settlement.status === "due" && <Button size="small" type="primary" onClick={() => open({ kind: "pay", app: a })}>记录支付</Button>}
                  {match && a.status === "completed" && !(a.ratings?.of_worker && a.ratings?.of_employer) && <Button size="small" onClick={() => open({ kind: "rate", app: a })}>评价</Button>}
                  {match && (a.status === "pending" || a.status === "hired") && <Button size="small" danger onClick={() => open({ kind: "cancel", app: a })}>取消</Button>}
                </Space>
              );
            } },
          ]} />
      </Card>
      <Modal title={dialog?.kind === "in" ? "签到" : dialog?.kind === "out" ? "签退" : dialog?.kind === "pay" ? "记录支付（用工方直接支付给零工）" : dialog?.kind === "rate" ? "评价" : "取消录用"} open={!!dialog} onOk={() => void submit()} onCancel={() => setDialog(null)} okText="确定" destroyOnHidden>
        <Form form={form} layout="vertical">
          {(dialog?.kind === "in" || dialog?.kind === "out") && (
            <>
              <Form.Item name="day" label="日期" rules={[{ required: true }]}><DatePicker /></Form.Item>
              <Form.Item name="time" label="时间" rules={[{ required: true }]}><TimePicker format="HH:mm" minuteStep={5} /></Form.Item>
              {dialog.kind === "out" && p.payUnit === "piece" && <Form.Item name="pieces" label="完成件数" rules={[{ required: true }]}><InputNumber min={0} /></Form.Item>}
              <Form.Item name="confirmedBy" label="确认方式"><Select options={[{ value: "staff", label: "工作人员记录（零工无手机）" }, { value: "employer", label: "用工方确认" }]} /></Form.Item>
            </>
          )}
          {dialog?.kind === "pay" && (
            <>
              <Form.Item name="paidOn" label="支付日期" rules={[{ required: true }]}><DatePicker /></Form.Item>
              <Form.Item name="amount" label="金额（元）" rules={[{ required: true }]}><InputNumber min={0.01} /></Form.Item>
              <Form.Item name="channel" label="支付渠道"><Select options={Object.entries(CHANNEL_NAME).map(([value, label]) => ({ value, label }))} /></Form.Item>
              <Form.Item name="reference" label="凭证号"><Input /></Form.Item>
            </>
          )}
          {dialog?.kind === "rate" && (
            <>
              <Form.Item name="direction" label="评价对象"><Select options={[{ value: "of_worker", label: "用工方评价零工" }, { value: "of_employer", label: "零工评价用工方" }]} /></Form.Item>
              <Form.Item name="score" label="评分"><Rate /></Form.Item>
              <Form.Item name="comment" label="评语"><Input.TextArea /></Form.Item>
            </>
          )}
          {dialog?.kind === "cancel" && (
            <>
              <Form.Item name="kind" label="取消原因类别"><Select options={[{ value: "worker_withdrew", label: "零工退出" }, { value: "employer_cancelled", label: "用工方取消" }, { value: "worker_no_show", label: "零工爽约" }, { value: "employer_no_show", label: "用工方爽约" }, { value: "other", label: "其他" }]} /></Form.Item>
              <Form.Item name="reason" label="说明" rules={[{ required: true, message: "请填写取消原因" }]}><Input.TextArea /></Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Space>
  );
}

/**
 * 差评整改 (S-CASES, 国办发〔2019〕51号): every 差评 through 预审 → 恶意差评核查 → 核实 → 整改或解释说明 → 领导签字 → 回访 →
 * 答复 within its working-day deadline; the late ones are marked; the indicators above (实名差评回访率 must be 100 %).
 */
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Alert, Button, Card, Col, Input, Radio, Row, Segmented, Space, Statistic, Steps, Table, Tag, Typography } from "antd";
import { api, qs } from "../../web/api.js";
import { fmtTime } from "../../web/labels.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { RATING } from "./common.js";

interface Followup {
  id: number; caseId: number; projid: string; serviceName: string; applicantName: string; level: number; content: string | null; realName: boolean; evaluatedAt: string;
  stage: string; stageName: string; dueDate: string; late: boolean; windowName: string | null; staffName: string | null; outcome: string | null; fixSatisfaction: number | null;
  log: { stage: string; byName: string | null; at: string; note: string }[];
}
interface Reviews { counts: Record<string, number>; rates: Record<string, number | null>; late: { id: number; projid: string; window: string | null; dueDate: string; stage: string }[] }

const STAGES = ["pre_review", "malice_check", "verify", "rectify", "signoff", "callback", "reply", "closed"];
const STAGE_TEXT = ["预审", "恶意差评核查", "核实", "整改或解释", "领导签字", "回访", "答复", "办结"];
const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${v}%`);

function Advance({ f, onDone }: { f: Followup; onDone: () => void }) {
  const s = useCurrentSession();
  const [note, setNote] = useState("");
  const [malicious, setMalicious] = useState(false);
  const [outcome, setOutcome] = useState<"整改" | "解释说明">("整改");
  const [satisfaction, setSatisfaction] = useState(2);
  const [busy, setBusy] = useState(false);
  const can = f.stage === "signoff" ? hasPermission(s, "cases.review.signoff") : hasPermission(s, "cases.review.followup");
  if (f.stage === "closed" || f.stage === "malicious") return <Tag color="green">{f.stageName}</Tag>;
  if (!can) return <Typography.Text type="secondary">待{f.stage === "signoff" ? "负责人签字" : "窗口办理"}</Typography.Text>;
  const submit = async () => {
    setBusy(true);
    try {
      await api.post(`/api/cases/followups/${f.id}/advance`, { note, malicious: f.stage === "malice_check" ? malicious : undefined, outcome: f.stage === "rectify" ? outcome : undefined, satisfaction: f.stage === "callback" ? satisfaction : undefined });
      setNote("");
      onDone();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      {f.stage === "malice_check" && <Radio.Group value={malicious} onChange={(e) => setMalicious(e.target.value)} options={[{ value: false, label: "非恶意差评" }, { value: true, label: "恶意差评" }]} />}
      {f.stage === "rectify" && <Radio.Group value={outcome} onChange={(e) => setOutcome(e.target.value)} options={[{ value: "整改", label: "整改" }, { value: "解释说明", label: "解释说明" }]} />}
      {f.stage === "callback" && <Space>评价人对整改的满意度：<Radio.Group value={satisfaction} onChange={(e) => setSatisfaction(e.target.value)} options={RATING.map((r, i) => ({ value: i + 1, label: r }))} /></Space>}
      <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={`${f.stageName}意见`} aria-label="办理意见" />
      <Button type="primary" loading={busy} onClick={() => void submit()}>提交{f.stageName}</Button>
    </Space>
  );
}

export default function ReviewsPage() {
  const s = useCurrentSession();
  const qc = useQueryClient();
  const [view, setView] = useState("open");
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const list = useQuery({ queryKey: ["cases", "followups", view], queryFn: () => api.get<{ items: Followup[] }>(`/api/cases/followups${qs({ open: view === "open" ? "true" : undefined, late: view === "late" ? "true" : undefined, mine: view === "mine" ? "true" : undefined })}`) });
  const stats = useQuery({ enabled: hasPermission(s, "cases.stats.read"), queryKey: ["cases", "reviews", today], queryFn: () => api.get<Reviews>(`/api/cases/stats/reviews?from=${today.slice(0, 4)}-01-01&to=${today}`) });
  const r = stats.data?.rates;
  const refresh = () => void qc.invalidateQueries({ queryKey: ["cases"] });
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>差评整改</Typography.Title>
      {r && (
        <Row gutter={8}>
          {[["好评率", r.goodRate], ["主动评价好评率", r.activeGoodRate], ["未评率", r.unratedRate], ["差评回复率", r.badReplyRate], ["回访整改率", r.callbackRate], ["回访整改满意率", r.callbackSatisfiedRate], ["实名差评回访率", r.realNameCallbackRate]].map(([t, v]) => (
            <Col key={String(t)} span={3}><Card size="small"><Statistic title={String(t)} value={pct(v as number | null)} valueStyle={t === "实名差评回访率" && v !== null && Number(v) < 100 ? { color: "#cf1322" } : undefined} /></Card></Col>
          ))}
        </Row>
      )}
      {stats.data && stats.data.late.length > 0 && <Alert type="error" showIcon message={`实名差评回访率须达到 100%：${stats.data.late.length} 件实名差评已超期未回访`} description={stats.data.late.slice(0, 8).map((l) => `${l.projid}（${l.window ?? "未注明窗口"}，应于 ${l.dueDate} 前完成）`).join("；")} />}
      <Segmented value={view} onChange={(v) => setView(String(v))} options={[{ value: "open", label: "办理中" }, { value: "late", label: "已超期" }, { value: "mine", label: "本窗口" }, { value: "all", label: "全部" }]} />
      <Table<Followup> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []}
        expandable={{ expandedRowRender: (f) => (
          <Space direction="vertical" style={{ width: "100%" }}>
            <Steps size="small" current={Math.max(0, STAGES.indexOf(f.stage))} status={f.stage === "malicious" ? "error" : undefined} items={STAGE_TEXT.map((t) => ({ title: t }))} />
            {f.log.map((l, i) => <div key={i}>{STAGE_TEXT[STAGES.indexOf(l.stage)] ?? l.stage}：{l.note}（{l.byName}，{fmtTime(l.at)}）</div>)}
            <Advance f={f} onDone={refresh} />
          </Space>
        ) }}
        columns={[
          { title: "办件编号", dataIndex: "projid" }, { title: "事项", dataIndex: "serviceName" }, { title: "评价", dataIndex: "level", render: (v: number) => <Tag color="red">{RATING[v - 1]}</Tag> },
          { title: "内容", dataIndex: "content" }, { title: "实名", dataIndex: "realName", render: (v: boolean) => (v ? "是" : "否") }, { title: "窗口", dataIndex: "windowName" }, { title: "责任人", dataIndex: "staffName" },
          { title: "当前环节", dataIndex: "stageName" }, { title: "整改期限", dataIndex: "dueDate", render: (v: string, f) => <span style={{ color: f.late ? "#cf1322" : undefined }}>{v}{f.late ? "（已超期）" : ""}</span> },
        ]}
      />
    </Space>
  );
}

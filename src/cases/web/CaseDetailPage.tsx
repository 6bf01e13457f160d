/** 办件详情 (S-CASES): the live clock (working days used and left, net of 特别程序), steps, 特别程序 timeline, cards, 好差评, history. */
import { useQuery } from "@tanstack/react-query";
import { App as AntApp, Button, Card, Col, Descriptions, Empty, Progress, Row, Space, Statistic, Table, Tag, Timeline, Typography } from "antd";
import { useParams } from "react-router-dom";
import { useState } from "react";
import { api } from "../../web/api.js";
import { fmtTime } from "../../web/labels.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { CARD_STATUS, CardTag, LevelTag, RATING, type Level } from "./common.js";

interface Detail {
  case: Record<string, string | number | null>;
  clock: { effectiveType: string; unit: string; limit: number; used: number; left: number; paused: boolean; warnAt: string | null; promiseDueAt: string; legalDueAt: string | null; overdue: boolean; legalOverdue: boolean; level: Level; warnBefore: number };
  steps: { seq: number; name: string; handler: string | null; opinion: string | null; startedAt: string; endedAt: string | null }[];
  specials: { id: number; kind: string; approver: string | null; reason: string | null; startedAt: string; endedAt: string | null; limitDays: number | null; dueAt: string | null; overdue: boolean }[];
  history: { version: number; source: string; at: string; changes: Record<string, { old: unknown; new: unknown }> }[];
  cards: { id: number; level: "yellow" | "red"; status: string; dueAt: string; issuedAt: string; appealReason: string | null; decision: string | null }[];
  evaluations: { id: number; level: number; channel: string; active: boolean; realName: boolean; content: string | null; evaluatedAt: string }[];
}

export default function CaseDetailPage() {
  const { id } = useParams();
  const s = useCurrentSession();
  const { modal } = AntApp.useApp();
  const [revealed, setRevealed] = useState<{ applicantCardNo: string; contactPhone: string | null } | null>(null);
  const q = useQuery({ queryKey: ["cases", "detail", id], queryFn: () => api.get<Detail>(`/api/cases/cases/${id}`), refetchInterval: 60_000 });
  const d = q.data;
  if (!d) return <Card loading />;
  const c = d.case, k = d.clock;
  const pct = k.limit > 0 ? Math.min(100, Math.round((k.used / k.limit) * 100)) : k.overdue ? 100 : 0;
  const reveal = () => modal.confirm({ title: "查看完整证件号码", content: "查看将记入审计日志，请仅在办理业务需要时查看。", onOk: async () => setRevealed(await api.post(`/api/cases/cases/${id}/reveal`)) });
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>办件 {c.projid} <LevelTag level={k.level} /></Typography.Title>
      <Row gutter={12}>
        <Col span={6}><Card size="small"><Statistic title={`已用（${k.unit}）`} value={k.used} precision={1} /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title={`剩余（${k.unit}）`} value={k.left} precision={1} valueStyle={{ color: k.left < 0 ? "#cf1322" : undefined }} /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="承诺办结时限" value={fmtTime(k.promiseDueAt)} valueStyle={{ fontSize: 18 }} /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="法定时限" value={k.legalDueAt ? fmtTime(k.legalDueAt) : "—"} valueStyle={{ fontSize: 18 }} /></Card></Col>
      </Row>
      <Card size="small" title="计时">
        <Progress percent={pct} aria-label={`${k.used.toFixed(1)} / ${k.limit} ${k.unit}`} status={k.overdue ? "exception" : k.level === "warning" ? "active" : "normal"} format={() => `${k.used.toFixed(1)} / ${k.limit} ${k.unit}`} />
        <Typography.Text type="secondary">
          按{k.effectiveType}计时{c.caseType === "即办件" && k.effectiveType === "承诺件" ? "（即办件当日未办结，按规则转为承诺件）" : ""}；节假日和调休按工作日历计算，特别程序期间不计时{k.paused ? "，当前处于特别程序中，暂停计时" : ""}；承诺时限前 {k.warnBefore} 个{k.unit === "工作小时" ? "工作小时" : "工作日"}预警。
        </Typography.Text>
      </Card>
      <Card size="small" title="办件信息">
        <Descriptions size="small" column={3} items={[
          { label: "事项名称", children: c.serviceName }, { label: "事项编码", children: c.serviceCode }, { label: "实施编码", children: c.implCode },
          { label: "办件类型", children: c.caseType }, { label: "申请人", children: c.applicantName },
          { label: `证件号码（${c.applicantCardType}）`, children: <Space>{revealed?.applicantCardNo ?? c.applicantCardNo}{!revealed && hasPermission(s, "cases.case.reveal-id") && <Button size="small" onClick={reveal}>查看</Button>}</Space> },
          { label: "联系人", children: c.contactName }, { label: "联系电话", children: revealed?.contactPhone ?? c.contactPhone },
          { label: "受理部门", children: c.departmentName }, { label: "受理窗口", children: c.windowName }, { label: "受理人", children: c.acceptStaff },
          { label: "受理时间", children: fmtTime(c.acceptedAt as string) }, { label: "承诺时限", children: `${c.promiseLimit} ${c.limitUnit}` }, { label: "法定时限", children: c.legalLimit === null ? "—" : `${c.legalLimit} ${c.limitUnit}` },
          { label: "办结时间", children: fmtTime(c.finishedAt as string | null) }, { label: "办结结果", children: c.result }, { label: "满意度", children: c.satisfaction },
        ]} />
      </Card>
      <Row gutter={12}>
        <Col span={12}>
          <Card size="small" title="办理环节">
            {d.steps.length ? <Timeline items={d.steps.map((st) => ({ color: st.endedAt ? "green" : "blue", children: <><b>{st.name}</b> {st.handler} <Typography.Text type="secondary">{fmtTime(st.startedAt)} — {st.endedAt ? fmtTime(st.endedAt) : "进行中"}</Typography.Text>{st.opinion ? <div>{st.opinion}</div> : null}</> }))} /> : <Empty description="无环节信息" />}
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title="特别程序（暂停计时）">
            {d.specials.length ? <Timeline items={d.specials.map((sp) => ({ color: sp.overdue ? "red" : sp.endedAt ? "gray" : "purple", children: <><Tag>{sp.kind}</Tag>{sp.reason} <Typography.Text type="secondary">批准人：{sp.approver ?? "—"}</Typography.Text><div>{fmtTime(sp.startedAt)} — {sp.endedAt ? fmtTime(sp.endedAt) : "进行中"}{sp.limitDays ? `（时限 ${sp.limitDays} 个工作日，至 ${fmtTime(sp.dueAt)}）` : ""}{sp.overdue ? <Tag color="red">已超特别程序时限</Tag> : null}</div></> }))} /> : <Empty description="无特别程序" />}
          </Card>
        </Col>
      </Row>
      <Card size="small" title="红黄牌">
        <Table size="small" rowKey="id" pagination={false} dataSource={d.cards} columns={[
          { title: "牌别", dataIndex: "level", render: (v: "yellow" | "red") => <CardTag level={v} /> },
          { title: "超时时刻", dataIndex: "dueAt", render: fmtTime }, { title: "发出时间", dataIndex: "issuedAt", render: fmtTime },
          { title: "状态", dataIndex: "status", render: (v: string) => <Tag color={CARD_STATUS[v]?.color}>{CARD_STATUS[v]?.text ?? v}</Tag> },
          { title: "申诉理由", dataIndex: "appealReason" }, { title: "处理", dataIndex: "decision" },
        ]} />
      </Card>
      <Card size="small" title="好差评">
        <Table size="small" rowKey="id" pagination={false} dataSource={d.evaluations} columns={[
          { title: "评价", dataIndex: "level", render: (v: number) => <Tag color={v >= 4 ? "red" : "green"}>{RATING[v - 1]}</Tag> },
          { title: "渠道", dataIndex: "channel" }, { title: "主动评价", dataIndex: "active", render: (v: boolean) => (v ? "是" : "默认") },
          { title: "实名", dataIndex: "realName", render: (v: boolean) => (v ? "是" : "否") }, { title: "内容", dataIndex: "content" }, { title: "时间", dataIndex: "evaluatedAt", render: fmtTime },
        ]} />
      </Card>
      <Card size="small" title="变更记录">
        <Table size="small" rowKey={(r) => `${r.version}-${r.at}`} pagination={false} dataSource={d.history} columns={[
          { title: "版本", dataIndex: "version" }, { title: "来源", dataIndex: "source" }, { title: "时间", dataIndex: "at", render: fmtTime },
          { title: "变更（原值 → 新值）", dataIndex: "changes", render: (ch: Detail["history"][number]["changes"]) => Object.entries(ch).map(([f, v]) => <div key={f}>{f}：{String(v.old ?? "空")} → {String(v.new ?? "空")}</div>) },
        ]} />
      </Card>
    </Space>
  );
}

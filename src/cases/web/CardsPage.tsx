/** 红黄牌 (S-CASES): cards of my windows (appeal) and, for supervisors, cards to confirm and appeals to decide (撤销/打回/上报). */
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Input, Radio, Segmented, Space, Table, Tag, Typography } from "antd";
import { Link } from "react-router-dom";
import { api, qs } from "../../web/api.js";
import { fmtTime } from "../../web/labels.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { CARD_STATUS, CardTag, type CardItem } from "./common.js";

export default function CardsPage() {
  const s = useCurrentSession();
  const { modal, message } = AntApp.useApp();
  const qc = useQueryClient();
  const canAppeal = hasPermission(s, "cases.card.appeal");
  const canDecide = hasPermission(s, "cases.warning.handle");
  const [view, setView] = useState<string>(canDecide ? "appealed" : "mine");
  const [page, setPage] = useState(1);
  const query = view === "mine" ? { mine: "true" } : view === "all" ? {} : { status: view };
  const list = useQuery({ queryKey: ["cases", "cards", view, page], queryFn: () => api.get<{ items: CardItem[]; total: number }>(`/api/cases/cards${qs({ ...query, page, pageSize: 20 })}`) });
  const refresh = () => void qc.invalidateQueries({ queryKey: ["cases", "cards"] });

  const appeal = (c: CardItem) => {
    let reason = "";
    modal.confirm({
      title: `对${c.level === "red" ? "红牌" : "黄牌"}提出申诉`, content: <Input.TextArea rows={3} placeholder="申诉理由（如：特别程序未计入、系统数据有误）" onChange={(e) => (reason = e.target.value)} />, okText: "提交申诉",
      onOk: async () => { await api.post(`/api/cases/cards/${c.id}/appeal`, { reason }); void message.success("申诉已提交"); refresh(); },
    });
  };
  const decide = (c: CardItem) => {
    let decision: "撤销" | "打回" | "上报" = "打回";
    let note = "";
    modal.confirm({
      title: "处理申诉", width: 480, okText: "确定",
      content: (
        <Space direction="vertical" style={{ width: "100%" }}>
          <div>申诉理由：{c.appealReason}</div>
          <Radio.Group defaultValue="打回" onChange={(e) => (decision = e.target.value)} options={[{ value: "撤销", label: "撤销红黄牌" }, { value: "打回", label: "打回申诉" }, ...(s.account.level === "prefecture" ? [] : [{ value: "上报", label: "上报州级" }])]} />
          <Input.TextArea rows={3} placeholder="处理意见" onChange={(e) => (note = e.target.value)} />
        </Space>
      ),
      onOk: async () => { await api.post(`/api/cases/cards/${c.id}/decide`, { decision, note }); void message.success("已处理"); refresh(); },
    });
  };
  const confirm = async (c: CardItem) => { await api.post(`/api/cases/cards/${c.id}/confirm`); void message.success("已发出"); refresh(); };
  const options = [
    ...(canAppeal ? [{ value: "mine", label: "本窗口" }] : []),
    ...(canDecide ? [{ value: "appealed", label: "待处理申诉" }, { value: "escalated", label: "已上报" }, { value: "pending", label: "待确认" }] : []),
    { value: "issued", label: "已发出" }, { value: "all", label: "全部" },
  ];
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>红黄牌</Typography.Title>
      <Segmented value={view} onChange={(v) => { setView(String(v)); setPage(1); }} options={options} />
      <Table<CardItem> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []}
        pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage }}
        columns={[
          { title: "牌别", dataIndex: "level", render: (v: "yellow" | "red") => <CardTag level={v} /> },
          { title: "办件编号", dataIndex: "projid", render: (v: string, r) => <Link to={`/cases/case/${r.caseId}`}>{v}</Link> },
          { title: "事项", dataIndex: "serviceName" }, { title: "窗口", dataIndex: "windowName" }, { title: "受理人", dataIndex: "acceptStaff" },
          { title: "超时时刻", dataIndex: "dueAt", render: fmtTime }, { title: "发出", dataIndex: "issuedAt", render: fmtTime },
          { title: "状态", dataIndex: "status", render: (v: string) => <Tag color={CARD_STATUS[v]?.color}>{CARD_STATUS[v]?.text ?? v}</Tag> },
          { title: "申诉/处理", render: (_, r) => <>{r.appealReason ? <div>申诉：{r.appealReason}</div> : null}{r.decision ? <div>{r.decision}：{r.decisionNote}</div> : null}</> },
          {
            title: "操作", render: (_, r) => (
              <Space>
                {canAppeal && r.status === "issued" && r.decision !== "打回" && <Button size="small" onClick={() => appeal(r)}>申诉</Button>}
                {canDecide && (r.status === "appealed" || (r.status === "escalated" && s.account.level === "prefecture")) && <Button size="small" type="primary" onClick={() => decide(r)}>处理申诉</Button>}
                {canDecide && r.status === "pending" && <Button size="small" onClick={() => void confirm(r)}>确认发出</Button>}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}

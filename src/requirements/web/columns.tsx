/** The requirement list columns shared by the ledger and the queue (kept apart from the charts so the queue loads light). */
import { Link } from "react-router-dom";
import { Badge, Tag, Tooltip, Typography } from "antd";
import { fmtDay, STATUS_COLORS, TYPE_NAMES, URGENCY_NAMES, type ReqListItem } from "./common.js";

export function StatusTag({ item }: { item: Pick<ReqListItem, "status" | "statusName"> }) {
  return <Tag color={STATUS_COLORS[item.status]}>{item.statusName}</Tag>;
}

export function requirementColumns(extra: { showHolder?: boolean } = {}) {
  return [
    { title: "编号", dataIndex: "number", width: 130, render: (v: string | null, r: ReqListItem) => <Link to={`/requirements/${r.id}`}>{v ?? (r.status === "draft" ? `草稿 #${r.id}` : `待受理编号 #${r.id}`)}</Link> },
    { title: "需求名称", dataIndex: "title", width: 260, ellipsis: true, render: (v: string, r: ReqListItem) => <Link to={`/requirements/${r.id}`}>{v}</Link> },
    { title: "子系统", dataIndex: "subsystemName", width: 150, ellipsis: true },
    { title: "申请单位", dataIndex: "applicantUnitName", width: 150, render: (v: string, r: ReqListItem) => <Tooltip title={r.applicantOrgName}>{v}</Tooltip> },
    { title: "类型", dataIndex: "type", width: 64, render: (v: string) => TYPE_NAMES[v] },
    { title: "紧急程度", dataIndex: "urgency", width: 84, render: (v: string) => (v === "urgent" ? <Tag color="red">紧急</Tag> : URGENCY_NAMES[v]) },
    { title: "当前状态", dataIndex: "status", width: 150, render: (_: unknown, r: ReqListItem) => <StatusTag item={r} /> },
    ...(extra.showHolder === false ? [] : [{ title: "当前办理", dataIndex: "holderUnitName", width: 150, render: (v: string | null) => v ?? "—" }]),
    {
      title: "本环节期限",
      dataIndex: "dueDate",
      width: 170,
      render: (v: string | null, r: ReqListItem) => (v ? r.overdue ? <Badge status="error" text={<Typography.Text type="danger">{v} 逾期</Typography.Text>} /> : <Badge status="processing" text={v} /> : "—"),
    },
    { title: "申请日期", dataIndex: "applyDate", width: 110, render: fmtDay },
  ];
}


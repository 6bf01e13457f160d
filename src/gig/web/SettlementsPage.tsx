/** 结算 (S-GIG): what employers owe workers in scope and the payments recorded; the platform never holds wage money. */
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Card, Segmented, Table, Tag } from "antd";
import { Link } from "react-router-dom";
import { api, qs } from "../../web/api.js";
import { CHANNEL_NAME, PAY_UNIT, yuan, type Page } from "./common.js";

interface Row { id: number; postingId: number; title: string; workerName: string; employerName: string; payUnit: string; quantity: number; rateFen: number; amountFen: number; dueDate: string; status: string; paidFen: number; payments: { paidOn: string; amountFen: number; channel: string }[] }

export default function SettlementsPage() {
  const [status, setStatus] = useState<string>("");
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: ["gig", "settlements", status, page], queryFn: () => api.get<Page<Row>>(`/api/gig/settlements${qs({ status, page, pageSize: 20 })}`), placeholderData: keepPreviousData });
  return (
    <Card title="工资结算" extra={<Segmented value={status} onChange={(v) => { setStatus(v as string); setPage(1); }} options={[{ value: "", label: "全部" }, { value: "due", label: "待支付" }, { value: "paid", label: "已付清" }]} />}>
      <Table<Row> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 900 }}
        pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, showSizeChanger: false, onChange: setPage }}
        columns={[
          { title: "岗位", dataIndex: "title", render: (v, r) => <Link to={`/gig/postings/${r.postingId}`}>{v}</Link> },
          { title: "零工", dataIndex: "workerName" },
          { title: "用工主体", dataIndex: "employerName" },
          { title: "计算", render: (_, r) => `${r.quantity} × ${yuan(r.rateFen)} ${PAY_UNIT[r.payUnit]}` },
          { title: "应付（元）", dataIndex: "amountFen", render: yuan },
          { title: "已付（元）", dataIndex: "paidFen", render: yuan },
          { title: "支付记录", dataIndex: "payments", render: (ps: Row["payments"]) => ps.map((p, i) => <div key={i}>{p.paidOn} {yuan(p.amountFen)} 元 {CHANNEL_NAME[p.channel]}</div>) },
          { title: "状态", dataIndex: "status", render: (s, r) => <Tag color={s === "paid" ? "green" : "orange"}>{s === "paid" ? "已付清" : `待付，${r.dueDate} 前`}</Tag> },
        ]} />
    </Card>
  );
}

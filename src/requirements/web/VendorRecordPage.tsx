/**
 * 运维公司实施记录 (R6(5)): every requirement given to the vendor — acceptance, evaluation, development deadline, internal
 * and business tests, release plan and result, deadlines missed — and its queue of work in hand.
 */
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { Card, Col, Row, Space, Statistic, Table, Tag, Typography } from "antd";
import { api } from "../../web/api.js";
import { fmtTime } from "../../web/labels.js";
import { STATUS_COLORS, type ReqListItem } from "./common.js";

interface RecordItem extends ReqListItem {
  acceptedAt: string | null;
  evaluation: { feasibilityName: string | null; plan: string | null; estimatedWorkdays: number | null; evaluatedAt: string } | null;
  devDueDate: string | null;
  internalTests: { round: number; testDate: string; summary: string; verifiers: string }[];
  businessTests: { round: number; kind: string; passed: boolean; testDate: string; summary: string; verifiers: string }[];
  releasePlan: { scope: string | null; start: string | null; end: string | null; lead: string | null } | null;
  releaseResult: { outcome: "success" | "failed"; note: string | null; releasedAt: string | null } | null;
  missedDeadlines: number;
  vendorWorkdays: number;
}

export default function VendorRecordPage() {
  const q = useQuery({ queryKey: ["req-vendor-record"], queryFn: () => api.get<{ items: RecordItem[]; summary: { total: number; inQueue: number; evaluated: number; released: number; rejected: number } }>("/api/requirements/vendor-record") });
  const s = q.data?.summary;
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Row gutter={16}>
        <Col span={5}><Card size="small"><Statistic title="承接需求" value={s?.total ?? 0} loading={q.isLoading} /></Card></Col>
        <Col span={5}><Card size="small"><Statistic title="在办" value={s?.inQueue ?? 0} /></Card></Col>
        <Col span={5}><Card size="small"><Statistic title="已评估" value={s?.evaluated ?? 0} /></Card></Col>
        <Col span={5}><Card size="small"><Statistic title="已发布上线" value={s?.released ?? 0} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title="不予实施" value={s?.rejected ?? 0} /></Card></Col>
      </Row>
      <Card title="业务需求实施记录（第七条第五项）">
        <Table<RecordItem>
          rowKey="id"
          size="small"
          loading={q.isLoading}
          dataSource={q.data?.items}
          scroll={{ x: 1500 }}
          columns={[
            { title: "编号", dataIndex: "number", width: 130, fixed: "left", render: (v: string | null, r) => <Link to={`/requirements/${r.id}`}>{v ?? `#${r.id}`}</Link> },
            { title: "需求名称", dataIndex: "title", width: 220, ellipsis: true },
            { title: "申请单位", dataIndex: "applicantUnitName", width: 140 },
            { title: "状态", dataIndex: "status", width: 140, render: (_: unknown, r) => <Tag color={STATUS_COLORS[r.status]}>{r.statusName}</Tag> },
            { title: "受理时间", dataIndex: "acceptedAt", width: 160, render: (v: string | null) => (v ? fmtTime(v) : "—") },
            { title: "评估", dataIndex: "evaluation", width: 200, render: (e: RecordItem["evaluation"]) => (e ? `${e.feasibilityName}${e.estimatedWorkdays ? `，预计 ${e.estimatedWorkdays} 个工作日` : ""}` : "—") },
            { title: "开发期限", dataIndex: "devDueDate", width: 110, render: (v: string | null) => v ?? "—" },
            { title: "内部测试", dataIndex: "internalTests", width: 180, render: (t: RecordItem["internalTests"]) => (t.length ? t.map((x) => `第${x.round}轮 ${x.testDate}`).join("；") : "—") },
            {
              title: "业务测试",
              dataIndex: "businessTests",
              width: 200,
              render: (t: RecordItem["businessTests"]) => (t.length ? <Space wrap size={2}>{t.map((x, i) => <Tag key={i} color={x.passed ? "green" : "red"}>第{x.round}轮{x.kind === "center" ? "信息中心" : "业务部门"}{x.passed ? "通过" : "不通过"}</Tag>)}</Space> : "—"),
            },
            { title: "发布计划", dataIndex: "releasePlan", width: 220, render: (p: RecordItem["releasePlan"]) => (p ? `${fmtTime(p.start)} 至 ${fmtTime(p.end)}` : "—") },
            { title: "发布结果", dataIndex: "releaseResult", width: 160, render: (r: RecordItem["releaseResult"]) => (r ? <Space direction="vertical" size={0}><Tag color={r.outcome === "success" ? "green" : "red"}>{r.outcome === "success" ? "成功" : "未成功"}</Tag><Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(r.releasedAt)}</Typography.Text></Space> : "—") },
            { title: "运维用时（工作日）", dataIndex: "vendorWorkdays", width: 110, align: "right" },
            { title: "逾期环节", dataIndex: "missedDeadlines", width: 90, align: "right", render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0) },
          ]}
        />
      </Card>
    </Space>
  );
}

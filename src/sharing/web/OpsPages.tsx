/** 结算, 返岗与争议, 补贴, 统计 (S-SHARE). */
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Statistic, Table, Tabs, Tag, message } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import ReactECharts from "echarts-for-react";
import { api, download } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { AGREEMENT_STATUS, RETURN_KIND, StatusTag } from "./common.js";

const YEARS = (() => { const y = new Date().getFullYear(); return [y - 1, y, y + 1].map((v) => ({ value: v, label: `${v}年` })); })();

export function SettlementsPage() {
  const list = useQuery({ queryKey: ["share", "agreements", "active"], queryFn: () => api.get<{ id: number; number: string; lenderName: string; borrowerName: string; workers: number; dateFrom: string; dateTo: string; status: string }[]>("/api/share/agreements") });
  return (
    <Card title="月度结算：调入企业支付调出企业、调出企业足额发放职工">
      <Table rowKey="id" size="small" loading={list.isFetching} dataSource={(list.data ?? []).filter((a) => a.status !== "draft")} pagination={{ pageSize: 20, hideOnSinglePage: true }} columns={[
        { title: "协议编号", dataIndex: "number" }, { title: "调出企业", dataIndex: "lenderName" }, { title: "调入企业", dataIndex: "borrowerName" }, { title: "共享人数", dataIndex: "workers" },
        { title: "期限", render: (_, r) => `${r.dateFrom} 至 ${r.dateTo}` }, { title: "状态", dataIndex: "status", render: (v) => <StatusTag map={AGREEMENT_STATUS} value={v} /> },
        { title: "操作", render: (_, r) => <Link to={`/share/agreements/${r.id}`}>查看与登记结算</Link> },
      ]} />
    </Card>
  );
}

export function ReturnsPage() {
  const qc = useQueryClient();
  const returns = useQuery({ queryKey: ["share", "returns"], queryFn: () => api.get<{ agreementId: number; number: string; workerId: number; name: string; returnDue: string | null; returnKind: string | null; returnReason: string | null }[]>("/api/share/returns") });
  const disputes = useQuery({ queryKey: ["share", "disputes"], queryFn: () => api.get<{ id: number; agreementId: number; number: string; raisedBy: string; subject: string; status: string; resolution: string | null; dueDate: string }[]>("/api/share/disputes") });
  const post = useMutation({ mutationFn: ({ url, body }: { url: string; body: object }) => api.post(url, body), onSuccess: () => { message.success("已办理"); void qc.invalidateQueries({ queryKey: ["share"] }); } });
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Tabs items={[
      { key: "returns", label: `待确认返岗（${returns.data?.length ?? 0}）`, children: (
        <Table rowKey="workerId" size="small" loading={returns.isFetching} dataSource={returns.data ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} columns={[
          { title: "协议", dataIndex: "number", render: (v, r) => <Link to={`/share/agreements/${r.agreementId}`}>{v}</Link> }, { title: "职工", dataIndex: "name" },
          { title: "返岗类型", dataIndex: "returnKind", render: (v) => RETURN_KIND[v] ?? v }, { title: "应返岗日", dataIndex: "returnDue" }, { title: "原因", dataIndex: "returnReason" },
          { title: "操作", render: (_, r) => <Button size="small" type="primary" onClick={() => post.mutate({ url: `/api/share/agreements/${r.agreementId}/workers/${r.workerId}/return`, body: { date: today } })}>调出企业确认返岗</Button> },
        ]} />
      ) },
      { key: "disputes", label: "争议处理", children: (
        <Table rowKey="id" size="small" loading={disputes.isFetching} dataSource={disputes.data ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} columns={[
          { title: "协议", dataIndex: "number", render: (v, r) => <Link to={`/share/agreements/${r.agreementId}`}>{v}</Link> },
          { title: "提出方", dataIndex: "raisedBy", render: (v: string) => ({ worker: "职工", lender: "调出企业", borrower: "调入企业" })[v] },
          { title: "争议事项", dataIndex: "subject" },
          { title: "办结期限", dataIndex: "dueDate", render: (v, r) => r.status === "open" ? <Tag color={v < today ? "red" : "orange"}>{v}</Tag> : v },
          { title: "处理结果", dataIndex: "resolution" },
          { title: "操作", render: (_, r) => r.status === "open" && <Button size="small" onClick={() => {
            let resolution = "";
            Modal.confirm({ title: "登记处理结果", content: <Input.TextArea aria-label="处理结果" onChange={(e) => (resolution = e.target.value)} />, onOk: () => post.mutateAsync({ url: `/api/share/disputes/${r.id}/resolve`, body: { resolution } }) });
          }}>办结</Button> },
        ]} />
      ) },
    ]} />
  );
}

interface SubsidyAnswer {
  rule: { perWorker: number; minDays: number; cap: number };
  computed: { enterpriseId: number; enterpriseName: string; workers: number; amount: number; basis: { name: string; days: number }[] }[];
  applications: { id: number; enterpriseName: string; creditCode: string; regionName: string | null; workers: number; amount: number; status: string; note: string | null }[];
}

export function SubsidyPage() {
  const s = useCurrentSession();
  const qc = useQueryClient();
  const [year, setYear] = useState(new Date().getFullYear());
  const q = useQuery({ queryKey: ["share", "subsidy", year], queryFn: () => api.get<SubsidyAnswer>(`/api/share/subsidy?year=${year}`) });
  const post = useMutation({ mutationFn: ({ url, body, method }: { url: string; body?: object; method?: "put" }) => (method === "put" ? api.put(url, body) : api.post(url, body)), onSuccess: () => { message.success("已办理"); void qc.invalidateQueries({ queryKey: ["share", "subsidy"] }); } });
  const rule = q.data?.rule;
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="large">
      <Card title="共享用工补贴标准" extra={<Select value={year} options={YEARS} onChange={setYear} />}>
        {rule && (s.account.level === "prefecture" ? (
          <Form layout="inline" key={`${year}-${rule.perWorker}-${rule.cap}`} initialValues={rule} onFinish={(v) => post.mutate({ url: `/api/share/subsidy/rule?year=${year}`, body: v, method: "put" })}>
            <Form.Item name="perWorker" label="每人（元）"><InputNumber min={1} /></Form.Item>
            <Form.Item name="minDays" label="共享满（天）"><InputNumber min={1} /></Form.Item>
            <Form.Item name="cap" label="每家企业上限（元）"><InputNumber min={1} /></Form.Item>
            <Button htmlType="submit">保存标准</Button>
          </Form>
        ) : <span>每名职工共享满 {rule.minDays} 天补贴 {rule.perWorker} 元，每家企业最高 {rule.cap} 元（由州人社部门设置）</span>)}
      </Card>
      <Card title="按记录测算（调出企业）" extra={<Button onClick={() => post.mutate({ url: `/api/share/subsidy/applications?year=${year}` })}>生成补贴申请名单</Button>}>
        <Table rowKey="enterpriseId" size="small" dataSource={q.data?.computed ?? []} pagination={false} expandable={{ expandedRowRender: (r) => r.basis.map((b) => `${b.name} ${b.days}天`).join("；") }} columns={[
          { title: "企业", dataIndex: "enterpriseName" }, { title: `满${rule?.minDays ?? 7}天人次`, dataIndex: "workers" }, { title: "补贴金额（元）", dataIndex: "amount" },
        ]} />
      </Card>
      <Card title="补贴申请名单" extra={<Button icon={<DownloadOutlined />} onClick={() => download(`/api/share/subsidy/applications.xlsx?year=${year}`, `共享用工补贴${year}.xlsx`).catch((e: Error) => message.error(e.message))}>导出 Excel</Button>}>
        <Table rowKey="id" size="small" dataSource={q.data?.applications ?? []} pagination={false} columns={[
          { title: "企业", dataIndex: "enterpriseName" }, { title: "统一社会信用代码", dataIndex: "creditCode" }, { title: "所在地", dataIndex: "regionName" }, { title: "人次", dataIndex: "workers" }, { title: "金额（元）", dataIndex: "amount" },
          { title: "状态", dataIndex: "status", render: (v: string) => <Tag color={v === "approved" ? "green" : v === "rejected" ? "red" : "blue"}>{({ pending: "待审批", approved: "已审批", rejected: "未通过" } as Record<string, string>)[v]}</Tag> },
          { title: "操作", render: (_, r) => r.status === "pending" && hasPermission(s, "share.review") && <Space>
            <Button size="small" type="primary" onClick={() => post.mutate({ url: `/api/share/subsidy/applications/${r.id}/decision`, body: { decision: "approve" } })}>审批通过</Button>
            <Button size="small" danger onClick={() => { let note = ""; Modal.confirm({ title: "不通过", content: <Input aria-label="审批意见" onChange={(e) => (note = e.target.value)} />, onOk: () => post.mutateAsync({ url: `/api/share/subsidy/applications/${r.id}/decision`, body: { decision: "reject", note } }) }); }}>不通过</Button>
          </Space> },
        ]} />
      </Card>
    </Space>
  );
}

interface StatRow { key: string; label: string; declarations: number; proposals: number; agreements: number; workersShared: number; daysShared: number }
interface Stats { year: number; total: StatRow; byCounty: StatRow[]; byIndustry: StatRow[]; byMonth: StatRow[]; targets: { regionCode: string; regionName: string; target: number; achieved: number; rate: number }[] }

function bar(rows: StatRow[]) {
  return {
    tooltip: { trigger: "axis" }, legend: { data: ["共享人次", "协议数", "申报数"] },
    xAxis: { type: "category", data: rows.map((r) => r.label) }, yAxis: { type: "value" },
    series: [
      { name: "共享人次", type: "bar", data: rows.map((r) => r.workersShared) },
      { name: "协议数", type: "bar", data: rows.map((r) => r.agreements) },
      { name: "申报数", type: "bar", data: rows.map((r) => r.declarations) },
    ],
  };
}

export function StatsPage() {
  const [year, setYear] = useState(new Date().getFullYear());
  const q = useQuery({ queryKey: ["share", "stats", year], queryFn: () => api.get<Stats>(`/api/share/stats?year=${year}`) });
  const s = q.data;
  const cols = [{ title: "分组", dataIndex: "label" }, { title: "申报数", dataIndex: "declarations" }, { title: "撮合数", dataIndex: "proposals" }, { title: "协议数", dataIndex: "agreements" }, { title: "共享人次", dataIndex: "workersShared" }, { title: "共享天数", dataIndex: "daysShared" }];
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="large">
      <Card title="共享用工统计" extra={<Space><Select value={year} options={YEARS} onChange={setYear} /><Button icon={<DownloadOutlined />} onClick={() => download(`/api/share/stats.xlsx?year=${year}`, `共享用工统计${year}.xlsx`).catch((e: Error) => message.error(e.message))}>导出 Excel</Button></Space>}>
        <Row gutter={16}>
          {([["申报数", "declarations"], ["撮合数", "proposals"], ["协议数", "agreements"], ["共享人次", "workersShared"], ["共享天数", "daysShared"]] as const).map(([t, k]) => <Col key={k} span={4}><Statistic title={t} value={s?.total[k] ?? 0} /></Col>)}
        </Row>
      </Card>
      <Card title="目标完成情况（共享人次）">
        {s && <ReactECharts style={{ height: 260 }} option={{
          tooltip: { trigger: "axis" }, legend: { data: ["年度目标", "已完成"] }, xAxis: { type: "category", data: s.targets.map((t) => t.regionName) }, yAxis: { type: "value" },
          series: [{ name: "年度目标", type: "bar", data: s.targets.map((t) => t.target) }, { name: "已完成", type: "bar", data: s.targets.map((t) => t.achieved), label: { show: true, position: "top", formatter: (p: { dataIndex: number }) => `${s.targets[p.dataIndex]!.rate}%` } }],
        }} />}
      </Card>
      <Card>
        <Tabs items={([["county", "按县市", s?.byCounty], ["industry", "按行业", s?.byIndustry], ["month", "按月份", s?.byMonth]] as const).map(([k, label, rows]) => ({
          key: k, label, children: <>{rows && <ReactECharts style={{ height: 260 }} option={bar(rows)} />}<Table rowKey="key" size="small" dataSource={rows ?? []} pagination={false} columns={cols} /></>,
        }))} />
      </Card>
    </Space>
  );
}

/**
 * One requirement (R1–R14): the 申请表 fields, the vendor's evaluation (R9), the development deadline (R10), the tests
 * (R11), the release plan and result (R12), the timeline of every step with who/when/opinion, the working days spent
 * in each step against its deadline, attachments and signed scans (R7, X4), the two printable PDFs, and the buttons of
 * the steps this account may take now (computed by the server from the lifecycle table).
 */
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "react-router-dom";
import { Alert, App as AntApp, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Table, Tag, Timeline, Typography, Upload } from "antd";
import { DownloadOutlined, EditOutlined, UploadOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { Markdown } from "../../web/markdown.js";
import { api } from "../../web/api.js";
import { fmtTime } from "../../web/labels.js";
import { useCurrentSession } from "../../web/session.js";
import { ACTION_NAMES, download, fmtDay, STATUS_COLORS, TEST_KIND_NAMES, TYPE_NAMES, URGENCY_NAMES, useReqMeta, type Action, type Period, type ReqDetail } from "./common.js";

const DANGER: Action[] = ["withdraw", "reject", "test_fail"];
const SECONDARY: Action[] = ["dept_return", "prefecture_return", "center_return", "reevaluate"];
const OPINION_REQUIRED: Action[] = ["withdraw", "dept_return", "prefecture_return", "center_return", "reject", "reevaluate", "test_fail", "evaluate"];
const OPINION_LABEL: Partial<Record<Action, string>> = {
  dept_approve: "需求申请部门意见",
  prefecture_approve: "州级业务部门意见",
  evaluate: "运维公司评估意见",
  reject: "不予实施的理由",
  test_fail: "测试发现的问题",
  withdraw: "撤回理由",
  reevaluate: "需重新评估的内容",
};
const DEFAULT_OPINION: Partial<Record<Action, string>> = { dept_approve: "同意提交。", prefecture_approve: "同意，请州信息中心组织评估。", approve: "同意实施。" };

function ActionModal({ action, d, onClose, onDone }: { action: Action; d: ReqDetail; onClose: () => void; onDone: () => void }) {
  const meta = useReqMeta();
  const session = useCurrentSession();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const { message } = AntApp.useApp();
  const devDefault = meta.data?.deadlines[d.urgency]?.development;
  const initial: Record<string, unknown> = {
    opinion: DEFAULT_OPINION[action] ?? "",
    testDate: dayjs(),
    verifiers: session.account.name,
    devWorkdays: d.evaluation?.estimatedWorkdays ?? devDefault,
    lead: session.account.name,
    outcome: "success",
    releasedAt: dayjs(),
    feasibility: "feasible",
    vendorUnitId: meta.data?.vendors[0]?.id,
  };
  const submit = async () => {
    const v = await form.validateFields();
    const body: Record<string, unknown> = { opinion: v.opinion ?? "" };
    if (action === "dispatch") body.vendorUnitId = v.vendorUnitId;
    if (action === "evaluate") Object.assign(body, { feasibility: v.feasibility, plan: v.plan, estimatedWorkdays: v.estimatedWorkdays ?? null });
    if (action === "approve") body.devWorkdays = v.devWorkdays;
    if (["internal_test", "test_pass", "test_fail"].includes(action)) Object.assign(body, { testDate: (v.testDate as Dayjs).format("YYYY-MM-DD"), summary: v.summary, verifiers: v.verifiers });
    if (action === "release_plan") Object.assign(body, { scope: v.scope, start: (v.window[0] as Dayjs).toISOString(), end: (v.window[1] as Dayjs).toISOString(), lead: v.lead });
    if (action === "release_result") Object.assign(body, { outcome: v.outcome, releasedAt: (v.releasedAt as Dayjs).toISOString(), note: v.note });
    setBusy(true);
    try {
      const res = await api.post<{ status: string; number: string | null }>(`/api/requirements/${d.id}/actions/${action}`, body);
      message.success(`${ACTION_NAMES[action]}：已办理${res.number && !d.number ? `，编号 ${res.number}` : ""}`);
      onDone();
    } catch {
      // shown by the API client
    } finally {
      setBusy(false);
    }
  };
  const req = (msg: string) => [{ required: true, whitespace: true, message: msg }];
  return (
    <Modal open title={ACTION_NAMES[action]} okText="确认" okButtonProps={{ danger: DANGER.includes(action) }} confirmLoading={busy} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial}>
        {action === "accept" && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="受理后系统按年度顺序生成需求编号（如 XQ-2026-0001），并开始评估计时。" />}
        {action === "dispatch" && (meta.data?.vendors.length ?? 0) > 1 && (
          <Form.Item name="vendorUnitId" label="运维公司" rules={[{ required: true, message: "请选择运维公司" }]}>
            <Select options={meta.data?.vendors.map((v) => ({ value: v.id, label: v.name }))} />
          </Form.Item>
        )}
        {action === "evaluate" && (
          <>
            <Form.Item name="feasibility" label="需求可实施性" rules={[{ required: true }]}>
              <Radio.Group options={meta.data?.feasibilities.map((f) => ({ value: f.code, label: f.name }))} />
            </Form.Item>
            <Form.Item name="plan" label="实施计划" rules={req("评估意见应包含实施计划（第十条）")}>
              <Input.TextArea rows={4} maxLength={5000} />
            </Form.Item>
            <Form.Item name="estimatedWorkdays" label="预计开发工作日">
              <InputNumber min={1} max={500} />
            </Form.Item>
          </>
        )}
        {action === "approve" && (
          <Form.Item name="devWorkdays" label="开发期限（工作日，第十一条）" rules={[{ required: true, message: "请填写开发期限" }]} extra={`默认：${devDefault ?? "—"} 个工作日（${URGENCY_NAMES[d.urgency]}需求）`}>
            <InputNumber min={1} max={250} />
          </Form.Item>
        )}
        {["internal_test", "test_pass", "test_fail"].includes(action) && (
          <>
            <Form.Item name="testDate" label="测试日期" rules={[{ required: true, message: "请选择测试日期" }]}>
              <DatePicker />
            </Form.Item>
            {action !== "test_fail" && (
              <Form.Item name="summary" label={action === "internal_test" ? "内部测试内容与结论" : "测试结果"} rules={req(action === "internal_test" ? "请填写内部测试内容与结论" : "请填写测试结果")}>
                <Input.TextArea rows={3} maxLength={3000} />
              </Form.Item>
            )}
            <Form.Item name="verifiers" label={action === "internal_test" ? "内部测试人员" : "验证人员（将在确认单上签字）"} rules={req("请填写人员")}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        {action === "release_plan" && (
          <>
            <Form.Item name="scope" label="影响业务范围" rules={req("请填写影响业务范围")}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Form.Item name="window" label="起止时间" rules={[{ required: true, message: "请选择发布起止时间" }]}>
              <DatePicker.RangePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="lead" label="运维公司项目负责人" rules={req("请填写项目负责人")}>
              <Input maxLength={40} />
            </Form.Item>
          </>
        )}
        {action === "release_result" && (
          <>
            <Form.Item name="outcome" label="发布结果" rules={[{ required: true }]}>
              <Radio.Group options={[{ value: "success", label: "发布成功" }, { value: "failed", label: "发布未成功（重新安排发布计划）" }]} />
            </Form.Item>
            <Form.Item name="releasedAt" label="发布时间" rules={[{ required: true, message: "请选择发布时间" }]}>
              <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="note" label="结果说明（反馈业务部门）">
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {action !== "accept" && (
          <Form.Item name="opinion" label={OPINION_LABEL[action] ?? "意见"} rules={OPINION_REQUIRED.includes(action) ? req("请填写") : []}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function PeriodTable({ periods }: { periods: Period[] }) {
  return (
    <Table<Period>
      rowKey="stepId"
      size="small"
      pagination={false}
      dataSource={periods}
      columns={[
        { title: "环节", dataIndex: "statusName" },
        { title: "开始", dataIndex: "enteredAt", render: (v: string) => fmtTime(v).slice(0, 16) },
        { title: "结束", dataIndex: "leftAt", render: (v: string | null) => (v ? fmtTime(v).slice(0, 16) : <Tag color="processing">进行中</Tag>) },
        { title: "用时（工作日）", dataIndex: "workdays", align: "right" },
        { title: "期限", dataIndex: "dueDate", render: (v: string | null) => v ?? "—" },
        { title: "期限执行", dataIndex: "met", render: (v: boolean | null, p) => (v === true ? <Tag color="green">按期</Tag> : v === false ? <Tag color="red">{p.leftAt ? "逾期完成" : "已逾期"}</Tag> : p.dueDate ? <Tag>未到期</Tag> : "—") },
      ]}
    />
  );
}

export default function RequirementDetailPage() {
  const { id } = useParams();
  const nav = useNavigate();
  const qc = useQueryClient();
  const session = useCurrentSession();
  const { message } = AntApp.useApp();
  const q = useQuery({ queryKey: ["req", id], queryFn: () => api.get<ReqDetail>(`/api/requirements/${id}`) });
  const [action, setAction] = useState<Action | null>(null);
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ["req", id] });
    await qc.invalidateQueries({ queryKey: ["req-list"] });
    await qc.invalidateQueries({ queryKey: ["req-queue"] });
  };
  if (!q.data) return <Card loading={q.isLoading}>{q.isError && <Alert type="error" showIcon message="业务需求不存在或不在您的查看范围内" />}</Card>;
  const d = q.data;
  const canEdit = d.allowedActions.includes("submit");
  const pdf = (kind: "application" | "release", name: string) => () =>
    download(`/api/requirements/${d.id}/pdf/${kind}`, `${name}-${d.number ?? `草稿${d.id}`}.pdf`).catch((e: Error) => message.error(e.message));
  const scanKinds = [
    { kind: "signed_application", label: "上传申请表签字盖章扫描件", show: !["draft", "withdrawn", "rejected"].includes(d.status) },
    { kind: "signed_release", label: "上传发布确认单签字扫描件", show: ["testing", "release_planning", "releasing", "closed"].includes(d.status) },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="req-number">{d.number ?? (d.status === "draft" ? `草稿 #${d.id}` : `待受理编号 #${d.id}`)}</span>
            <span>{d.title}</span>
            <Tag color={STATUS_COLORS[d.status]} data-testid="req-status">{d.statusName}</Tag>
            {d.urgency === "urgent" && <Tag color="red">紧急</Tag>}
            {d.overdue && <Tag color="error">已逾期</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} onClick={pdf("application", "业务需求申请表")}>申请表 PDF</Button>
            <Button icon={<DownloadOutlined />} onClick={pdf("release", "业务需求程序发布确认单")}>发布确认单 PDF</Button>
          </Space>
        }
      >
        {d.allowedActions.length > 0 && (
          <Alert
            style={{ marginBottom: 16 }}
            type={d.overdue ? "error" : "info"}
            showIcon
            message={`待您办理：${d.statusName}${d.dueDate ? `（期限 ${d.dueDate}${d.overdue ? "，已逾期" : ""}）` : ""}`}
            action={
              <Space wrap>
                {canEdit && <Button icon={<EditOutlined />} onClick={() => nav(`/requirements/${d.id}/edit`)}>修改申请表</Button>}
                {d.allowedActions.map((a) => (
                  <Button key={a} type={DANGER.includes(a) || SECONDARY.includes(a) ? "default" : "primary"} danger={DANGER.includes(a)} onClick={() => setAction(a)}>
                    {ACTION_NAMES[a]}
                  </Button>
                ))}
              </Space>
            }
          />
        )}
        {d.holders.length > 0 && d.allowedActions.length === 0 && (
          <Alert style={{ marginBottom: 16 }} type={d.overdue ? "warning" : "info"} showIcon
            message={`当前由 ${d.holders.map((h) => `${h.unitName}（${h.dutyName}）`).join("、")} 办理${d.dueDate ? `，期限 ${d.dueDate}` : ""}${d.overdue ? "，已逾期" : ""}`} />
        )}
        <Descriptions bordered size="small" column={2}>
          <Descriptions.Item label="编号">{d.number ?? "由运维公司受理时填写"}</Descriptions.Item>
          <Descriptions.Item label="系统名称">恩施州劳动力资源信息平台</Descriptions.Item>
          <Descriptions.Item label="子系统名称">{d.subsystemName}</Descriptions.Item>
          <Descriptions.Item label="申请单位">{d.applicantUnitName}（{d.applicantOrgName}）</Descriptions.Item>
          <Descriptions.Item label="申请日期">{d.applyDate ?? "未提交"}</Descriptions.Item>
          <Descriptions.Item label="州级对口业务部门">{d.applicantLevel === "county" ? d.counterpartUnitName ?? "未选择" : "—（州级申请）"}</Descriptions.Item>
          <Descriptions.Item label="联系人姓名">{d.contactName}</Descriptions.Item>
          <Descriptions.Item label="联系人电话">{d.contactPhone}</Descriptions.Item>
          <Descriptions.Item label="需求类型">{TYPE_NAMES[d.type]}</Descriptions.Item>
          <Descriptions.Item label="紧急程度">{URGENCY_NAMES[d.urgency]}{d.urgency === "urgent" ? `（理由：${d.urgencyReason}）` : ""}</Descriptions.Item>
          <Descriptions.Item label="需求描述" span={2}><Markdown text={d.description} /></Descriptions.Item>
          <Descriptions.Item label="运维公司">{d.vendorUnitName ?? "—"}</Descriptions.Item>
          <Descriptions.Item label="开发期限">{d.devDueDate ? `${d.devDueDate}（${d.devWorkdays} 个工作日）` : "—"}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title="运维公司评估意见（第十条）" size="small" style={{ marginBottom: 16 }}>
            {d.evaluation ? (
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="可实施性">{d.evaluation.feasibilityName}</Descriptions.Item>
                <Descriptions.Item label="实施计划"><span style={{ whiteSpace: "pre-wrap" }}>{d.evaluation.plan}</span></Descriptions.Item>
                <Descriptions.Item label="预计工作日">{d.evaluation.estimatedWorkdays ?? "—"}</Descriptions.Item>
                <Descriptions.Item label="评估意见">{d.evaluation.opinion}</Descriptions.Item>
                <Descriptions.Item label="评估时间">{fmtTime(d.evaluation.evaluatedAt)}</Descriptions.Item>
              </Descriptions>
            ) : <Typography.Text type="secondary">尚未评估</Typography.Text>}
          </Card>
          <Card title="测试确认（第十二条）" size="small" style={{ marginBottom: 16 }}>
            {d.tests.length ? (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={d.tests}
                columns={[
                  { title: "轮次", dataIndex: "round", width: 56 },
                  { title: "测试方", dataIndex: "kind", render: (k: string, t) => `${TEST_KIND_NAMES[k]}${t.unitName ? `（${t.unitName}）` : ""}` },
                  { title: "结果", dataIndex: "passed", width: 72, render: (p: boolean) => (p ? <Tag color="green">通过</Tag> : <Tag color="red">不通过</Tag>) },
                  { title: "测试结果", dataIndex: "summary" },
                  { title: "验证人员", dataIndex: "verifiers", width: 100 },
                  { title: "日期", dataIndex: "testDate", width: 100 },
                ]}
              />
            ) : <Typography.Text type="secondary">尚无测试记录</Typography.Text>}
          </Card>
          <Card title="发布上线计划与结果（第十三条）" size="small">
            {d.releasePlan ? (
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="影响业务范围">{d.releasePlan.scope}</Descriptions.Item>
                <Descriptions.Item label="起止时间">{fmtTime(d.releasePlan.start)} 至 {fmtTime(d.releasePlan.end)}</Descriptions.Item>
                <Descriptions.Item label="运维公司项目负责人">{d.releasePlan.lead}</Descriptions.Item>
                <Descriptions.Item label="填报日期">{d.releasePlan.planDate}</Descriptions.Item>
                {d.releaseResult && (
                  <Descriptions.Item label="发布结果">
                    {d.releaseResult.outcome === "success" ? <Tag color="green">发布成功</Tag> : <Tag color="red">发布未成功</Tag>}
                    {fmtTime(d.releaseResult.releasedAt)} {d.releaseResult.note}
                  </Descriptions.Item>
                )}
              </Descriptions>
            ) : <Typography.Text type="secondary">尚未填报</Typography.Text>}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="办理过程" size="small" style={{ marginBottom: 16 }}>
            <Timeline
              items={d.steps.map((st) => ({
                color: st.toStatus === "returned" || DANGER.includes(st.action as Action) ? "red" : st.toStatus === "closed" ? "green" : "blue",
                children: (
                  <>
                    <Typography.Text strong>{st.actionName}</Typography.Text>
                    <Typography.Text type="secondary"> → {st.toStatusName}</Typography.Text>
                    <div><Typography.Text type="secondary">{st.actorName} · {st.actorUnitName ?? ""} · {st.actorRole} · {fmtTime(st.at)}</Typography.Text></div>
                    {st.opinion && <div>{st.opinion}</div>}
                    {typeof st.data.number === "string" && <div>编号：{st.data.number}</div>}
                    {typeof st.data.devDueDate === "string" && <div>开发期限：{st.data.devDueDate}</div>}
                    {st.dueDate && st.toStatus !== st.fromStatus && <div><Typography.Text type="secondary">本环节期限：{st.dueDate}</Typography.Text></div>}
                  </>
                ),
              }))}
            />
          </Card>
          <Card title="各环节用时（工作日）" size="small">
            <PeriodTable periods={d.periods} />
          </Card>
        </Col>
      </Row>

      <Card title="附件与签字扫描件（归档）" size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={d.attachments.filter((a) => !a.removed)}
          locale={{ emptyText: "暂无附件" }}
          columns={[
            { title: "类别", dataIndex: "kindName", width: 240 },
            { title: "文件", dataIndex: "name", render: (n: string, a) => <a href={`/api/requirements/${d.id}/attachments/${a.id}`} target="_blank" rel="noreferrer">{n}</a> },
            { title: "大小", dataIndex: "size", width: 90, render: (v: number) => `${Math.max(1, Math.round(v / 1024))} KB` },
            { title: "上传人", dataIndex: "uploaderName", width: 100 },
            { title: "上传时间", dataIndex: "uploadedAt", width: 170, render: fmtTime },
          ]}
        />
        <Space style={{ marginTop: 12 }} wrap>
          {scanKinds.filter((k) => k.show).map((k) => (
            <Upload
              key={k.kind}
              name="file"
              action={`/api/requirements/${d.id}/attachments?kind=${k.kind}`}
              accept=".pdf,.jpg,.jpeg,.png"
              headers={{ "x-csrf-token": session.csrfToken }}
              showUploadList={false}
              onChange={(info) => {
                if (info.file.status === "done") { message.success("扫描件已归档"); void refresh(); }
                if (info.file.status === "error") message.error((info.file.response as { message?: string } | undefined)?.message ?? "上传失败");
              }}
            >
              <Button icon={<UploadOutlined />}>{k.label}</Button>
            </Upload>
          ))}
          <Typography.Text type="secondary">打印 PDF、签字盖章后扫描上传（PDF、JPG、PNG，不超过 20 MB）。</Typography.Text>
        </Space>
      </Card>
      {action && <ActionModal action={action} d={d} onClose={() => setAction(null)} onDone={() => { setAction(null); void refresh(); }} />}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>提出人：{d.createdByName ?? "—"} · 创建于 {fmtTime(d.createdAt)} · 最后更新 {fmtTime(d.updatedAt)} · 申请日期 {fmtDay(d.applyDate)}</Typography.Text>
    </Space>
  );
}

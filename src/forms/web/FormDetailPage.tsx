/**
 * One request form: its fields as on paper, the rows with each admin's part, the sign-off timeline, deadlines, the
 * printable PDF (X4) and the archived signed scan (P11); the buttons shown are the actions open to this account.
 */
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "react-router-dom";
import { Alert, App as AntApp, Button, Card, Descriptions, Input, Modal, Space, Table, Tag, Timeline, Tooltip, Typography, Upload } from "antd";
import { CheckOutlined, DownloadOutlined, EditOutlined, RollbackOutlined, UploadOutlined } from "@ant-design/icons";
import { api } from "../../web/api.js";
import { fmtTime } from "../../web/labels.js";
import { useCurrentSession } from "../../web/session.js";
import { CATEGORY_NAMES, CLOCK_NAMES, download, FORM_STATUS, PART_STATUS, STEP_NAMES, type FormDetail } from "./common.js";

const ROLE_POST: Record<string, string> = { account_admin: "账户管理员", permission_admin: "权限管理员", operator: "操作员" };

export default function FormDetailPage() {
  const { id } = useParams();
  const nav = useNavigate();
  const qc = useQueryClient();
  const session = useCurrentSession();
  const { message, modal } = AntApp.useApp();
  const q = useQuery({ queryKey: ["form", id], queryFn: () => api.get<FormDetail>(`/api/forms/${id}`) });
  const [opinion, setOpinion] = useState<{ stage: "dept" | "unit"; decision: "approve" | "return" } | null>(null);
  const [text, setText] = useState("同意");
  const [busy, setBusy] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: ["form", id] });
  // P9 (issue 15): the data scope each new account's row gives, shown before the admin confirms.
  const scope = useQuery({ queryKey: ["form", id, "scope"], queryFn: () => api.get<{ seq: number; orgName: string; unitName: string | null; persons: number; text: string }[]>(`/api/forms/${id}/scope`) });
  const scopeOf = (seq: number) => scope.data?.find((x) => x.seq === seq);

  if (!q.data) return <Card loading />;
  const { form: f, rows, steps, deadlines, can } = q.data;

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(ok);
      await refresh();
    } catch {
      // shown by the API client
    } finally {
      setBusy(false);
    }
  };

  const execute = (seq: number, part: "account" | "grant") => {
    let result = "";
    modal.confirm({
      title: `办理第 ${seq} 行的${part === "account" ? "账户部分" : "权限部分"}`,
      content: (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Typography.Text>将按申请表{part === "account" ? "创建、变更或注销账户" : "赋予、变更或撤销权限"}，并写入{part === "account" ? "账户" : "权限"}管理台账。</Typography.Text>
          {scopeOf(seq) && (
            <Alert type="info" showIcon data-testid="row-scope" message={`所在单位：${scopeOf(seq)!.unitName ?? scopeOf(seq)!.orgName}`} description={`${scopeOf(seq)!.text}（数据范围，第九条：最小权限）`} />
          )}
          <Input.TextArea placeholder="办理说明（可选）" onChange={(e) => (result = e.target.value)} />
        </Space>
      ),
      okText: "确认办理",
      onOk: () => act(() => api.post(`/api/forms/${f.id}/rows/${seq}/execute-${part}`, { result }), "已办理"),
    });
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title={<Space>{f.title}<Tag color={FORM_STATUS[f.status].color}>{FORM_STATUS[f.status].text}</Tag></Space>}
        extra={
          <Space wrap>
            {can.edit && <Button icon={<EditOutlined />} onClick={() => nav(`/forms/${f.id}/edit`)}>修改</Button>}
            {can.submit && <Button type="primary" loading={busy} onClick={() => act(() => api.post(`/api/forms/${f.id}/submit`), "已提交")}>提交</Button>}
            {can.withdraw && (
              <Button danger loading={busy} onClick={() => modal.confirm({ title: "撤回申请表", content: "撤回后本表不再办理。", onOk: () => act(() => api.post(`/api/forms/${f.id}/withdraw`, { reason: "提交人撤回" }), "已撤回") })}>
                撤回
              </Button>
            )}
            {can.signDept && <Button type="primary" onClick={() => { setText("同意"); setOpinion({ stage: "dept", decision: "approve" }); }}>签署申请部门意见</Button>}
            {can.signUnit && <Button type="primary" onClick={() => { setText("同意，请办理"); setOpinion({ stage: "unit", decision: "approve" }); }}>签署所在单位意见</Button>}
            {(can.signDept || can.signUnit) && <Button icon={<RollbackOutlined />} onClick={() => { setText(""); setOpinion({ stage: can.signDept ? "dept" : "unit", decision: "return" }); }}>退回修改</Button>}
            <Button icon={<DownloadOutlined />} onClick={() => download(`/api/forms/${f.id}/pdf`, `${f.number ?? "申请表草稿"}.pdf`).catch((e: Error) => message.error(e.message))}>下载打印版（PDF）</Button>
          </Space>
        }
      >
        <Descriptions bordered size="small" column={2}>
          <Descriptions.Item label="编号"><span data-testid="form-number">{f.number ?? "（提交后生成）"}</span></Descriptions.Item>
          {f.subsystemName && <Descriptions.Item label="子系统名称">{f.subsystemName}</Descriptions.Item>}
          <Descriptions.Item label="申请部门">{f.applicantUnit}（{f.applicantOrgName}）</Descriptions.Item>
          <Descriptions.Item label="申请日期">{f.applyDate}</Descriptions.Item>
          <Descriptions.Item label={f.kind === "admin" ? "提交人" : "联系人姓名"}>{f.contactName}</Descriptions.Item>
          <Descriptions.Item label={f.kind === "admin" ? "联系电话" : "联系人电话"}>{f.contactPhone}</Descriptions.Item>
          <Descriptions.Item label="申请部门意见" span={2}>{f.deptOpinion ? `${f.deptOpinion}（${fmtTime(f.deptOpinionAt)}）` : "—"}</Descriptions.Item>
          <Descriptions.Item label="所在单位意见" span={2}>{f.unitOpinion ? `${f.unitOpinion}（${fmtTime(f.unitOpinionAt)}）` : "—"}</Descriptions.Item>
          <Descriptions.Item label={f.kind === "admin" ? "管理员办理结果" : "账户管理员办理结果"} span={2}>{f.accountAdminResult ?? "—"}</Descriptions.Item>
          <Descriptions.Item label={f.kind === "admin" ? "权限管理员办理结果" : "业务权限管理员办理结果"} span={2}>{f.permissionAdminResult ?? "—"}</Descriptions.Item>
        </Descriptions>
        {deadlines.map((d) => (
          <Alert key={d.kind} style={{ marginTop: 12 }} showIcon type={d.status === "missed" ? "error" : d.status === "met" ? "success" : "info"}
            message={`${CLOCK_NAMES[d.kind] ?? d.kind}：时限 ${d.dueDate}（${d.status === "open" ? "进行中" : d.status === "met" ? "按时完成" : "已超时"}）`} />
        ))}
      </Card>

      <Card title="申请内容">
        <Table
          rowKey="id"
          pagination={false}
          size="small"
          scroll={{ x: 1200 }}
          dataSource={rows}
          columns={[
            { title: "序号", dataIndex: "seq", width: 60 },
            { title: "申请类别", dataIndex: "category", render: (c: keyof typeof CATEGORY_NAMES) => CATEGORY_NAMES[c] },
            { title: "姓名", dataIndex: "name" },
            { title: "身份证号", dataIndex: "idNumber" },
            { title: "联系方式", dataIndex: "phone" },
            {
              title: f.kind === "admin" ? "岗位名称" : "岗位角色名称",
              render: (_, r) => (f.kind === "admin" ? `${ROLE_POST[r.roleKind]}${r.adminSubsystems?.length ? `（${r.adminSubsystems.join("、")}）` : ""}` : r.positionName ?? "—"),
            },
            { title: "所在单位", key: "unit", render: (_, r) => (scopeOf(r.seq) ? <Tooltip title={scopeOf(r.seq)!.text}>{scopeOf(r.seq)!.unitName ?? scopeOf(r.seq)!.orgName}</Tooltip> : "—") },
            { title: "具体要求", dataIndex: "requirement" },
            {
              title: "账户部分",
              render: (_, r) => (
                <Space direction="vertical" size={2}>
                  <Tag color={PART_STATUS[r.accountPart]!.color}>{PART_STATUS[r.accountPart]!.text}</Tag>
                  {r.accountResult && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.accountResult}</Typography.Text>}
                  {can.executeAccount && r.accountPart === "pending" && <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => execute(r.seq, "account")}>办理账户</Button>}
                </Space>
              ),
            },
            {
              title: "权限部分",
              render: (_, r) => (
                <Space direction="vertical" size={2}>
                  <Tag color={PART_STATUS[r.grantPart]!.color}>{PART_STATUS[r.grantPart]!.text}</Tag>
                  {r.grantResult && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.grantResult}</Typography.Text>}
                  {can.executeGrant && r.grantPart === "pending" && <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => execute(r.seq, "grant")}>办理权限</Button>}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Space align="start" size="middle" style={{ width: "100%" }} wrap>
        <Card title="办理过程" style={{ minWidth: 420 }}>
          <Timeline
            items={steps.map((st) => ({
              color: st.action.includes("return") || st.action === "withdraw" ? "red" : st.action === "done" ? "green" : "blue",
              children: (
                <>
                  <Typography.Text strong>{STEP_NAMES[st.action] ?? st.action}{st.rowSeq ? `（第${st.rowSeq}行）` : ""}</Typography.Text>
                  <div><Typography.Text type="secondary">{st.byName ?? "系统"} · {fmtTime(st.at)}</Typography.Text></div>
                  {st.opinion && <div>{st.opinion}</div>}
                </>
              ),
            }))}
          />
        </Card>
        <Card title="签字盖章扫描件（归档）" style={{ minWidth: 360 }}>
          {f.scanSha256 ? (
            <Space direction="vertical">
              <Typography.Text>已归档：{f.scanName}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>SHA-256 {f.scanSha256.slice(0, 16)}…</Typography.Text>
              <a href={`/api/forms/${f.id}/scan`} target="_blank" rel="noreferrer">查看扫描件</a>
            </Space>
          ) : (
            <Typography.Text type="secondary">尚未上传。打印申请表、签字盖章后扫描上传（PDF、JPG、PNG，不超过 20 MB）。</Typography.Text>
          )}
          {can.uploadScan && (
            <div style={{ marginTop: 12 }}>
              <Upload
                name="file"
                action={`/api/forms/${f.id}/scan`}
                accept=".pdf,.jpg,.jpeg,.png"
                headers={{ "x-csrf-token": session.csrfToken }}
                showUploadList={false}
                onChange={(info) => {
                  if (info.file.status === "done") { message.success("扫描件已归档"); void refresh(); }
                  if (info.file.status === "error") message.error((info.file.response as { message?: string } | undefined)?.message ?? "上传失败");
                }}
              >
                <Button icon={<UploadOutlined />}>上传扫描件</Button>
              </Upload>
            </div>
          )}
        </Card>
      </Space>

      <Modal
        open={!!opinion}
        title={opinion?.stage === "dept" ? "申请部门意见" : "所在单位意见（分管领导）"}
        okText={opinion?.decision === "return" ? "退回修改" : "同意"}
        confirmLoading={busy}
        onCancel={() => setOpinion(null)}
        onOk={() => {
          if (!opinion) return;
          if (!text.trim()) { message.warning("请填写意见"); return; }
          void act(() => api.post(`/api/forms/${f.id}/sign`, { ...opinion, opinion: text }), opinion.decision === "return" ? "已退回" : "已签署").then(() => setOpinion(null));
        }}
      >
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder="意见" aria-label="意见" />
      </Modal>
    </Space>
  );
}

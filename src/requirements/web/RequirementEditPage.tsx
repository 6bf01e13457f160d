/**
 * 业务需求申请表 (R13, 附件1) online: every field of the attachment. 编号 is given by the 运维公司 on acceptance and 申请日期
 * on submission; 紧急 needs its reason; a county department names the counterpart 州 department it goes through (R8);
 * the policy documents it rests on are attached (R7) once the draft is saved.
 */
import { useEffect, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "react-router-dom";
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Radio, Select, Space, Tabs, Typography, Upload } from "antd";
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import { api } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";
import { useReqMeta, type ReqDetail, type ReqForm } from "./common.js";

export default function RequirementEditPage() {
  const { id } = useParams();
  const nav = useNavigate();
  const qc = useQueryClient();
  const s = useCurrentSession();
  const { message, modal } = AntApp.useApp();
  const meta = useReqMeta();
  const existing = useQuery({ queryKey: ["req", id], queryFn: () => api.get<ReqDetail>(`/api/requirements/${id}`), enabled: !!id });
  const [form] = Form.useForm<ReqForm>();
  const urgency = Form.useWatch("urgency", form);
  const description = Form.useWatch("description", form);
  const [saving, setSaving] = useState(false);
  const county = id ? existing.data?.applicantLevel === "county" : meta.data?.myUnit?.level === "county";

  useEffect(() => {
    const d = existing.data;
    if (!d) return;
    form.setFieldsValue({
      title: d.title, subsystem: d.subsystem, contactName: d.contactName, contactPhone: d.contactPhone, type: d.type, urgency: d.urgency,
      urgencyReason: d.urgencyReason, description: d.description, counterpartUnitId: d.counterpartUnitId,
    });
  }, [existing.data, form]);

  if (id && !existing.data) return <Card loading />;
  if (existing.data && !["draft", "returned"].includes(existing.data.status)) {
    return <Alert type="warning" showIcon message="此申请表已提交，不能修改" action={<Button onClick={() => nav(`/requirements/${id}`)}>查看详情</Button>} />;
  }
  const unit = meta.data?.myUnit;

  const save = async (submit: boolean) => {
    let values: ReqForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const body = { ...values, urgencyReason: values.urgency === "urgent" ? values.urgencyReason : null, counterpartUnitId: county ? values.counterpartUnitId ?? null : null };
      let reqId = Number(id);
      if (id) await api.put(`/api/requirements/${id}`, body);
      else reqId = (await api.post<{ id: number }>("/api/requirements", body)).id;
      if (submit) {
        await api.post(`/api/requirements/${reqId}/actions/submit`, {});
        message.success(county ? "已提交，待本单位分管领导审核" : "已提交，待科室（单位）负责人审核");
      } else {
        message.success("草稿已保存，可继续上传政策文件附件");
      }
      await qc.invalidateQueries({ queryKey: ["req", String(reqId)] });
      await qc.invalidateQueries({ queryKey: ["req-list"] });
      nav(submit ? `/requirements/${reqId}` : `/requirements/${reqId}/edit`, { replace: true });
    } catch {
      // the API client shows the message
    } finally {
      setSaving(false);
    }
  };

  const attachments = existing.data?.attachments.filter((a) => a.kind === "policy" && !a.removed) ?? [];

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Card title={<Space>业务需求申请表<Typography.Text type="secondary" style={{ fontSize: 13 }}>（附件1）</Typography.Text></Space>}>
        {existing.data?.status === "returned" && (
          <Alert style={{ marginBottom: 16 }} type="warning" showIcon message="申请表已被退回修改" description={existing.data.steps.filter((st) => st.toStatus === "returned").at(-1)?.opinion} />
        )}
        <Descriptions size="small" bordered column={2} style={{ marginBottom: 16 }}>
          <Descriptions.Item label="编号">{existing.data?.number ?? "由运维公司受理时统一填写"}</Descriptions.Item>
          <Descriptions.Item label="系统名称">{meta.data?.systemName ?? "恩施州劳动力资源信息平台"}</Descriptions.Item>
          <Descriptions.Item label="申请单位">{existing.data?.applicantUnitName ?? unit?.name ?? "—"}</Descriptions.Item>
          <Descriptions.Item label="申请日期">{existing.data?.applyDate ?? "提交时自动填写"}</Descriptions.Item>
        </Descriptions>
        <Form form={form} layout="vertical" initialValues={{ type: "new", urgency: "normal", contactName: s.account.name, subsystem: "LABOR" }} disabled={saving}>
          <Space size="large" wrap style={{ width: "100%" }}>
            <Form.Item name="subsystem" label="子系统名称" rules={[{ required: true, message: "请选择子系统" }]} style={{ minWidth: 280 }}>
              <Select options={meta.data?.subsystems.map((x) => ({ value: x.code, label: x.name }))} />
            </Form.Item>
            <Form.Item name="contactName" label="联系人姓名" rules={[{ required: true, message: "请填写联系人姓名" }]}>
              <Input maxLength={30} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="contactPhone" label="联系人电话" rules={[{ required: true, message: "请填写联系人电话" }, { pattern: /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, message: "手机号 11 位，或带区号的固定电话" }]}>
              <Input maxLength={20} style={{ width: 200 }} />
            </Form.Item>
          </Space>
          <Space size="large" wrap style={{ width: "100%" }}>
            <Form.Item name="type" label="需求类型" rules={[{ required: true }]}>
              <Radio.Group options={[{ value: "new", label: "新增" }, { value: "change", label: "变更" }]} />
            </Form.Item>
            <Form.Item name="urgency" label="紧急程度" rules={[{ required: true }]}>
              <Radio.Group options={[{ value: "normal", label: "一般" }, { value: "urgent", label: "紧急" }]} />
            </Form.Item>
            {county && (
              <Form.Item name="counterpartUnitId" label="州级对口业务部门" tooltip="县（市）业务需求经本单位分管领导审核后，提交至对应的州级业务部门审核（第九条）" rules={[{ required: true, message: "请选择州级对口业务部门" }]} style={{ minWidth: 260 }}>
                <Select placeholder="选择州人社局业务科室" options={meta.data?.counterparts.map((u) => ({ value: u.id, label: u.name }))} />
              </Form.Item>
            )}
          </Space>
          {urgency === "urgent" && (
            <Form.Item name="urgencyReason" label="紧急理由" rules={[{ required: true, whitespace: true, message: "紧急程度为“紧急”时必须说明理由" }]}>
              <Input.TextArea rows={2} maxLength={1000} placeholder="说明为何需要紧急处理（将打印在需求描述中）" />
            </Form.Item>
          )}
          <Form.Item name="title" label="需求名称" rules={[{ required: true, whitespace: true, message: "请填写需求名称" }]}>
            <Input maxLength={100} placeholder="一句话概括需求" />
          </Form.Item>
          <Form.Item label="需求描述" required>
            <Tabs
              size="small"
              items={[
                {
                  key: "edit",
                  label: "编辑",
                  children: (
                    <Form.Item name="description" noStyle rules={[{ required: true, whitespace: true, message: "请填写需求描述" }]}>
                      <Input.TextArea rows={12} maxLength={20000} showCount placeholder={"准确描述需求内容（支持 Markdown：# 标题、- 列表、**加粗**）；如有政策文件或依据，作为附件上传。"} />
                    </Form.Item>
                  ),
                },
                { key: "preview", label: "预览", children: <div style={{ whiteSpace: "pre-wrap", minHeight: 200, padding: 8, border: "1px solid #f0f0f0" }}>{description || "（空）"}</div> },
              ]}
            />
          </Form.Item>
        </Form>
        <Space>
          <Button onClick={() => save(false)} loading={saving}>保存草稿</Button>
          <Button type="primary" onClick={() => modal.confirm({ title: "提交业务需求", content: county ? "提交后由本单位分管领导审核，再报州级对口业务部门审核。" : "提交后由本科室（单位）负责人审核签字，再提交州信息中心。", onOk: () => save(true) })} loading={saving}>
            保存并提交
          </Button>
          {id && <Button onClick={() => nav(`/requirements/${id}`)}>查看详情</Button>}
        </Space>
      </Card>
      <Card title={<Space><PaperClipOutlined />政策文件或依据（附件）</Space>}>
        {!id ? (
          <Typography.Text type="secondary">保存草稿后可上传政策文件或依据（PDF、Word、JPG、PNG，单个不超过 20 MB）。</Typography.Text>
        ) : (
          <Space direction="vertical" style={{ width: "100%" }}>
            {attachments.map((a) => (
              <Space key={a.id}>
                <a href={`/api/requirements/${id}/attachments/${a.id}`} target="_blank" rel="noreferrer">{a.name}</a>
                <Typography.Text type="secondary">{(a.size / 1024).toFixed(0)} KB</Typography.Text>
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`删除 ${a.name}`}
                  onClick={() => api.del(`/api/requirements/${id}/attachments/${a.id}`).then(() => qc.invalidateQueries({ queryKey: ["req", id] })).catch(() => undefined)} />
              </Space>
            ))}
            <Upload
              name="file"
              action={`/api/requirements/${id}/attachments?kind=policy`}
              accept=".pdf,.doc,.docx,.jpg,.jpeg,.png"
              headers={{ "x-csrf-token": s.csrfToken }}
              showUploadList={false}
              onChange={(info) => {
                if (info.file.status === "done") { message.success("附件已上传"); void qc.invalidateQueries({ queryKey: ["req", id] }); }
                if (info.file.status === "error") message.error((info.file.response as { message?: string } | undefined)?.message ?? "上传失败");
              }}
            >
              <Button icon={<UploadOutlined />}>上传政策文件</Button>
            </Upload>
          </Space>
        )}
      </Card>
    </Space>
  );
}

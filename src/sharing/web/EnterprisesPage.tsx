/** 企业 and 富余/缺工申报 (S-SHARE): registration, 人社 review (the review queue), declarations with their workers. */
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Tooltip, Typography, message } from "antd";
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { api, qs } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { DECL_STATUS, ENTERPRISE_STATUS, KIND, StatusTag, TownshipSelect } from "./common.js";

export interface Enterprise {
  id: number; creditCode: string; creditCodeValid: boolean; name: string; legalRep: string; industry: string; regionCode: string; regionName: string | null;
  contactName: string; contactIdNumber: string; contactPhone: string; status: string; reviewNote: string | null;
}
export interface Declaration {
  id: number; enterpriseId: number; enterpriseName: string; industry: string; regionName: string | null; kind: "surplus" | "shortage"; post: string; skills: string[];
  headcount: number; dateFrom: string; dateTo: string; payMonthly: number | null; hours: string | null; conditions: string | null; status: string; reviewNote: string | null;
}
const day = (d: Dayjs | undefined) => d?.format("YYYY-MM-DD");
const INDUSTRIES = ["农副食品加工业", "食品制造业", "茶叶加工业", "仓储业", "住宿业", "餐饮业", "制造业", "建筑业", "批发和零售业", "居民服务业", "交通运输业"];

function ReviewButtons({ url, invalidate }: { url: string; invalidate: string }) {
  const qc = useQueryClient();
  const review = useMutation({
    mutationFn: (b: { decision: "approve" | "reject"; note?: string }) => api.post(url, b),
    onSuccess: () => { message.success("审核完成"); void qc.invalidateQueries({ queryKey: ["share", invalidate] }); },
  });
  return (
    <Space>
      <Button size="small" type="primary" onClick={() => review.mutate({ decision: "approve" })}>通过</Button>
      <Button size="small" danger onClick={() => {
        let note = "";
        Modal.confirm({ title: "不通过", content: <Input.TextArea aria-label="审核意见" onChange={(e) => (note = e.target.value)} placeholder="请填写审核意见" />, onOk: () => review.mutateAsync({ decision: "reject", note }) });
      }}>不通过</Button>
    </Space>
  );
}

export function EnterprisesPage() {
  const s = useCurrentSession();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string | undefined>();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: ["share", "enterprises", status], queryFn: () => api.get<Enterprise[]>(`/api/share/enterprises${qs({ status })}`) });
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post<{ id: number; status: string; creditCodeValid: boolean }>("/api/share/enterprises", v),
    onSuccess: (r) => {
      message.success(r.creditCodeValid ? "企业已登记，待审核" : "统一社会信用代码校验位不符，已转人工核验");
      setOpen(false); form.resetFields(); void qc.invalidateQueries({ queryKey: ["share", "enterprises"] });
    },
  });
  const canReview = hasPermission(s, "share.review");
  return (
    <Card title="共享用工企业" extra={hasPermission(s, "share.enterprise.manage") && <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>登记企业</Button>}>
      <Space style={{ marginBottom: 12 }}>
        <Radio.Group value={status ?? ""} onChange={(e) => setStatus(e.target.value || undefined)} optionType="button"
          options={[{ value: "", label: "全部" }, { value: "pending", label: "待审核" }, { value: "manual_review", label: "待人工核验" }, { value: "approved", label: "已审核" }, { value: "rejected", label: "未通过" }]} />
      </Space>
      <Table<Enterprise> rowKey="id" size="small" loading={list.isFetching} dataSource={list.data ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: "企业名称", dataIndex: "name" },
          { title: "统一社会信用代码", dataIndex: "creditCode", render: (v, r) => <Space>{v}{!r.creditCodeValid && <Tooltip title="校验位不符，需人工核对营业执照"><Tag color="orange">校验位不符</Tag></Tooltip>}</Space> },
          { title: "法定代表人", dataIndex: "legalRep" },
          { title: "行业", dataIndex: "industry" },
          { title: "所在地", dataIndex: "regionName" },
          { title: "联系人", render: (_, r) => `${r.contactName} ${r.contactPhone}` },
          { title: "状态", dataIndex: "status", render: (v) => <StatusTag map={ENTERPRISE_STATUS} value={v} /> },
          { title: "操作", render: (_, r) => canReview && (r.status === "pending" || r.status === "manual_review") ? <ReviewButtons url={`/api/share/enterprises/${r.id}/review`} invalidate="enterprises" /> : r.reviewNote },
        ]} />
      <Modal title="登记共享用工企业" open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} okText="登记" width={640}>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="name" label="企业名称" rules={[{ required: true, message: "请填写企业名称" }]}><Input /></Form.Item>
          <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, len: 18, message: "统一社会信用代码应为18位" }]}><Input maxLength={18} /></Form.Item>
          <Form.Item name="legalRep" label="法定代表人" rules={[{ required: true, message: "请填写法定代表人" }]}><Input /></Form.Item>
          <Form.Item name="industry" label="所属行业" rules={[{ required: true, message: "请选择行业" }]}><Select options={INDUSTRIES.map((v) => ({ value: v, label: v }))} /></Form.Item>
          <Form.Item name="regionCode" label="所在乡镇（街道）" rules={[{ required: true, message: "请选择所在地" }]}><TownshipSelect session={s} /></Form.Item>
          <Form.Item name="address" label="地址"><Input /></Form.Item>
          <Space.Compact block>
            <Form.Item name="contactName" label="联系人" rules={[{ required: true, message: "请填写联系人" }]} style={{ width: "30%" }}><Input /></Form.Item>
            <Form.Item name="contactIdNumber" label="联系人身份证号" rules={[{ required: true, message: "请填写身份证号" }]} style={{ width: "40%" }}><Input /></Form.Item>
            <Form.Item name="contactPhone" label="联系电话" rules={[{ required: true, message: "请填写联系电话" }]} style={{ width: "30%" }}><Input /></Form.Item>
          </Space.Compact>
        </Form>
      </Modal>
    </Card>
  );
}

export function DeclarationsPage() {
  const s = useCurrentSession();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string | undefined>("pending");
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const kind = Form.useWatch("kind", form) as "surplus" | "shortage" | undefined;
  const list = useQuery({ queryKey: ["share", "declarations", status], queryFn: () => api.get<Declaration[]>(`/api/share/declarations${qs({ status })}`) });
  const ents = useQuery({ queryKey: ["share", "enterprises", "approved"], queryFn: () => api.get<Enterprise[]>("/api/share/enterprises?status=approved"), enabled: open });
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post("/api/share/declarations", v),
    onSuccess: () => { message.success("申报已登记，待审核"); setOpen(false); form.resetFields(); void qc.invalidateQueries({ queryKey: ["share", "declarations"] }); },
  });
  const canReview = hasPermission(s, "share.review");
  return (
    <Card title="富余、缺工申报" extra={hasPermission(s, "share.enterprise.manage") && <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>登记申报</Button>}>
      <Radio.Group style={{ marginBottom: 12 }} value={status ?? ""} onChange={(e) => setStatus(e.target.value || undefined)} optionType="button"
        options={[{ value: "pending", label: "待审核" }, { value: "approved", label: "已发布" }, { value: "rejected", label: "未通过" }, { value: "", label: "全部" }]} />
      <Table<Declaration> rowKey="id" size="small" loading={list.isFetching} dataSource={list.data ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: "类型", dataIndex: "kind", render: (v: "surplus" | "shortage") => <Tag color={v === "surplus" ? "geekblue" : "volcano"}>{KIND[v]}</Tag> },
          { title: "企业", dataIndex: "enterpriseName" },
          { title: "所在地", dataIndex: "regionName" },
          { title: "岗位", dataIndex: "post" },
          { title: "技能", dataIndex: "skills", render: (v: string[]) => v.join("、") },
          { title: "人数", dataIndex: "headcount" },
          { title: "期间", render: (_, r) => `${r.dateFrom} 至 ${r.dateTo}` },
          { title: "月薪酬", dataIndex: "payMonthly", render: (v) => (v ? `${v} 元` : "") },
          { title: "状态", dataIndex: "status", render: (v) => <StatusTag map={DECL_STATUS} value={v} /> },
          { title: "操作", render: (_, r) => canReview && r.status === "pending" ? <ReviewButtons url={`/api/share/declarations/${r.id}/review`} invalidate="declarations" /> : r.reviewNote },
        ]} />
      <Modal title="登记富余、缺工申报" open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} okText="提交" width={760}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message="申报经人社部门审核后方可用于撮合；富余申报须列出拟共享职工及其劳动合同期限，共享期限不得超过劳动合同剩余期限。" />
        <Form form={form} layout="vertical" initialValues={{ kind: "surplus", skills: [], workers: [] }} onFinish={(v) => {
          const { period, workers, ...rest } = v as { period: [Dayjs, Dayjs]; workers: { name: string; idNumber: string; contractEnd: Dayjs }[] } & Record<string, unknown>;
          create.mutate({ ...rest, dateFrom: day(period[0]), dateTo: day(period[1]), workers: (workers ?? []).map((w) => ({ ...w, contractEnd: day(w.contractEnd) })) });
        }}>
          <Form.Item name="kind" label="类型"><Radio.Group options={[{ value: "surplus", label: "富余（调出）" }, { value: "shortage", label: "缺工（调入）" }]} /></Form.Item>
          <Form.Item name="enterpriseId" label="企业" rules={[{ required: true, message: "请选择企业" }]}><Select options={(ents.data ?? []).map((e) => ({ value: e.id, label: e.name }))} /></Form.Item>
          <Form.Item name="post" label="岗位" rules={[{ required: true, message: "请填写岗位" }]}><Input /></Form.Item>
          <Form.Item name="skills" label="技能"><Select mode="tags" placeholder="输入后回车" /></Form.Item>
          <Form.Item name="headcount" label="人数" rules={[{ required: true, message: "请填写人数" }]}><InputNumber min={1} /></Form.Item>
          <Form.Item name="period" label={kind === "shortage" ? "用工期间" : "富余期间"} rules={[{ required: true, message: "请选择期间" }]}><DatePicker.RangePicker /></Form.Item>
          {kind === "shortage" ? (
            <>
              <Form.Item name="payMonthly" label="月薪酬（元/人）" rules={[{ required: true, message: "请填写月薪酬" }]}><InputNumber min={1} /></Form.Item>
              <Form.Item name="hours" label="工作时间"><Input /></Form.Item>
              <Form.Item name="conditions" label="工作条件（食宿、交通等）"><Input.TextArea rows={2} /></Form.Item>
            </>
          ) : (
            <Form.List name="workers">
              {(fields, { add, remove }) => (
                <>
                  <Typography.Text strong>拟共享职工</Typography.Text>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" style={{ display: "flex" }}>
                      <Form.Item name={[f.name, "name"]} rules={[{ required: true, message: "姓名" }]}><Input placeholder="姓名" /></Form.Item>
                      <Form.Item name={[f.name, "idNumber"]} rules={[{ required: true, message: "身份证号" }]}><Input placeholder="身份证号" style={{ width: 200 }} /></Form.Item>
                      <Form.Item name={[f.name, "contractEnd"]} rules={[{ required: true, message: "合同到期日" }]}><DatePicker placeholder="劳动合同到期日" /></Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>添加职工</Button>
                </>
              )}
            </Form.List>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

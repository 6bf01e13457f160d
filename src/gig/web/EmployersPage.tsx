/**
 * 用工主体 (S-GIG): enterprises (统一社会信用代码, GB 32100-2015 check; a failed check goes to 待人工核验, not refused)
 * and individuals (身份证号), with verification, blacklist (reason and period) and credit.
 */
import { useState } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Card, DatePicker, Form, Input, Modal, Radio, Select, Space, Table, Tag } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api, qs } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { RegionTreeSelect } from "../../labor/web/common.js";
import { StatusTag, VERIFICATION, type Page } from "./common.js";

interface Employer {
  id: number; kind: string; name: string; creditCode: string | null; idNumberMasked: string | null; legalRep: string | null; contactName: string; contactPhoneMasked: string;
  regionCode: string; verification: string; verifyNote: string | null; blacklist: { id: number; reason: string; untilDate: string } | null; credit: number;
}

export default function EmployersPage() {
  const session = useCurrentSession();
  const { message, modal } = AntApp.useApp();
  const qc = useQueryClient();
  const [f, setF] = useState<{ q?: string; verification?: string; page: number }>({ page: 1 });
  const [open, setOpen] = useState<null | "create" | { blacklist: Employer }>(null);
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: ["gig", "employers", f], queryFn: () => api.get<Page<Employer>>(`/api/gig/employers${qs({ ...f, pageSize: 20 })}`), placeholderData: keepPreviousData });
  const manage = hasPermission(session, "gig.employer.manage");
  const refresh = () => void qc.invalidateQueries({ queryKey: ["gig", "employers"] });
  const submit = async () => {
    const v = await form.validateFields();
    if (open === "create") {
      const r = await api.post<{ verification: string; verifyNote: string | null }>("/api/gig/employers", { ...v, creditCode: v.kind === "enterprise" ? v.creditCode : null, idNumber: v.kind === "individual" ? v.idNumber : null });
      if (r.verification === "manual_review") modal.warning({ title: "已登记，待人工核验", content: r.verifyNote });
      else message.success("用工主体已登记");
    } else if (open && typeof open === "object") {
      await api.post(`/api/gig/employers/${open.blacklist.id}/blacklist`, { reason: v.reason, fromDate: v.period[0].format("YYYY-MM-DD"), untilDate: v.period[1].format("YYYY-MM-DD") });
      message.success("已列入黑名单");
    }
    setOpen(null);
    form.resetFields();
    refresh();
  };
  const verify = (e: Employer, decision: "verified" | "rejected") =>
    modal.confirm({ title: decision === "verified" ? "核验通过" : "核验不通过", content: `已查看“${e.name}”的营业执照？`, onOk: async () => { await api.post(`/api/gig/employers/${e.id}/verify`, { decision, note: decision === "verified" ? "已人工核验营业执照" : "营业执照与登记信息不符" }); refresh(); } });
  return (
    <Card title="用工主体" extra={manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen("create")}>登记用工主体</Button>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder="名称或统一社会信用代码" onSearch={(q) => setF({ ...f, q: q || undefined, page: 1 })} style={{ width: 260 }} />
        <Select allowClear placeholder="核验状态" aria-label="核验状态" style={{ width: 160 }} options={Object.entries(VERIFICATION).map(([value, v]) => ({ value, label: v.text }))} onChange={(verification) => setF({ ...f, verification, page: 1 })} />
      </Space>
      <Table<Employer> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 900 }}
        pagination={{ current: f.page, total: list.data?.total ?? 0, pageSize: 20, showSizeChanger: false, onChange: (page) => setF({ ...f, page }) }}
        columns={[
          { title: "名称", dataIndex: "name", render: (v, e) => <Space direction="vertical" size={0}><b>{v}</b><span>{e.kind === "enterprise" ? e.creditCode : `个人 ${e.idNumberMasked}`}</span></Space> },
          { title: "联系人", render: (_, e) => `${e.contactName} ${e.contactPhoneMasked}` },
          { title: "核验", dataIndex: "verification", render: (v, e) => <Space direction="vertical" size={0}><StatusTag map={VERIFICATION} value={v} />{e.verifyNote && <small>{e.verifyNote}</small>}</Space> },
          { title: "信用", dataIndex: "credit", width: 70 },
          { title: "黑名单", dataIndex: "blacklist", render: (b: Employer["blacklist"]) => (b ? <Tag color="red">至 {b.untilDate}：{b.reason}</Tag> : "—") },
          { title: "操作", render: (_, e) => manage && (
            <Space wrap>
              {e.verification === "manual_review" && <><Button size="small" onClick={() => verify(e, "verified")}>核验通过</Button><Button size="small" danger onClick={() => verify(e, "rejected")}>不通过</Button></>}
              {!e.blacklist && <Button size="small" danger onClick={() => setOpen({ blacklist: e })}>列入黑名单</Button>}
            </Space>
          ) },
        ]}
      />
      <Modal title={open === "create" ? "登记用工主体" : "列入黑名单"} open={!!open} onOk={() => void submit()} onCancel={() => setOpen(null)} okText="确定" destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ kind: "enterprise" }}>
          {open === "create" ? (
            <>
              <Form.Item name="kind" label="类型"><Radio.Group options={[{ value: "enterprise", label: "企业" }, { value: "individual", label: "个人" }]} /></Form.Item>
              <Form.Item noStyle shouldUpdate>{({ getFieldValue }) => getFieldValue("kind") === "enterprise"
                ? <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, len: 18, message: "统一社会信用代码应为18位" }]}><Input maxLength={18} /></Form.Item>
                : <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, len: 18, message: "身份证号应为18位" }]}><Input maxLength={18} /></Form.Item>}</Form.Item>
              <Form.Item name="name" label="名称（个人填姓名）" rules={[{ required: true, message: "请填写名称" }]}><Input /></Form.Item>
              <Form.Item name="legalRep" label="法定代表人"><Input /></Form.Item>
              <Form.Item name="contactName" label="联系人" rules={[{ required: true, message: "请填写联系人" }]}><Input /></Form.Item>
              <Form.Item name="contactPhone" label="联系电话" rules={[{ required: true, message: "请填写联系电话" }]}><Input /></Form.Item>
              <Form.Item name="regionCode" label="所在地（乡镇或村）" rules={[{ required: true, message: "请选择所在地" }]}><RegionTreeSelect session={session} width="100%" /></Form.Item>
            </>
          ) : (
            <>
              <Form.Item name="reason" label="原因" rules={[{ required: true, message: "请填写原因" }]}><Input.TextArea /></Form.Item>
              <Form.Item name="period" label="期限" rules={[{ required: true, message: "请选择期限" }]}><DatePicker.RangePicker /></Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

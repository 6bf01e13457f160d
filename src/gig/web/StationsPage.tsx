/**
 * 驿站名录 (S-GIG, 人社部发〔2023〕65号): the stations in scope — kind, place, address, hours, staff, the services 65号
 * requires and the optional ones, the complaint channel, and the date last confirmed (quarterly; overdue ones marked).
 * Staff with gig.station.manage register a station and confirm an entry.
 */
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { RegionTreeSelect } from "../../labor/web/common.js";
import { SERVICE_NAME, STATION_KIND } from "./common.js";

interface Station {
  id: number;
  name: string;
  kind: string;
  regionCode: string;
  regionName: string | null;
  address: string;
  hours: string;
  phone: string | null;
  staff: { name: string; role: string }[];
  requiredServices: string[];
  optionalServices: string[];
  complaintChannel: string | null;
  lastConfirmed: string;
  confirmationDue: boolean;
}

export default function StationsPage() {
  const session = useCurrentSession();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: ["gig", "stations"], queryFn: () => api.get<{ items: Station[] }>("/api/gig/stations") });
  const manage = hasPermission(session, "gig.station.manage");
  const confirm = async (s: Station) => {
    await api.post(`/api/gig/stations/${s.id}/confirm`, {});
    message.success(`已确认“${s.name}”的名录信息`);
    void qc.invalidateQueries({ queryKey: ["gig", "stations"] });
  };
  const submit = async () => {
    const v = await form.validateFields();
    await api.post("/api/gig/stations", { ...v, requiredServices: ["matching", "guidance", "training", "rights"], staff: v.staffName ? [{ name: v.staffName, role: "值守员" }] : [], staffName: undefined });
    message.success("驿站已登记");
    setOpen(false);
    form.resetFields();
    void qc.invalidateQueries({ queryKey: ["gig", "stations"] });
  };
  return (
    <Card title="驿站名录" extra={manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>登记驿站</Button>}>
      <Typography.Paragraph type="secondary">按人社部发〔2023〕65号公开服务规则和投诉渠道；名录信息每季度确认一次。</Typography.Paragraph>
      <Table<Station>
        rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 900 }} pagination={{ pageSize: 20 }}
        columns={[
          { title: "驿站", dataIndex: "name", render: (v, s) => <Space direction="vertical" size={0}><b>{v}</b><span>{s.regionName}</span></Space> },
          { title: "类型", dataIndex: "kind", width: 80, render: (k) => <Tag>{STATION_KIND[k]}</Tag> },
          { title: "地址与服务时间", render: (_, s) => <Space direction="vertical" size={0}><span>{s.address}</span><span>{s.hours}</span>{s.phone && <span>{s.phone}</span>}</Space> },
          { title: "工作人员", dataIndex: "staff", render: (st: Station["staff"]) => st.map((x) => `${x.name}（${x.role}）`).join("、") || "—" },
          { title: "服务", render: (_, s) => <span>{[...s.requiredServices, ...s.optionalServices].map((x) => <Tag key={x} color={s.requiredServices.includes(x) ? "blue" : "default"}>{SERVICE_NAME[x] ?? x}</Tag>)}</span> },
          { title: "投诉渠道", dataIndex: "complaintChannel", render: (v) => v ?? "—" },
          { title: "最近确认", dataIndex: "lastConfirmed", width: 140, render: (v, s) => <Space direction="vertical" size={0}><span>{v}</span>{s.confirmationDue && <Tag color="red">逾期未确认</Tag>}{manage && <Button size="small" onClick={() => void confirm(s)}>确认</Button>}</Space> },
        ]}
      />
      <Modal title="登记驿站" open={open} onOk={() => void submit()} onCancel={() => setOpen(false)} okText="登记" destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="name" label="驿站名称" rules={[{ required: true, message: "请填写驿站名称" }]}><Input /></Form.Item>
          <Form.Item name="kind" label="类型" rules={[{ required: true, message: "请选择类型" }]}><Select options={Object.entries(STATION_KIND).map(([value, label]) => ({ value, label }))} /></Form.Item>
          <Form.Item name="regionCode" label="所在地区" rules={[{ required: true, message: "请选择地区" }]}><RegionTreeSelect session={session} width="100%" /></Form.Item>
          <Form.Item name="address" label="地址" rules={[{ required: true, message: "请填写地址" }]}><Input /></Form.Item>
          <Form.Item name="hours" label="服务时间" rules={[{ required: true, message: "请填写服务时间" }]}><Input placeholder="周一至周日 7:00-18:00" /></Form.Item>
          <Form.Item name="phone" label="联系电话"><Input /></Form.Item>
          <Form.Item name="staffName" label="值守人员"><Input /></Form.Item>
          <Form.Item name="optionalServices" label="可选服务（必备服务：岗位匹配、职业指导、培训信息与需求、维权指导）"><Checkbox.Group options={["tools", "waiting_room", "transport"].map((v) => ({ value: v, label: SERVICE_NAME[v]! }))} /></Form.Item>
          <Form.Item name="complaintChannel" label="投诉渠道"><Input placeholder="12333 或到站反映" /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

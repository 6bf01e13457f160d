/** 预警设置 (S-CASES): warning levels globally and per 事项 (预警 before 承诺时限, 黄牌, 红牌, auto or confirmed issue), the 差评 deadline and the grade thresholds. */
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Card, Form, InputNumber, Select, Space, Switch, Table, Typography } from "antd";
import { api } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";

interface Rule { serviceCode: string; warnBefore: number; yellowOnPromise: boolean; redOnLegal: boolean; autoIssue: boolean }
interface Settings { followupDays: number; grades: { excellent: number; good: number; pass: number } }
const SERVICES: Record<string, string> = {
  "*": "全部事项（默认）", "000115001000": "失业保险金申领", "000115002000": "就业创业证申领", "000115003000": "失业登记", "000115004000": "就业困难人员认定", "000115005000": "创业担保贷款申请",
  "000115006000": "高校毕业生社保补贴申领", "000115007000": "职业资格证书补办", "000115008000": "技能提升补贴申领", "000115009000": "社会保障卡申领", "000115010000": "企业职工基本养老保险参保登记",
  "000115011000": "养老保险待遇核定", "000115012000": "基本养老保险关系转移接续", "000115013000": "工伤认定申请", "000115014000": "劳动能力鉴定申请", "000115015000": "劳动人事争议仲裁申请",
};

export default function RulesPage() {
  const s = useCurrentSession();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["cases", "rules"], queryFn: () => api.get<{ rules: Rule[]; settings: Settings }>("/api/cases/rules") });
  const can = hasPermission(s, "cases.warning.handle") && s.account.level === "prefecture";
  const [form] = Form.useForm<Rule>();
  const [sform] = Form.useForm<Settings>();
  const [busy, setBusy] = useState(false);
  const save = async (r: Rule) => {
    setBusy(true);
    try {
      const res = await api.put<{ recomputed: number }>("/api/cases/rules", r);
      void message.success(`已保存，重新计算了 ${res.recomputed} 件在办办件的预警时刻`);
      void qc.invalidateQueries({ queryKey: ["cases"] });
    } finally {
      setBusy(false);
    }
  };
  if (!q.data) return <Card loading />;
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>预警设置</Typography.Title>
      <Card size="small" title="预警规则">
        <Table size="small" rowKey="serviceCode" pagination={false} dataSource={q.data.rules} columns={[
          { title: "事项", dataIndex: "serviceCode", render: (v: string) => SERVICES[v] ?? v },
          { title: "承诺时限前预警（工作日/工作小时）", dataIndex: "warnBefore" },
          { title: "超承诺时限黄牌", dataIndex: "yellowOnPromise", render: (v: boolean) => (v ? "是" : "否") },
          { title: "超法定时限红牌", dataIndex: "redOnLegal", render: (v: boolean) => (v ? "是" : "否") },
          { title: "发牌方式", dataIndex: "autoIssue", render: (v: boolean) => (v ? "自动发出" : "确认后发出") },
          ...(can ? [{ title: "操作", render: (_: unknown, r: Rule) => <Button size="small" onClick={() => form.setFieldsValue(r)}>修改</Button> }] : []),
        ]} />
        {can && (
          <Form form={form} layout="inline" style={{ marginTop: 12 }} initialValues={{ serviceCode: "*", warnBefore: 2, yellowOnPromise: true, redOnLegal: true, autoIssue: true }} onFinish={(v) => void save(v)}>
            <Form.Item name="serviceCode" label="事项"><Select style={{ width: 240 }} options={Object.entries(SERVICES).map(([value, label]) => ({ value, label }))} /></Form.Item>
            <Form.Item name="warnBefore" label="提前预警"><InputNumber min={0} max={60} /></Form.Item>
            <Form.Item name="yellowOnPromise" label="黄牌" valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="redOnLegal" label="红牌" valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="autoIssue" label="自动发牌" valuePropName="checked"><Switch /></Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>保存</Button>
          </Form>
        )}
      </Card>
      <Card size="small" title="差评整改期限与季度评定等次">
        <Form form={sform} layout="inline" disabled={!can} initialValues={q.data.settings} onFinish={async (v) => { await api.put("/api/cases/settings", v); void message.success("已保存"); void qc.invalidateQueries({ queryKey: ["cases", "rules"] }); }}>
          <Form.Item name="followupDays" label="差评整改期限（工作日）"><InputNumber min={1} max={60} /></Form.Item>
          <Form.Item name={["grades", "excellent"]} label="优秀 ≥"><InputNumber min={0} max={100} /></Form.Item>
          <Form.Item name={["grades", "good"]} label="良好 ≥"><InputNumber min={0} max={100} /></Form.Item>
          <Form.Item name={["grades", "pass"]} label="合格 ≥"><InputNumber min={0} max={100} /></Form.Item>
          {can && <Button type="primary" htmlType="submit">保存</Button>}
        </Form>
      </Card>
    </Space>
  );
}

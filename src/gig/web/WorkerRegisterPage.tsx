/**
 * 零工登记 (S-GIG): staff register a worker — or, in 代办 mode, act for a worker without a smartphone (the audit row
 * names the staff member). 身份证号 is checked (GB 11643) by the server; the village must lie in the operator's scope.
 */
import { Alert, App as AntApp, Button, Card, Checkbox, Form, Input, InputNumber, Radio, Select, Space } from "antd";
import type { CheckboxGroupProps } from "antd/es/checkbox";
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useNavigate } from "react-router-dom";
import { api } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";
import { RegionTreeSelect } from "../../labor/web/common.js";
import { HARDSHIP_NAME, LEVEL_NAME, WEEKDAYS, useSkills } from "./common.js";

/** The weekday boxes. Form.Item marks a required control `aria-required`, which a role="group" may not carry (axe
 * aria-allowed-attr); the label's asterisk and the validation message still say it is required. */
function DaysGroup({ "aria-required": _required, ...props }: CheckboxGroupProps<number> & { "aria-required"?: unknown }) {
  return <Checkbox.Group<number> {...props} options={WEEKDAYS.map((d, i) => ({ value: i, label: `周${d}` }))} />;
}

export default function WorkerRegisterPage() {
  const session = useCurrentSession();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const skills = useSkills();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    const days = (v.days as number[]).reduce((m, d) => m | (1 << d), 0);
    const res = await api.post<{ id: number }>("/api/gig/workers", {
      idNumber: v.idNumber, name: v.name, phone: v.phone || null, regionCode: v.regionCode, availableDays: days, wantedWork: v.wantedWork || null,
      wageMinFen: v.wageMin ? Math.round(v.wageMin * 100) : null, wageMaxFen: v.wageMax ? Math.round(v.wageMax * 100) : null, hardship: v.hardship ?? [],
      skills: v.skills, mode: v.mode,
    });
    message.success("零工已登记");
    navigate(`/gig/workers/${res.id}`);
  };
  return (
    <Card title="零工登记" style={{ maxWidth: 720 }}>
      <Form form={form} layout="vertical" initialValues={{ mode: "staff", days: [0, 1, 2, 3, 4, 5, 6], skills: [{ level: 1 }] }}>
        <Form.Item name="mode" label="登记方式">
          <Radio.Group options={[{ value: "staff", label: "工作人员登记" }, { value: "proxy", label: "代办（零工无智能手机）" }]} />
        </Form.Item>
        <Form.Item noStyle shouldUpdate>{({ getFieldValue }) => getFieldValue("mode") === "proxy" && <Alert style={{ marginBottom: 16 }} type="info" message={`代办登记将以经办人 ${session.account.name} 的名义记入审计日志`} />}</Form.Item>
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: "请填写姓名" }]}><Input /></Form.Item>
        <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, message: "请填写身份证号" }, { len: 18, message: "身份证号应为18位" }]}><Input maxLength={18} /></Form.Item>
        <Form.Item name="phone" label="联系电话"><Input /></Form.Item>
        <Form.Item name="regionCode" label="居住地（村/社区）" rules={[{ required: true, message: "请选择居住地" }]}><RegionTreeSelect session={session} villagesOnly width="100%" aria-label="居住地" /></Form.Item>
        <Form.Item label="技能与等级" required>
          <Form.List name="skills">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: "100%" }}>
                {fields.map((f) => (
                  <Space key={f.key} wrap>
                    <Form.Item name={[f.name, "code"]} noStyle rules={[{ required: true, message: "请选择技能" }]}>
                      <Select aria-label="技能" placeholder="技能" style={{ width: 160 }} options={(skills.data?.items ?? []).map((s) => ({ value: s.code, label: s.name }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, "level"]} noStyle><Select aria-label="等级" style={{ width: 110 }} options={[1, 2, 3].map((l) => ({ value: l, label: LEVEL_NAME[l] }))} /></Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ level: 1 })}>添加技能</Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="wantedWork" label="求职意向"><Input placeholder="如：搬运、装卸" /></Form.Item>
        <Space wrap>
          <Form.Item name="wageMin" label="期望日薪下限（元）"><InputNumber min={0} max={2000} /></Form.Item>
          <Form.Item name="wageMax" label="期望日薪上限（元）"><InputNumber min={0} max={2000} /></Form.Item>
        </Space>
        <Form.Item name="days" label="可工作日" rules={[{ required: true, message: "请至少选择一天" }]}><DaysGroup /></Form.Item>
        <Form.Item name="hardship" label="困难零工（优先推荐）"><Checkbox.Group options={Object.entries(HARDSHIP_NAME).map(([value, label]) => ({ value, label }))} /></Form.Item>
        <Button type="primary" size="large" onClick={() => void submit()}>登记</Button>
      </Form>
    </Card>
  );
}

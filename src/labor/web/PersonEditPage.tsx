/**
 * 人员登记 / 修改人员信息 (S-LABOR, X2, P9): one person's record as the household survey form groups it — 基本信息,
 * 户籍与常住, 就业情况, 转移就业, 技能与培训, 帮扶标识, 联系方式.
 *
 * - New (POST /api/labor/persons, labor.person.create): the 身份证号 is checked here as the server checks it (GB 11643
 *   check digit, 16 years or older) and the sex, birth date and age it gives are shown, not typed.
 * - Edit (PUT /api/labor/persons/:id, labor.person.update): the 身份证号 is the record's key and stays as it is; the
 *   record arrives masked (X2), so the phone field starts empty and is sent only when a new number is typed (or the
 *   stored one is cleared) — the server keeps every field the body leaves out. The record's version goes with the save:
 *   when someone else saved in between, the 409 is explained and the latest record can be reloaded.
 * - 常住地 is a village within the operator's data scope (P9); 户籍地 any village of the prefecture.
 * - Refused saves ({ code, message, details }) are marked on the fields they name and listed above the buttons.
 */
import { useEffect, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useLocation, useNavigate, useParams } from "react-router-dom";
import { Alert, App as AntApp, Button, Card, Checkbox, Col, Form, Input, Row, Select, Space, Typography } from "antd";
import { ArrowLeftOutlined, ReloadOutlined, SaveOutlined } from "@ant-design/icons";
import { api, ApiError } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";
import { RegionTreeSelect, codeOptions, nameOf } from "./common.js";
import {
  EmploymentFields, FlagFields, HukouField, IdFacts, SkillFields, TransferFields, idNumberRules, label, missingSurvey, nameRules, normalizeIdNumber,
  personBody, phoneRules, recordValues, serverProblems, useServerMarks, type PersonFormValues, type ServerProblem,
} from "./personFields.js";

/** The part of GET /api/labor/persons/:id this page uses. */
interface Loaded {
  person: Record<string, unknown> & {
    id: number; name: string; idNumberMasked: string; phoneMasked: string | null; sex: string; birthDate: string; age: number; version: number;
  };
  household: { id: number; householdNo: string } | null;
}

/** What went wrong with the last save, beyond the field marks. */
type Failure =
  | { kind: "conflict" }
  | { kind: "exists"; message: string; id?: number }
  | { kind: "problems"; message: string; problems: ServerProblem[] }
  | { kind: "other"; message: string };

const surveyTip = "入户调查必填项：未填写的，列入数据质量清单，可稍后补录";

export default function PersonEditPage() {
  const { id } = useParams();
  const editing = id !== undefined;
  const s = useCurrentSession();
  const navigate = useNavigate();
  const location = useLocation();
  const back = (location.state as { from?: string } | null)?.from;
  const queryClient = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const [form] = Form.useForm<PersonFormValues>();
  const marks = useServerMarks(form);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  // The record the form was filled from: its version goes with the save (optimistic locking).
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const q = useQuery({
    queryKey: ["labor", "person-edit", id],
    queryFn: () => api.get<Loaded>(`/api/labor/persons/${id}`, { silent: true }),
    enabled: editing,
    retry: false,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
  const idNumber = Form.useWatch("idNumber", form);
  const missing = Form.useWatch((v: PersonFormValues) => missingSurvey(v, !!loaded?.person.phoneMasked), form) ?? [];

  const fill = (d: Loaded) => {
    form.resetFields();
    form.setFieldsValue({ ...recordValues(d.person), householdNo: d.household?.householdNo ?? null });
    setLoaded(d);
  };
  // Fill once from the first answer; later only on an explicit reload (typing is never overwritten).
  useEffect(() => {
    if (q.data && !loaded) fill(q.data);
  }, [q.data, loaded]);

  const reload = async () => {
    const r = await q.refetch();
    if (r.data) {
      fill(r.data);
      setFailure(null);
      void message.info(`已加载最新记录（第 ${r.data.person.version} 版），请重新修改`);
    }
  };

  const save = async () => {
    let values: PersonFormValues;
    try {
      await form.validateFields();
      values = form.getFieldsValue(true) as PersonFormValues;
    } catch {
      return;
    }
    setSaving(true);
    setFailure(null);
    const body: Record<string, unknown> = { ...personBody(values), regionCode: values.regionCode, householdNo: values.householdNo?.trim() || null };
    try {
      if (editing && loaded) {
        // The phone only when retyped or cleared: absent fields keep their stored value on the server.
        if (values.clearPhone) body.phone = null;
        else if (values.phone?.trim()) body.phone = values.phone.trim();
        const r = await api.put<{ id: number; version: number; changed: string[] }>(`/api/labor/persons/${id}`, { ...body, version: loaded.person.version }, { silent: true });
        if (r.changed.length) void message.success(`已保存，修改了 ${r.changed.length} 项：${r.changed.map((k) => label(k as never)).join("、")}`);
        else void message.info("没有修改任何内容");
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: ["labor", "person", id] }),
          queryClient.invalidateQueries({ queryKey: ["labor", "persons"] }),
          queryClient.invalidateQueries({ queryKey: ["labor", "quality"] }),
        ]);
        navigate(back ?? `/labor/persons/${id}`, { replace: true });
      } else {
        const r = await api.post<{ id: number }>("/api/labor/persons", { ...body, idNumber: values.idNumber, phone: values.phone?.trim() || null }, { silent: true });
        void message.success(`已登记 ${values.name?.trim() ?? ""}`);
        await queryClient.invalidateQueries({ queryKey: ["labor", "persons"] });
        navigate(`/labor/persons/${r.id}`, { replace: true });
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      showFailure(e);
    } finally {
      setSaving(false);
    }
  };

  const showFailure = (e: ApiError) => {
    if (e.code === "PERSON_VERSION_CONFLICT") {
      setFailure({ kind: "conflict" });
      modal.confirm({
        title: "该记录已被他人修改",
        content: "您打开本页之后，其他人保存了这条记录。为避免覆盖他人的修改，本次保存没有生效。请重新加载最新记录后再修改（重新加载将放弃本页尚未保存的填写）。",
        okText: "重新加载",
        cancelText: "暂不加载",
        onOk: reload,
      });
      return;
    }
    if (e.code === "PERSON_EXISTS" || e.code === "PERSON_NOT_REGISTRABLE") {
      marks.mark([{ path: ["idNumber"], column: label("idNumber"), message: e.message }]);
      setFailure({ kind: "exists", message: e.message, id: (e.details as { id?: number } | undefined)?.id });
      return;
    }
    if (e.code === "HOUSEHOLD_OUT_OF_SCOPE") marks.mark([{ path: ["householdNo"], column: label("householdNo"), message: e.message }]);
    const problems = serverProblems(e);
    if (problems.length) {
      marks.mark(problems);
      setFailure({ kind: "problems", message: e.message, problems });
    } else setFailure({ kind: "other", message: e.message });
  };

  if (editing && q.isError) return <Alert type="error" showIcon message={(q.error as Error).message} />;
  if (editing && !loaded) return <Card loading />;
  const p = loaded?.person;

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Space>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>返回</Button>
        <Typography.Title level={4} style={{ margin: 0 }}>{editing ? `修改人员信息：${p!.name}` : "人员登记"}</Typography.Title>
        {p && <Typography.Text type="secondary">第 {p.version} 版</Typography.Text>}
      </Space>
      {failure?.kind === "conflict" && (
        <Alert
          type="error"
          showIcon
          data-testid="version-conflict"
          message="该记录已被他人修改，本次保存没有生效"
          description="请重新加载最新记录后再修改；重新加载将放弃本页尚未保存的填写。"
          action={<Button icon={<ReloadOutlined />} onClick={() => void reload()}>重新加载</Button>}
        />
      )}

      <Form form={form} layout="vertical" disabled={saving} onValuesChange={marks.onValuesChange} initialValues={{ skills: [], returnee: false, poverty: false, monitored: false }}>
        <Card size="small" title="基本信息" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col span={8}>
              {editing ? (
                <Form.Item label={label("idNumber")} extra="身份证号是人员记录的关键字段，不能修改">
                  <Input value={p!.idNumberMasked} disabled data-testid="id-masked" />
                </Form.Item>
              ) : (
                <Form.Item name="idNumber" label={label("idNumber")} rules={idNumberRules} normalize={normalizeIdNumber} validateTrigger={["onBlur", "onSubmit"]} validateFirst>
                  <Input maxLength={18} placeholder="18位公民身份号码" autoComplete="off" />
                </Form.Item>
              )}
            </Col>
            <Col span={8}>
              <Form.Item label="性别 · 出生日期 · 年龄" tooltip="由身份证号确定（GB 11643），无需填写">
                {editing ? <Typography.Text>{nameOf("sex", p!.sex)} · {p!.birthDate} · {p!.age} 岁</Typography.Text> : <IdFacts idNumber={idNumber} />}
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="name" label={label("name")} rules={nameRules}>
                <Input maxLength={30} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="ethnicity" label={label("ethnicity")} tooltip={surveyTip}>
                <Select allowClear showSearch optionFilterProp="label" options={codeOptions("ethnicity")} placeholder="请选择" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="education" label={label("education")} tooltip={surveyTip}>
                <Select allowClear options={codeOptions("education")} placeholder="请选择" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title="户籍与常住" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col span={6}>
              <Form.Item name="regionCode" label={label("regionCode")} rules={[{ required: true, message: "请选择常住地所在村（社区）" }]} extra="本人数据范围内的村（社区）">
                <RegionTreeSelect session={s} villagesOnly width="100%" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <HukouField session={s} />
            </Col>
            <Col span={6}>
              <Form.Item name="householdNo" label={label("householdNo")} rules={[{ pattern: /^[0-9A-Za-z-]*$/, message: "户编号只能包含数字、字母和“-”" }]} extra="填写已有户编号即加入该户">
                <Input maxLength={30} allowClear placeholder="可不填" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="relation" label={label("relation")}>
                <Select allowClear options={codeOptions("relation")} placeholder="请选择" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title="就业情况" style={{ marginBottom: 16 }}>
          <EmploymentFields />
        </Card>
        <Card size="small" title="转移就业" style={{ marginBottom: 16 }}>
          <TransferFields form={form} />
        </Card>
        <Card size="small" title="技能与培训" style={{ marginBottom: 16 }}>
          <SkillFields />
        </Card>
        <Card size="small" title="帮扶标识" style={{ marginBottom: 16 }}>
          <FlagFields span={8} />
        </Card>

        <Card size="small" title="联系方式" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item
                name="phone"
                label={label("phone")}
                tooltip={surveyTip}
                rules={phoneRules}
                extra={p?.phoneMasked ? `已登记 ${p.phoneMasked}；不修改请留空` : undefined}
              >
                <Input maxLength={20} allowClear placeholder={p?.phoneMasked ? "输入新号码以更换" : "11位手机号或带区号的固定电话"} autoComplete="off" />
              </Form.Item>
              {p?.phoneMasked && (
                <Form.Item name="clearPhone" valuePropName="checked" style={{ marginTop: -8 }}>
                  <Checkbox>清除已登记的联系电话</Checkbox>
                </Form.Item>
              )}
            </Col>
            <Col span={16}>
              <Form.Item name="remarks" label={label("remarks")}>
                <Input.TextArea rows={2} maxLength={500} showCount />
              </Form.Item>
            </Col>
          </Row>
        </Card>
      </Form>

      {failure?.kind === "exists" && (
        <Alert
          type="error"
          showIcon
          message={failure.message}
          action={failure.id ? <Link to={`/labor/persons/${failure.id}`}>查看已登记的记录</Link> : undefined}
        />
      )}
      {(failure?.kind === "problems" || failure?.kind === "other") && (
        <Alert
          type="error"
          showIcon
          data-testid="save-problems"
          message={`保存失败：${failure.message}`}
          description={failure.kind === "problems" && failure.problems.length > 1 ? (
            <ul style={{ margin: 0, paddingLeft: 20 }}>{failure.problems.map((x, i) => <li key={i}>{x.column}：{x.message}</li>)}</ul>
          ) : undefined}
        />
      )}
      {missing.length > 0 && (
        <Typography.Text type="warning" data-testid="survey-missing">
          入户调查项未填写：{missing.join("、")}（可保存后补录，未补录的将列入数据质量清单）
        </Typography.Text>
      )}
      <Space>
        <Button type="primary" icon={<SaveOutlined />} loading={saving} disabled={failure?.kind === "conflict"} onClick={() => void save()}>
          {editing ? "保存修改" : "保存登记"}
        </Button>
        <Button onClick={() => navigate(back ?? (editing ? `/labor/persons/${id}` : "/labor/persons"))}>取消</Button>
      </Space>
    </Space>
  );
}

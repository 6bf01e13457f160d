/**
 * 入户调查（一户一表）(S-LABOR, X2, P9): one household and its members entered together, as the survey sheet has them —
 * the household header (村（社区） within the operator's data scope, 户编号 or an automatic one, 家庭住址) and an
 * editable member list: 与户主关系, 姓名, 身份证号 (checked here, GB 11643, with sex and age shown), 民族, 文化程度,
 * 就业状态, 联系电话 on the row, the rest of the survey (户籍地, 就业情况, 转移就业, 技能与培训, 帮扶标识) in the row's
 * expansion. POST /api/labor/households saves all or nothing; a refusal is marked on the member and field it names.
 * After saving, the household page shows the new 户编号 and its members.
 */
import { useRef, useState, type Key } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router-dom";
import { Alert, App as AntApp, Button, Card, Checkbox, Col, Form, Input, Row, Select, Space, Table, Typography, type FormInstance, type FormListFieldData } from "antd";
import { DeleteOutlined, DownOutlined, PlusOutlined, SaveOutlined, UpOutlined } from "@ant-design/icons";
import { api, ApiError } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";
import type { SessionInfo } from "../../web/types.js";
import { RegionTreeSelect, codeOptions } from "./common.js";
import {
  EmploymentFields, FlagFields, HukouField, IdFacts, SkillFields, TransferFields, checkIdNumber, label, nameRules, normalizeIdNumber, personBody,
  phoneRules, serverProblems, useServerMarks, type PersonFormValues, type ServerProblem,
} from "./personFields.js";

interface HouseholdForm {
  villageCode?: string;
  householdNo?: string;
  address?: string;
  /** Members without a 户籍地 of their own are registered in the household's village. */
  hukouSame: boolean;
  members: PersonFormValues[];
}

const MAX_MEMBERS = 20;
/** Fields on the member's row; the others are in its expansion. */
const ROW_FIELDS = new Set(["relation", "name", "idNumber", "ethnicity", "education", "employmentStatus", "phone"]);
const newMember = (relation?: string): PersonFormValues => ({ relation, skills: [], returnee: false, poverty: false, monitored: false });

/** The rest of one member's survey, shown when the row is expanded. */
function MemberMore({ field, form, session }: { field: FormListFieldData; form: FormInstance<HouseholdForm>; session: SessionInfo }) {
  const path = [field.name];
  const sub = (t: string) => <Typography.Text strong style={{ display: "block", margin: "4px 0 8px" }}>{t}</Typography.Text>;
  return (
    <div style={{ padding: "4px 8px" }} data-testid={`member-more-${field.name + 1}`}>
      {sub("户籍")}
      <Row gutter={16}>
        <Col span={6}><HukouField session={session} path={path} /></Col>
      </Row>
      {sub("就业情况")}
      <EmploymentFields path={path} withStatus={false} />
      {sub("转移就业")}
      <TransferFields form={form} path={path} watchPath={["members", field.name]} />
      {sub("技能与培训")}
      <SkillFields path={path} />
      {sub("帮扶标识")}
      <FlagFields path={path} />
      <Form.Item name={[field.name, "remarks"]} label={label("remarks")}>
        <Input.TextArea rows={1} maxLength={500} />
      </Form.Item>
    </div>
  );
}

type Failure = { message: string; problems: ServerProblem[]; existingId?: number };

export default function HouseholdEntryPage() {
  const s = useCurrentSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<HouseholdForm>();
  const marks = useServerMarks(form);
  const [saving, setSaving] = useState(false);
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [failure, setFailure] = useState<Failure | null>(null);
  // The list's current rows, to turn a member index from the server into the row's key.
  const fieldsRef = useRef<FormListFieldData[]>([]);

  /** Show the problems on their rows: open the rows whose field is in the expansion, then mark the fields. */
  const showProblems = (problems: ServerProblem[]) => {
    const open = new Set<Key>(expanded);
    for (const p of problems) {
      if (p.path[0] !== "members" || typeof p.path[1] !== "number") continue;
      const f = fieldsRef.current[p.path[1]];
      if (f && !ROW_FIELDS.has(String(p.path[2]))) open.add(f.key);
    }
    setExpanded([...open]);
    // Fields of a just-opened row exist after the next render.
    setTimeout(() => marks.mark(problems), 0);
  };

  const save = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    const v = form.getFieldsValue(true) as HouseholdForm;
    setSaving(true);
    setFailure(null);
    try {
      const body = {
        householdNo: v.householdNo?.trim() || null,
        villageCode: v.villageCode,
        address: v.address?.trim() || null,
        members: v.members.map((m) => ({
          ...personBody(m),
          idNumber: m.idNumber,
          hukouCode: m.hukouCode ?? (v.hukouSame ? v.villageCode : null),
          phone: m.phone?.trim() || null,
        })),
      };
      const r = await api.post<{ id: number; householdNo: string; members: number[] }>("/api/labor/households", body, { silent: true });
      void message.success(`已登记一户（户编号 ${r.householdNo}），成员 ${r.members.length} 人`);
      await queryClient.invalidateQueries({ queryKey: ["labor", "persons"] });
      navigate(`/labor/households/${r.id}`, { replace: true });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const details = e.details as { member?: number; id?: number } | undefined;
      let problems = serverProblems(e);
      if (e.code === "HOUSEHOLD_EXISTS") problems = [{ path: ["householdNo"], column: label("householdNo"), message: e.message }];
      if (e.code === "OUT_OF_SCOPE" || e.code === "VILLAGE_UNKNOWN") problems = [{ path: ["villageCode"], column: "所在村（社区）", message: e.message }];
      if ((e.code === "PERSON_EXISTS" || e.code === "PERSON_NOT_REGISTRABLE") && details?.member) {
        problems = [{ path: ["members", details.member - 1, "idNumber"], column: `第 ${details.member} 名成员 ${label("idNumber")}`, message: e.message }];
      }
      if (problems.length) showProblems(problems);
      setFailure({ message: e.message, problems, existingId: e.code === "PERSON_EXISTS" ? details?.id : undefined });
    } finally {
      setSaving(false);
    }
  };

  /** No 身份证号 twice in one household. */
  const uniqueId = (index: number) => ({
    validator: async (_: unknown, id?: string) => {
      if (!id) return;
      const all = (form.getFieldValue("members") as PersonFormValues[] | undefined) ?? [];
      const at = all.findIndex((m, i) => i !== index && m?.idNumber === id);
      if (at >= 0) throw new Error(`与第 ${at + 1} 名成员的身份证号相同`);
    },
  });
  const idRules = (index: number) => [
    { required: true, message: "请填写身份证号" },
    { validator: async (_: unknown, v?: string) => { if (v) { const c = checkIdNumber(v); if (!c.ok) throw new Error(c.message); } } },
    uniqueId(index),
  ];

  const cell = { style: { marginBottom: 0 } };

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>入户调查（一户一表）</Typography.Title>
      <Form form={form} layout="vertical" disabled={saving} onValuesChange={marks.onValuesChange} initialValues={{ hukouSame: true, members: [newMember("head")] }}>
        <Card size="small" title="户信息" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="villageCode" label="所在村（社区）" rules={[{ required: true, message: "请选择本户所在村（社区）" }]} extra="本人数据范围内的村（社区），即成员的常住地">
                <RegionTreeSelect session={s} villagesOnly width="100%" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="householdNo" label={label("householdNo")} rules={[{ pattern: /^[0-9A-Za-z-]*$/, message: "户编号只能包含数字、字母和“-”" }]} extra="留空则自动编号（村代码 + 4位序号）">
                <Input maxLength={30} allowClear placeholder="可不填" />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item name="address" label="家庭住址">
                <Input maxLength={200} placeholder="如：某组12号" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="hukouSame" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Checkbox>成员户籍地与本户所在村相同（另填户籍地的成员除外）</Checkbox>
          </Form.Item>
        </Card>

        <Card size="small" title="家庭成员">
          <Form.List
            name="members"
            rules={[{
              validator: async (_: unknown, list?: PersonFormValues[]) => {
                if (!list?.length) throw new Error("一户至少登记一名成员");
                if (list.filter((m) => m?.relation === "head").length > 1) throw new Error("每户只能有一名户主");
              },
            }]}
          >
            {(fields, { add, remove }, { errors }) => {
              fieldsRef.current = fields;
              return (
                <Space direction="vertical" style={{ width: "100%" }}>
                  <Table<FormListFieldData>
                    data-testid="members"
                    rowKey="key"
                    size="small"
                    pagination={false}
                    dataSource={fields}
                    expandable={{
                      showExpandColumn: false,
                      expandedRowKeys: expanded,
                      onExpandedRowsChange: (keys) => setExpanded([...keys]),
                      expandedRowRender: (f) => <MemberMore field={f} form={form} session={s} />,
                    }}
                    columns={[
                      { title: "序号", key: "no", width: 50, render: (_: unknown, _f, i) => i + 1 },
                      {
                        title: label("relation"), key: "relation", width: 120,
                        render: (_: unknown, f, i) => (
                          <Form.Item name={[f.name, "relation"]} rules={[{ required: true, message: "请选择" }]} {...cell}>
                            <Select options={codeOptions("relation")} placeholder="请选择" aria-label={`第${i + 1}名成员与户主关系`} />
                          </Form.Item>
                        ),
                      },
                      {
                        title: label("name"), key: "name", width: 120,
                        render: (_: unknown, f, i) => (
                          <Form.Item name={[f.name, "name"]} rules={nameRules} {...cell}>
                            <Input maxLength={30} aria-label={`第${i + 1}名成员姓名`} />
                          </Form.Item>
                        ),
                      },
                      {
                        title: label("idNumber"), key: "idNumber", width: 230,
                        render: (_: unknown, f, i) => (
                          <>
                            <Form.Item name={[f.name, "idNumber"]} rules={idRules(i)} normalize={normalizeIdNumber} validateTrigger={["onBlur", "onSubmit"]} validateFirst {...cell}>
                              <Input maxLength={18} autoComplete="off" aria-label={`第${i + 1}名成员身份证号`} />
                            </Form.Item>
                            <Form.Item noStyle shouldUpdate>
                              {() => <IdFacts compact idNumber={form.getFieldValue(["members", f.name, "idNumber"]) as string | undefined} />}
                            </Form.Item>
                          </>
                        ),
                      },
                      {
                        title: label("ethnicity"), key: "ethnicity", width: 110,
                        render: (_: unknown, f, i) => (
                          <Form.Item name={[f.name, "ethnicity"]} {...cell}>
                            <Select allowClear showSearch optionFilterProp="label" options={codeOptions("ethnicity")} aria-label={`第${i + 1}名成员民族`} />
                          </Form.Item>
                        ),
                      },
                      {
                        title: label("education"), key: "education", width: 130,
                        render: (_: unknown, f, i) => (
                          <Form.Item name={[f.name, "education"]} {...cell}>
                            <Select allowClear options={codeOptions("education")} aria-label={`第${i + 1}名成员文化程度`} popupMatchSelectWidth={false} />
                          </Form.Item>
                        ),
                      },
                      {
                        title: label("employmentStatus"), key: "employmentStatus", width: 130,
                        render: (_: unknown, f, i) => (
                          <Form.Item name={[f.name, "employmentStatus"]} {...cell}>
                            <Select allowClear options={codeOptions("employmentStatus")} aria-label={`第${i + 1}名成员就业状态`} popupMatchSelectWidth={false} />
                          </Form.Item>
                        ),
                      },
                      {
                        title: label("phone"), key: "phone", width: 150,
                        render: (_: unknown, f, i) => (
                          <Form.Item name={[f.name, "phone"]} rules={phoneRules} {...cell}>
                            <Input maxLength={20} aria-label={`第${i + 1}名成员联系电话`} />
                          </Form.Item>
                        ),
                      },
                      {
                        title: "操作", key: "ops", width: 150,
                        render: (_: unknown, f, i) => {
                          const open = expanded.includes(f.key);
                          return (
                            <Space size={0}>
                              <Button type="link" size="small" icon={open ? <UpOutlined /> : <DownOutlined />}
                                onClick={() => setExpanded((k) => (open ? k.filter((x) => x !== f.key) : [...k, f.key]))}>
                                {open ? "收起" : "更多信息"}
                              </Button>
                              <Button type="link" size="small" danger icon={<DeleteOutlined />} disabled={fields.length === 1}
                                aria-label={`删除第${i + 1}名成员`} onClick={() => remove(f.name)} />
                            </Space>
                          );
                        },
                      },
                    ]}
                  />
                  <Form.ErrorList errors={errors} />
                  <Button icon={<PlusOutlined />} disabled={fields.length >= MAX_MEMBERS} onClick={() => add(newMember())}>
                    添加成员
                  </Button>
                </Space>
              );
            }}
          </Form.List>
        </Card>
      </Form>

      {failure && (
        <Alert
          type="error"
          showIcon
          data-testid="save-problems"
          message={`保存失败：${failure.message}`}
          description={failure.problems.length > 1 ? (
            <ul style={{ margin: 0, paddingLeft: 20 }}>{failure.problems.map((x, i) => <li key={i}>{x.column}：{x.message}</li>)}</ul>
          ) : undefined}
          action={failure.existingId ? <Link to={`/labor/persons/${failure.existingId}`}>查看已登记的记录</Link> : undefined}
        />
      )}
      <Space>
        <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()}>保存本户</Button>
        <Button onClick={() => navigate("/labor/persons")}>取消</Button>
      </Space>
    </Space>
  );
}

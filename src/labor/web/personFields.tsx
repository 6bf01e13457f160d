/**
 * The entry fields of one person (S-LABOR, X2, P9), shared by 人员登记/修改 (PersonEditPage) and 一户一表
 * (HouseholdEntryPage): the groups of the household survey form, the client-side GB 11643 check of the 身份证号 with
 * sex, birth date and age derived from it, the rule that transfer-employment fields apply only to people at work, the
 * API body built from the form, and the server's problems ({ code, message, details }) put back on the fields they name.
 * Labels come from the server's field list (src/labor/record.ts), codes from the same code tables the server validates.
 */
import { useRef } from "react";
import dayjs, { type Dayjs } from "dayjs";
import { Col, DatePicker, Form, Input, InputNumber, Row, Select, Switch, Tag, Typography, type FormInstance } from "antd";
import { ID_PROBLEM_TEXT, parseIdNumber } from "../../core/idcard.js";
import { EMPLOYED_STATUSES, OUTSIDE_TOWNSHIP_DESTS, TRANSFER_MIN_MONTHS } from "../codes.js";
import { FIELD_BY_KEY, SURVEY_FIELDS, ageOn, normPhone, type PersonRecord } from "../record.js";
import type { ApiError } from "../../web/api.js";
import type { SessionInfo } from "../../web/types.js";
import { RegionTreeSelect, codeOptions, nameOf } from "./common.js";

/** A form name path: relative inside a Form.List, absolute for Form.useWatch. */
export type Path = (string | number)[];

/** The form's values of one person (codes as stored; the date as dayjs). */
export interface PersonFormValues {
  idNumber?: string;
  name?: string;
  ethnicity?: string | null;
  education?: string | null;
  regionCode?: string;
  hukouCode?: string | null;
  householdNo?: string | null;
  relation?: string | null;
  employmentStatus?: string | null;
  industry?: string | null;
  occupation?: string | null;
  monthlyIncome?: number | null;
  workPlace?: string | null;
  employmentWish?: string | null;
  transferDest?: string | null;
  transferChannel?: string | null;
  monthsAway?: number | null;
  leftDate?: Dayjs | null;
  skillLevel?: string | null;
  skills?: string[];
  certificates?: string | null;
  trainingWish?: string | null;
  returnee?: boolean;
  poverty?: boolean;
  monitored?: boolean;
  phone?: string;
  /** Edit only: remove the stored phone (an empty phone field means "unchanged", X2: the form never holds it). */
  clearPhone?: boolean;
  remarks?: string | null;
}

/** The Chinese label of a record field, as the server names it in its messages. */
export const label = (key: keyof PersonRecord) => FIELD_BY_KEY.get(key)?.label ?? key;

export const todayString = () => dayjs().format("YYYY-MM-DD");

// ---------------------------------------------------------------- 身份证号 (GB 11643)

export type IdCheck = { ok: true; idNumber: string; sex: "M" | "F"; birthDate: string; age: number } | { ok: false; message: string };

/** The same checks the server makes first: format, birth date, check digit, and 16 years or older. */
export function checkIdNumber(raw: string, today = todayString()): IdCheck {
  const p = parseIdNumber(raw.replace(/\s/g, ""));
  if (!p.ok) return { ok: false, message: ID_PROBLEM_TEXT[p.problem] };
  const age = ageOn(p.info.birthDate, today);
  if (age < 16) return { ok: false, message: `按身份证号计算年龄为${age}周岁，未满16周岁，不属于劳动力资源登记范围` };
  return { ok: true, idNumber: p.info.idNumber, sex: p.info.sex === "male" ? "M" : "F", birthDate: p.info.birthDate, age };
}

export const idNumberRules = [
  { required: true, message: "请填写身份证号" },
  {
    validator: async (_: unknown, v?: string) => {
      if (!v) return;
      const c = checkIdNumber(v);
      if (!c.ok) throw new Error(c.message);
    },
  },
];

export const normalizeIdNumber = (v?: string) => v?.replace(/\s/g, "").toUpperCase();

/** Sex, birth date and age as the 身份证号 gives them (shown beside the number, never typed). */
export function IdFacts({ idNumber, compact }: { idNumber?: string; compact?: boolean }) {
  if (!idNumber || idNumber.length < 18) return compact ? null : <Typography.Text type="secondary">输入18位身份证号后自动识别性别、出生日期</Typography.Text>;
  const c = checkIdNumber(idNumber);
  // The field's own error says what is wrong; the compact form (a table cell) does not repeat it.
  if (!c.ok) return compact ? null : <Typography.Text type="danger">{c.message}</Typography.Text>;
  return (
    <Typography.Text data-testid="id-facts" type={compact ? "secondary" : undefined} style={compact ? { fontSize: 12 } : undefined}>
      {nameOf("sex", c.sex)} · {c.birthDate} · {c.age} 岁
    </Typography.Text>
  );
}

// ---------------------------------------------------------------- rules shared by the pages

export const nameRules = [
  { required: true, whitespace: true, message: "请填写姓名" },
  { pattern: /^[\u3400-\u9fffA-Za-z·•.\u00b7\s]{1,30}$/, message: "姓名只能包含汉字、字母和间隔号“·”，不超过30个字" },
];

export const phoneRules = [
  {
    validator: async (_: unknown, v?: string) => {
      if (v && v.trim() && !normPhone(v.trim())) throw new Error("联系电话应为11位手机号或带区号的固定电话");
    },
  },
];

/** Statuses with which a transfer destination may be recorded (the server's consistency rule). */
const TRANSFER_STATUSES: readonly string[] = [...EMPLOYED_STATUSES, "farm"];

/** Transfer fields apply to people at work or farming; a destination kept without a status stays visible. */
export function transferApplies(status: string | null | undefined, dest: string | null | undefined): boolean {
  return status ? TRANSFER_STATUSES.includes(status) : !!dest;
}

const SURVEY_KEYS = SURVEY_FIELDS.map((f) => f.key as keyof PersonFormValues);

/** 入户调查 items left empty (the server accepts them, the data-quality fix-list lists them). */
export function missingSurvey(v: PersonFormValues | undefined, phoneOnRecord = false): string[] {
  if (!v) return [];
  return SURVEY_KEYS.filter((k) => {
    if (k === "phone") return !(v.phone?.trim() || (phoneOnRecord && !v.clearPhone));
    const x = v[k];
    return x === undefined || x === null || x === "";
  }).map((k) => label(k as keyof PersonRecord));
}

const blank = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);

/**
 * The API body of the fields every entry sends (PUT and POST take the same shape). 身份证号, 常住地, 户编号 and the
 * phone are added by the page: an edit leaves the 身份证号 out, and the phone unless a new one is typed.
 */
export function personBody(v: PersonFormValues): Record<string, unknown> {
  const status = v.employmentStatus ?? null;
  const dest = transferApplies(status, v.transferDest) ? v.transferDest ?? null : null;
  return {
    name: v.name?.trim(),
    ethnicity: v.ethnicity ?? null,
    education: v.education ?? null,
    hukouCode: v.hukouCode ?? null,
    relation: v.relation ?? null,
    employmentStatus: status,
    industry: v.industry ?? null,
    occupation: v.occupation ?? null,
    monthlyIncome: v.monthlyIncome ?? null,
    workPlace: blank(v.workPlace),
    employmentWish: v.employmentWish ?? null,
    // No destination, no 外出方式/月数/时间 (the server refuses the one without the other).
    transferDest: dest,
    transferChannel: dest ? v.transferChannel ?? null : null,
    monthsAway: dest ? v.monthsAway ?? null : null,
    leftDate: dest && v.leftDate ? v.leftDate.format("YYYY-MM-DD") : null,
    skillLevel: v.skillLevel ?? null,
    skills: v.skills ?? [],
    certificates: blank(v.certificates),
    trainingWish: v.trainingWish ?? null,
    returnee: !!v.returnee,
    poverty: !!v.poverty,
    monitored: !!v.monitored,
    remarks: blank(v.remarks),
  };
}

/** A stored record (GET /api/labor/persons/:id) as form values. */
export function recordValues(p: Record<string, unknown>): PersonFormValues {
  const out: Record<string, unknown> = {};
  for (const k of ["name", "ethnicity", "education", "regionCode", "hukouCode", "relation", "employmentStatus", "industry", "occupation", "monthlyIncome",
    "workPlace", "employmentWish", "transferDest", "transferChannel", "monthsAway", "skillLevel", "skills", "certificates", "trainingWish", "returnee",
    "poverty", "monitored", "remarks"]) out[k] = p[k] ?? undefined;
  out.leftDate = p.leftDate ? dayjs(String(p.leftDate)) : null;
  return out as PersonFormValues;
}

// ---------------------------------------------------------------- server problems → fields

export interface ServerProblem {
  /** The field's path inside the body (["phone"], or ["members", 0, "phone"] for a household). */
  path: Path;
  column: string;
  message: string;
}

/** Fields the server names that the form shows elsewhere: sex and birth date come from the 身份证号. */
const FIELD_ALIAS: Record<string, string> = { sex: "idNumber", birthDate: "idNumber", township: "regionCode" };

function fromProblems(list: unknown, base: Path): ServerProblem[] {
  if (!Array.isArray(list)) return [];
  return list.map((p: { field?: string; column?: string; message?: string }) => {
    const field = FIELD_ALIAS[p.field ?? ""] ?? p.field ?? "";
    return { path: [...base, field], column: p.column ?? label(field as keyof PersonRecord), message: p.message ?? "" };
  });
}

/**
 * The problems of a refused save, by field: PERSON_INVALID (details.problems), VALIDATION_FAILED (details[].path as
 * /members/0/phone) and HOUSEHOLD_INVALID (details.members[].problems, per member).
 */
export function serverProblems(err: ApiError): ServerProblem[] {
  const d = err.details as Record<string, unknown> | unknown[] | undefined;
  if (err.code === "PERSON_INVALID" && d && !Array.isArray(d)) return fromProblems(d.problems, []);
  if (err.code === "HOUSEHOLD_INVALID" && d && !Array.isArray(d) && Array.isArray(d.members)) {
    return (d.members as { member: number; problems: unknown }[]).flatMap((m) => {
      const base: Path = ["members", m.member - 1];
      if (typeof m.problems === "string") return [{ path: [...base, "idNumber"], column: `第 ${m.member} 名成员`, message: m.problems }];
      return fromProblems((m.problems as { problems?: unknown } | null)?.problems, base).map((p) => ({ ...p, column: `第 ${m.member} 名成员 ${p.column}` }));
    });
  }
  if (err.code === "VALIDATION_FAILED" && Array.isArray(d)) {
    return (d as { path?: string; message?: string }[]).map((i) => {
      const path = String(i.path ?? "").split("/").filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const field = String(path.at(-1) ?? "");
      return { path, column: label(field as keyof PersonRecord), message: i.message ?? "" };
    });
  }
  return [];
}

/**
 * The server's marks on the form's fields: `mark` puts the problems on the fields they name (the page lists them as
 * well, as a field may be folded away); a mark goes as soon as its field is changed (pass `onValuesChange` to the Form).
 */
export function useServerMarks(form: FormInstance) {
  const marked = useRef(new Map<string, { name: Path; value: unknown }>());
  const mark = (problems: ServerProblem[]) => {
    const byPath = new Map<string, { name: Path; errors: string[] }>();
    for (const p of problems) {
      const key = p.path.join(".");
      const e = byPath.get(key) ?? { name: p.path, errors: [] };
      e.errors.push(p.message);
      byPath.set(key, e);
      marked.current.set(key, { name: p.path, value: form.getFieldValue(p.path) });
    }
    form.setFields([...byPath.values()]);
  };
  const onValuesChange = () => {
    for (const [key, m] of marked.current) {
      if (form.getFieldValue(m.name) === m.value) continue;
      form.setFields([{ name: m.name, errors: [] }]);
      marked.current.delete(key);
    }
  };
  return { mark, onValuesChange };
}

// ---------------------------------------------------------------- field groups

interface GroupProps {
  /** Name prefix of the Form.Items (relative inside a Form.List). */
  path?: Path;
  /** The same fields' absolute path, for watching values. */
  watchPath?: Path;
  /** Column span of one field in a 24-column row. */
  span?: number;
}

const surveyTip = "入户调查必填项：未填写的，列入数据质量清单，可稍后补录";

export function EmploymentFields({ path = [], span = 6, withStatus = true }: GroupProps & { withStatus?: boolean }) {
  return (
    <Row gutter={16}>
      {withStatus && (
        <Col span={span}>
          <Form.Item name={[...path, "employmentStatus"]} label={label("employmentStatus")} tooltip={surveyTip}>
            <Select allowClear options={codeOptions("employmentStatus")} placeholder="请选择" />
          </Form.Item>
        </Col>
      )}
      <Col span={span}>
        <Form.Item name={[...path, "industry"]} label={label("industry")}>
          <Select allowClear showSearch optionFilterProp="label" options={codeOptions("industry")} placeholder="请选择" />
        </Form.Item>
      </Col>
      <Col span={span}>
        <Form.Item name={[...path, "occupation"]} label={label("occupation")}>
          <Select allowClear showSearch optionFilterProp="label" options={codeOptions("occupation")} placeholder="请选择" popupMatchSelectWidth={false} />
        </Form.Item>
      </Col>
      <Col span={span}>
        <Form.Item name={[...path, "monthlyIncome"]} label={label("monthlyIncome")}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: "100%" }} placeholder="元/月" />
        </Form.Item>
      </Col>
      <Col span={span}>
        <Form.Item name={[...path, "workPlace"]} label={label("workPlace")}>
          <Input maxLength={100} placeholder="单位或地点" />
        </Form.Item>
      </Col>
      <Col span={span}>
        <Form.Item name={[...path, "employmentWish"]} label={label("employmentWish")}>
          <Select allowClear options={codeOptions("employmentWish")} placeholder="请选择" />
        </Form.Item>
      </Col>
    </Row>
  );
}

/**
 * 转移就业: only for people at work (就业, 灵活就业, 自主创业) or farming; 外出方式/月数/时间 once a destination is
 * chosen. 转移劳动力 (S-LABOR) = outside one's township for 6 months or more, shown as it is worked out.
 */
export function TransferFields({ form, path = [], watchPath = path, span = 6 }: GroupProps & { form: FormInstance }) {
  const status = Form.useWatch([...watchPath, "employmentStatus"], form) as string | null | undefined;
  const dest = Form.useWatch([...watchPath, "transferDest"], form) as string | null | undefined;
  const months = Form.useWatch([...watchPath, "monthsAway"], form) as number | null | undefined;
  if (!transferApplies(status, dest)) {
    return (
      <Typography.Text type="secondary" data-testid="transfer-not-applicable">
        {status
          ? `就业状态为“${nameOf("employmentStatus", status)}”，不填写转移就业信息（保存时清空已有的转移就业信息）。`
          : "就业状态为就业、灵活就业、自主创业或务农的，填写转移就业信息。"}
      </Typography.Text>
    );
  }
  const outside = !!dest && (OUTSIDE_TOWNSHIP_DESTS as readonly string[]).includes(dest);
  return (
    <Row gutter={16} data-testid="transfer-fields">
      <Col span={span}>
        <Form.Item name={[...path, "transferDest"]} label={label("transferDest")} extra="未外出务工的不填">
          <Select allowClear options={codeOptions("transferDest")} placeholder="未外出" />
        </Form.Item>
      </Col>
      {dest && (
        <>
          <Col span={span}>
            <Form.Item name={[...path, "transferChannel"]} label={label("transferChannel")}>
              <Select allowClear options={codeOptions("transferChannel")} placeholder="请选择" />
            </Form.Item>
          </Col>
          <Col span={span}>
            <Form.Item
              name={[...path, "monthsAway"]}
              label={label("monthsAway")}
              rules={dest === "town" ? [] : [{ required: true, message: "外出务工人员请填写一年内外出务工的月数" }]}
              extra={outside ? (months ?? 0) >= TRANSFER_MIN_MONTHS ? <Tag color="blue">计为转移劳动力</Tag> : `乡外满${TRANSFER_MIN_MONTHS}个月计为转移劳动力` : undefined}
            >
              <InputNumber min={0} max={12} precision={0} style={{ width: "100%" }} placeholder="0–12" />
            </Form.Item>
          </Col>
          <Col span={span}>
            <Form.Item name={[...path, "leftDate"]} label={label("leftDate")}>
              <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isAfter(dayjs(), "day")} placeholder="选择日期" />
            </Form.Item>
          </Col>
        </>
      )}
    </Row>
  );
}

export function SkillFields({ path = [], span = 6 }: GroupProps) {
  return (
    <Row gutter={16}>
      <Col span={span}>
        <Form.Item name={[...path, "skillLevel"]} label={label("skillLevel")}>
          <Select allowClear options={codeOptions("skillLevel")} placeholder="请选择" />
        </Form.Item>
      </Col>
      <Col span={span}>
        <Form.Item name={[...path, "skills"]} label={label("skills")} rules={[{ type: "array", max: 10, message: "最多选择10项技能" }]}>
          <Select mode="multiple" allowClear showSearch optionFilterProp="label" options={codeOptions("skills")} placeholder="可多选" maxTagCount={3} />
        </Form.Item>
      </Col>
      <Col span={span}>
        <Form.Item name={[...path, "certificates"]} label={label("certificates")}>
          <Input maxLength={200} placeholder="如：电工证、中式烹调师" />
        </Form.Item>
      </Col>
      <Col span={span}>
        <Form.Item name={[...path, "trainingWish"]} label={label("trainingWish")}>
          <Select allowClear options={codeOptions("trainingWish")} placeholder="请选择" />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** 帮扶标识: 返乡, 脱贫人口, 监测对象. */
export function FlagFields({ path = [], span = 6 }: GroupProps) {
  return (
    <Row gutter={16}>
      {(["returnee", "poverty", "monitored"] as const).map((k) => (
        <Col span={span} key={k}>
          <Form.Item name={[...path, k]} label={label(k)} valuePropName="checked">
            <Switch checkedChildren="是" unCheckedChildren="否" />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}

/** 户籍地: any village of the prefecture (a person may live outside the township of registration). */
export function HukouField({ session, path = [] }: GroupProps & { session: SessionInfo }) {
  return (
    <Form.Item name={[...path, "hukouCode"]} label={label("hukouCode")} tooltip={surveyTip}>
      <RegionTreeSelect session={session} villagesOnly wholePrefecture width="100%" placeholder="选择户籍所在村（社区）" />
    </Form.Item>
  );
}

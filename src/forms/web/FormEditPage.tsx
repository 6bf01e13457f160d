/**
 * Filling 附件1 / 附件2 (P15, P16): the header fields of the attachment and any number of rows; every row is checked
 * as it is typed (身份证号 check digit, existing account for 注销/修改, position of the form's subsystem, role-kind
 * rules) and a form with an invalid row cannot be submitted. A 新增 row names the new account's 所在单位 within the
 * department's scope (P9, issue 15). Only the latest check's answer is shown, and a field being changed drops its
 * old problem at once, so no false problem flashes while the check runs.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useParams, useSearchParams } from "react-router-dom";
import { Alert, App as AntApp, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tooltip, Typography } from "antd";
import { DeleteOutlined, PlusOutlined, WarningOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { api } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";
import { SUBSYSTEM_INFO } from "../../web/subsystems.js";
import { CATEGORY_NAMES, FORM_KIND_NAMES, type FormDetail, type FormKind, type FormRowInput, type RowProblem } from "./common.js";

const AREA_OPTIONS = (["LABOR", "SHARE", "GIG", "ANALYTICS", "CASES", "REQ"] as const).map((v) => ({
  value: v,
  label: v === "REQ" ? "业务需求运维管理" : SUBSYSTEM_INFO[v].short,
}));

interface Position {
  id: number;
  name: string;
}
interface UnitOption {
  id: number;
  name: string;
  orgName: string;
}

const emptyRow = (kind: FormKind): FormRowInput => ({ category: "add", name: "", idNumber: "", phone: "", roleKind: kind === "admin" ? "account_admin" : "operator", adminSubsystems: [], positionId: null, unitId: null, requirement: "" });

export default function FormEditPage() {
  const s = useCurrentSession();
  const nav = useNavigate();
  const { id } = useParams();
  const [params] = useSearchParams();
  const { message } = AntApp.useApp();
  const existing = useQuery({ queryKey: ["form", id], queryFn: () => api.get<FormDetail>(`/api/forms/${id}`), enabled: !!id });
  const kind: FormKind = (existing.data?.form.kind ?? (params.get("kind") === "admin" ? "admin" : "operator")) as FormKind;
  const [subsystem, setSubsystem] = useState<string | null>(kind === "operator" ? "LABOR" : null);
  const [applyDate, setApplyDate] = useState(dayjs().format("YYYY-MM-DD"));
  const [contactName, setContactName] = useState(s.account.name);
  const [contactPhone, setContactPhone] = useState("");
  const [rows, setRows] = useState<FormRowInput[]>([emptyRow(kind)]);
  const [problems, setProblems] = useState<RowProblem[][]>([]);
  const [saving, setSaving] = useState(false);
  const loaded = useRef(false);

  useEffect(() => {
    const d = existing.data;
    if (!d || loaded.current) return;
    loaded.current = true;
    setSubsystem(d.form.subsystem);
    setApplyDate(d.form.applyDate);
    setContactName(d.form.contactName);
    setContactPhone(d.form.contactPhone);
    setRows(d.rows.map((r) => ({ category: r.category, name: r.name, idNumber: r.idNumber, phone: r.phone ?? "", roleKind: r.roleKind, adminSubsystems: r.adminSubsystems ?? [], positionId: r.positionId, unitId: r.unitId ?? null, requirement: r.requirement ?? "" })));
  }, [existing.data]);

  const positions = useQuery({
    queryKey: ["form-positions", subsystem],
    queryFn: () => api.get<Position[]>(`/api/forms/positions?subsystem=${subsystem}`),
    enabled: kind === "operator" && !!subsystem,
  });

  const unitOptions = useQuery({ queryKey: ["form-units", kind], queryFn: () => api.get<UnitOption[]>(`/api/forms/units?kind=${kind}`), staleTime: 300_000 });
  const checkSeq = useRef(0);

  const body = useMemo(
    () => ({ kind, subsystem: kind === "operator" ? subsystem : null, applicantUnitId: s.account.unitId ?? 0, applyDate, contactName, contactPhone, rows }),
    [kind, subsystem, applyDate, contactName, contactPhone, rows, s.account.unitId],
  );

  // Validate as typed (debounced).
  useEffect(() => {
    const t = setTimeout(() => {
      if (!contactPhone || rows.every((r) => !r.name && !r.idNumber)) return;
      const seq = ++checkSeq.current;
      api.post<{ rows: { row: number; problems: RowProblem[] }[] }>("/api/forms/validate", body, { silent: true })
        // Only the answer to the latest check counts: an older one describes rows as they were.
        .then((v) => seq === checkSeq.current && setProblems(v.rows.map((r) => r.problems)))
        .catch(() => undefined);
    }, 400);
    return () => clearTimeout(t);
  }, [body, contactPhone, rows]);

  const set = (i: number, patch: Partial<FormRowInput>) => {
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    // The changed fields' old problems go at once; the next check says whether they still hold.
    const changed = new Set(Object.keys(patch));
    setProblems((ps) => ps.map((p, j) => (j === i ? p.filter((x) => !changed.has(x.field) && !(changed.has("category") || changed.has("roleKind"))) : p)));
  };
  const cellProblem = (i: number, field: string) => problems[i]?.filter((p) => p.field === field) ?? [];
  const status = (i: number, field: string) => (cellProblem(i, field).length ? ("error" as const) : undefined);
  // Always the same wrapper, so a cell is not re-mounted (closing an open dropdown) when its problem appears or goes.
  const tip = (i: number, field: string, node: React.ReactNode) => {
    const ps = cellProblem(i, field);
    return <Tooltip title={ps.length ? ps.map((p) => p.message).join("；") : undefined}>{node}</Tooltip>;
  };
  const invalid = problems.some((p) => p.length > 0);

  async function save(andSubmit: boolean) {
    if (!s.account.unitId) return;
    setSaving(true);
    try {
      let formId = id ? Number(id) : null;
      if (formId) await api.put(`/api/forms/${formId}`, body);
      else formId = (await api.post<{ id: number }>("/api/forms", body)).id;
      if (andSubmit) {
        const r = await api.post<{ number: string }>(`/api/forms/${formId}/submit`);
        message.success(`已提交，编号 ${r.number}`);
      } else message.success("草稿已保存");
      nav(`/forms/${formId}`);
    } catch {
      // The API client shows the message.
    } finally {
      setSaving(false);
    }
  }

  if (!s.account.unitId) return <Alert type="warning" showIcon message="您的账户未登记所属单位，不能填写申请表，请联系账户管理员" />;

  return (
    <Card title={`填写${FORM_KIND_NAMES[kind]}`} extra={<Typography.Text type="secondary">申请部门：{s.account.unitName}</Typography.Text>}>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 12 }}>
        {kind === "operator" && (
          <Form.Item label="子系统名称" required tooltip="相同的子系统用户才能共用一张表，否则请另表填写">
            <Select style={{ width: 200 }} value={subsystem} onChange={(v) => { setSubsystem(v); setRows((rs) => rs.map((r) => ({ ...r, positionId: null }))); }} options={AREA_OPTIONS} />
          </Form.Item>
        )}
        <Form.Item label="申请日期" required>
          <DatePicker value={dayjs(applyDate)} onChange={(d) => d && setApplyDate(d.format("YYYY-MM-DD"))} allowClear={false} />
        </Form.Item>
        <Form.Item label={kind === "admin" ? "提交人" : "联系人姓名"} required>
          <Input value={contactName} onChange={(e) => setContactName(e.target.value)} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label={kind === "admin" ? "联系电话" : "联系人电话"} required>
          <Input value={contactPhone} onChange={(e) => setContactPhone(e.target.value.trim())} style={{ width: 160 }} placeholder="手机或固定电话" aria-label="联系电话" />
        </Form.Item>
      </Form>
      <Typography.Title level={5}>申请内容</Typography.Title>
      <Table
        rowKey={(_, i) => String(i)}
        pagination={false}
        size="small"
        scroll={{ x: 1300 }}
        dataSource={rows}
        columns={[
          { title: "序号", width: 56, render: (_, __, i) => i + 1 },
          {
            title: "申请类别", width: 100,
            render: (_, r, i) => <Select aria-label={`第${i + 1}行申请类别`} value={r.category} style={{ width: 90 }} onChange={(v) => set(i, { category: v })} options={Object.entries(CATEGORY_NAMES).map(([value, label]) => ({ value, label }))} />,
          },
          { title: "姓名", width: 110, render: (_, r, i) => tip(i, "name", <Input aria-label={`第${i + 1}行姓名`} status={status(i, "name")} value={r.name} onChange={(e) => set(i, { name: e.target.value })} />) },
          { title: "身份证号", width: 200, render: (_, r, i) => tip(i, "idNumber", <Input aria-label={`第${i + 1}行身份证号`} status={status(i, "idNumber")} value={r.idNumber} maxLength={18} onChange={(e) => set(i, { idNumber: e.target.value.trim() })} />) },
          { title: "联系方式", width: 140, render: (_, r, i) => tip(i, "phone", <Input aria-label={`第${i + 1}行联系方式`} status={status(i, "phone")} value={r.phone ?? ""} onChange={(e) => set(i, { phone: e.target.value.trim() })} />) },
          kind === "admin"
            ? {
                title: "岗位名称", width: 300,
                render: (_, r, i) => (
                  <Space.Compact style={{ width: "100%" }}>
                    {tip(i, "roleKind", <Select aria-label={`第${i + 1}行岗位名称`} status={status(i, "roleKind")} value={r.roleKind} style={{ width: 120 }} onChange={(v) => set(i, { roleKind: v })}
                      options={[{ value: "account_admin", label: "账户管理员" }, { value: "permission_admin", label: "权限管理员" }]} />)}
                    {r.roleKind === "permission_admin" && tip(i, "adminSubsystems", <Select mode="multiple" status={status(i, "adminSubsystems")} placeholder="负责的子系统" style={{ minWidth: 170 }} value={r.adminSubsystems} onChange={(v) => set(i, { adminSubsystems: v })} options={AREA_OPTIONS} />)}
                  </Space.Compact>
                ),
              }
            : {
                title: "岗位角色名称", width: 170,
                render: (_, r, i) => tip(i, "positionId", <Select aria-label={`第${i + 1}行岗位角色`} status={status(i, "positionId")} allowClear placeholder="选择岗位" style={{ width: 160 }} value={r.positionId ?? undefined} onChange={(v) => set(i, { positionId: v ?? null })}
                  options={(positions.data ?? []).map((p) => ({ value: p.id, label: p.name }))} />),
              },
          {
            title: "所在单位", width: 210,
            render: (_, r, i) =>
              r.category === "add"
                ? tip(i, "unitId", <Select aria-label={`第${i + 1}行所在单位`} status={status(i, "unitId")} allowClear showSearch={{ optionFilterProp: "label" }} style={{ width: 200 }}
                    placeholder={`本部门（${s.account.unitName ?? ""}）`} value={r.unitId ?? undefined} onChange={(v) => set(i, { unitId: v ?? null })} popupMatchSelectWidth={false}
                    options={(unitOptions.data ?? []).map((u) => ({ value: u.id, label: u.orgName === s.account.orgName ? u.name : `${u.orgName} · ${u.name}` }))} />)
                : <Typography.Text type="secondary">原单位</Typography.Text>,
          },
          { title: "具体要求", render: (_, r, i) => <Input aria-label={`第${i + 1}行具体要求`} value={r.requirement} onChange={(e) => set(i, { requirement: e.target.value })} placeholder="如：新增xx用户分配岗位权限" /> },
          {
            title: "", width: 80,
            render: (_, __, i) => (
              <Space>
                {problems[i]?.length ? <Tooltip title={problems[i]!.map((p) => p.message).join("；")}><WarningOutlined style={{ color: "#cf1322" }} /></Tooltip> : null}
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除第${i + 1}行`} disabled={rows.length === 1} onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))} />
              </Space>
            ),
          },
        ]}
      />
      <Button style={{ marginTop: 8 }} icon={<PlusOutlined />} onClick={() => setRows((rs) => [...rs, emptyRow(kind)])}>添加一行</Button>
      {invalid && (
        <Alert style={{ marginTop: 16 }} type="error" showIcon message="以下行不符合要求，修改后才能提交"
          description={<ul style={{ margin: 0, paddingLeft: 18 }}>{problems.flatMap((ps, i) => ps.map((p) => <li key={`${i}-${p.code}`}>第 {i + 1} 行：{p.message}</li>))}</ul>} />
      )}
      <Space style={{ marginTop: 16 }}>
        <Button onClick={() => save(false)} loading={saving}>保存草稿</Button>
        <Tooltip title={!contactPhone ? "请先填写联系电话" : invalid ? "有不符合要求的行，修改后才能提交（见上方提示）" : undefined}>
          {/* A disabled button gets no hover or focus: the wrapper carries the reason (issue 15). */}
          <span tabIndex={invalid || !contactPhone ? 0 : -1} style={{ display: "inline-block" }}>
            <Button type="primary" onClick={() => save(true)} loading={saving} disabled={invalid || !contactPhone}>提交申请表</Button>
          </span>
        </Tooltip>
      </Space>
    </Card>
  );
}

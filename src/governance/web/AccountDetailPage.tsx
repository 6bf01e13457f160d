/**
 * 账户详情 (P5–P9, P13, X2): one account's facts (身份证号 and phone masked), status, its whole history (the 账户管理台账
 * rows), its grants (权限管理台账 rows) and its P13 records. The actions shown are those the logged-in admin may take,
 * decided by the same rules the server enforces (rules.ts canManageAccount / canGrant); the server remains the judge
 * and its Chinese message is shown when it refuses.
 *   account admins (gov.account.manage): 修改, 停用/启用/注销, 变更角色 (P5: old rights revoked first), 调动,
 *     登记离岗/脱岗 and 登记返岗 (gov.staff-status.manage);
 *   permission admins (gov.grant.manage): 授予岗位 (operators), 授予子系统管理权限 (permission admins), 撤销.
 */
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Result, Select, Space, Table, Tabs, Tag, TreeSelect, Typography } from "antd";
import {
  EditOutlined, KeyOutlined, RollbackOutlined, PauseCircleOutlined, PlayCircleOutlined, StopOutlined, SwapOutlined, UserSwitchOutlined,
} from "@ant-design/icons";
import { api, ApiError } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { ACCOUNT_STATUS, LEVEL_NAMES, ROLE_KIND_NAMES, UNIT_KIND_NAMES, fmtTime } from "../../web/labels.js";
import { AREA_NAMES } from "../../web/subsystems.js";
import type { RoleKind, Subsystem } from "../../web/types.js";
import { canGrant, canManageAccount, positionUsableFor } from "../rules.js";
import { ActionDialog, FormRefField, ReasonField, opt } from "./ActionDialog.js";
import { ReturnDialog, StaffStatusDialog } from "./StaffDialogs.js";
import {
  ACCOUNT_ACTION_NAMES, ACTION_COLORS, ROLE_KINDS, STAFF_STATUS_NAMES, actorViewOf, buildTree, describeChange, functionNames, targetViewOf,
  useCatalogue, useOrgTree, useUnits, type AccountDetail, type GrantRow, type HistoryRow, type PositionRow, type StaffStatusRecord,
} from "./common.js";

type Dialog =
  | { kind: "edit" | "disable" | "enable" | "cancel" | "role" | "move" | "staff" | "grantPosition" | "grantSubsystem" }
  | { kind: "return"; record: StaffStatusRecord }
  | { kind: "revoke"; grant: GrantRow };

const STATUS_ACTIONS = {
  disable: { path: "disable", title: "停用账户", ok: "停用", text: "停用后该账户不能登录，现有会话立即结束；账户、台账和审计记录均保留（第八条）。" },
  enable: { path: "enable", title: "启用账户", ok: "启用", text: "启用后该账户可再次登录。已撤销的权限不会恢复。" },
  cancel: { path: "cancel", title: "注销账户", ok: "注销", text: "注销后账户不能再使用，也不能再变更；全部有效授权同时撤销，现有会话立即结束。记录永久保留，不会删除。" },
} as const;

function grantTitle(g: GrantRow) {
  return g.kind === "position" ? `岗位：${g.positionName ?? ""}` : `子系统权限管理：${AREA_NAMES[g.subsystem]}`;
}

export default function AccountDetailPage() {
  const { id } = useParams();
  const s = useCurrentSession();
  const qc = useQueryClient();
  const actor = useMemo(() => actorViewOf(s), [s]);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const q = useQuery({
    queryKey: ["gov", "account", id],
    queryFn: () => api.get<AccountDetail>(`/api/gov/accounts/${id}`, { silent: true }),
  });
  const catalogue = useCatalogue();
  const fnames = useMemo(() => functionNames(catalogue.data), [catalogue.data]);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["gov"] });
  };
  const close = () => setDialog(null);

  if (q.error) {
    return <Result status="404" title="账户不存在或不在您的管理范围内" subTitle={(q.error as ApiError).message} extra={<Link to="/gov/accounts">返回账户管理</Link>} />;
  }
  if (!q.data) return <Card loading />;
  const { account: a, history, grants, staffStatus, allowed } = q.data;
  const target = targetViewOf(a);
  const live = grants.filter((g) => !g.revokedAt);
  const openRecord = staffStatus.find((r) => !r.endedDate);

  const isAccountAdmin = hasPermission(s, "gov.account.manage");
  const canStaff = hasPermission(s, "gov.staff-status.manage");
  const manage = isAccountAdmin && allowed.manage && a.status !== "cancelled";
  const isPermissionAdmin = hasPermission(s, "gov.grant.manage");
  const grantKind = a.roleKind === "permission_admin" ? "admin_subsystem" : "position";
  const canGrantHere = isPermissionAdmin && allowed.grantSubsystems.length > 0 && a.status === "active" && a.roleKind !== "account_admin";
  const grantRefusal = isPermissionAdmin && !allowed.grantSubsystems.length
    ? canGrant(actor, target, s.adminSubsystems[0] ?? "LABOR", grantKind)
    : null;
  const canRevoke = (g: GrantRow) => isPermissionAdmin && !g.revokedAt && canGrant(actor, target, g.subsystem, g.kind) === null;

  const st = ACCOUNT_STATUS[a.status];
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="account-detail-name">{a.name}</span>
            <Tag color={a.roleKind === "account_admin" ? "blue" : a.roleKind === "permission_admin" ? "cyan" : "default"}>
              {ROLE_KIND_NAMES[a.roleKind]}
              {a.abSlot ? `（${a.abSlot}角）` : ""}
            </Tag>
            <Tag color={st?.color} data-testid="account-detail-status">{st?.text ?? a.status}</Tag>
            {a.bootstrap && <Tag color="purple">初始化</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {manage && <Button icon={<EditOutlined />} onClick={() => setDialog({ kind: "edit" })}>修改</Button>}
            {manage && a.status === "active" && <Button danger icon={<StopOutlined />} onClick={() => setDialog({ kind: "disable" })}>停用</Button>}
            {manage && a.status === "disabled" && <Button icon={<PlayCircleOutlined />} onClick={() => setDialog({ kind: "enable" })}>启用</Button>}
            {manage && <Button icon={<UserSwitchOutlined />} onClick={() => setDialog({ kind: "role" })}>变更角色</Button>}
            {manage && <Button icon={<SwapOutlined />} onClick={() => setDialog({ kind: "move" })}>调动</Button>}
            {manage && canStaff && a.status === "active" && !openRecord && (
              <Button icon={<PauseCircleOutlined />} onClick={() => setDialog({ kind: "staff" })}>登记离岗/脱岗</Button>
            )}
            {manage && canStaff && openRecord && (
              <Button type="primary" icon={<RollbackOutlined />} onClick={() => setDialog({ kind: "return", record: openRecord })}>登记返岗</Button>
            )}
            {manage && <Button danger onClick={() => setDialog({ kind: "cancel" })}>注销</Button>}
            {canGrantHere && a.roleKind === "operator" && (
              <Button type="primary" icon={<KeyOutlined />} onClick={() => setDialog({ kind: "grantPosition" })}>授予岗位</Button>
            )}
            {canGrantHere && a.roleKind === "permission_admin" && (
              <Button type="primary" icon={<KeyOutlined />} onClick={() => setDialog({ kind: "grantSubsystem" })}>授予子系统管理权限</Button>
            )}
          </Space>
        }
      >
        {a.status !== "active" && a.statusReason && (
          <Alert type={a.status === "suspended" ? "warning" : "error"} showIcon style={{ marginBottom: 16 }} title={`账户${st?.text ?? ""}：${a.statusReason}`} />
        )}
        {isAccountAdmin && !allowed.manage && allowed.manageRefusal && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`您不能变更此账户：${allowed.manageRefusal.message}`} />
        )}
        {grantRefusal && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`您不能设置此账户的权限：${grantRefusal.message}`} />}
        <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="姓名">{a.name}</Descriptions.Item>
          <Descriptions.Item label="身份证号"><span style={{ fontFamily: "monospace" }}>{a.idNumberMasked ?? "—"}</span></Descriptions.Item>
          <Descriptions.Item label="联系电话">{a.phoneMasked ?? "—"}</Descriptions.Item>
          <Descriptions.Item label="组织机构">{a.orgName}（{LEVEL_NAMES[a.level]}）</Descriptions.Item>
          <Descriptions.Item label="单位">{a.unitName ?? "未指定单位"}</Descriptions.Item>
          <Descriptions.Item label="角色类型">{ROLE_KIND_NAMES[a.roleKind]}{a.abSlot ? `（${a.abSlot}角）` : ""}</Descriptions.Item>
          <Descriptions.Item label="创建时间">{fmtTime(a.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="最近登录">{a.lastLoginAt ? fmtTime(a.lastLoginAt) : "从未登录"}</Descriptions.Item>
          <Descriptions.Item label="当前会话">{a.hasLiveSession ? <Tag color="green">在线</Tag> : "无"}</Descriptions.Item>
          <Descriptions.Item label="有效授权">{live.length} 项</Descriptions.Item>
          <Descriptions.Item label="最近变更">{fmtTime(a.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card>
        <Tabs
          items={[
            {
              key: "grants",
              label: `授权记录（${live.length}/${grants.length}）`,
              children: (
                <Table<GrantRow>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={grants}
                  locale={{ emptyText: <Empty description="尚无授权" /> }}
                  scroll={{ x: 1100 }}
                  columns={[
                    {
                      title: "授权内容",
                      width: 220,
                      render: (_, g) => (
                        <Space orientation="vertical" size={2}>
                          <Typography.Text strong>{grantTitle(g)}</Typography.Text>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{AREA_NAMES[g.subsystem]}</Typography.Text>
                        </Space>
                      ),
                    },
                    {
                      title: "功能权限",
                      render: (_, g) =>
                        g.permissions?.length ? (
                          <Space size={[4, 4]} wrap>
                            {g.permissions.map((c) => (
                              <Tag key={c} color={fnames.get(c)?.sensitive ? "orange" : undefined} title={c}>{fnames.get(c)?.name ?? c}</Tag>
                            ))}
                          </Space>
                        ) : g.kind === "admin_subsystem" ? "设置该子系统操作员的业务权限" : "—",
                    },
                    { title: "授权", width: 180, render: (_, g) => <>{fmtTime(g.grantedAt)}<br /><Typography.Text type="secondary">{g.grantedByName ?? "系统初始化"}{g.formRef ? ` · ${g.formRef}` : ""}</Typography.Text></> },
                    {
                      title: "状态",
                      width: 240,
                      render: (_, g) =>
                        g.revokedAt ? (
                          <Space orientation="vertical" size={2}>
                            <Tag>已撤销</Tag>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(g.revokedAt)} · {g.revokedByName ?? "系统"}</Typography.Text>
                            {g.revokeReason && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{g.revokeReason}</Typography.Text>}
                          </Space>
                        ) : (
                          <Tag color="green">有效</Tag>
                        ),
                    },
                    {
                      title: "操作",
                      width: 90,
                      render: (_, g) => canRevoke(g) && <Button size="small" danger onClick={() => setDialog({ kind: "revoke", grant: g })}>撤销</Button>,
                    },
                  ]}
                />
              ),
            },
            {
              key: "history",
              label: `变更记录（${history.length}）`,
              children: (
                <Table<HistoryRow>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={[...history].reverse()}
                  columns={[
                    { title: "时间", dataIndex: "at", width: 170, render: (v: string) => fmtTime(v) },
                    { title: "操作类别", dataIndex: "action", width: 170, render: (v: HistoryRow["action"]) => <Tag color={ACTION_COLORS[v]}>{ACCOUNT_ACTION_NAMES[v] ?? v}</Tag> },
                    { title: "变更内容", render: (_, r) => describeChange(r.action, r.detail) || "—" },
                    { title: "原因", dataIndex: "reason", render: (v: string | null) => v ?? "—" },
                    { title: "办理人", dataIndex: "byName", width: 110, render: (v: string | null, r) => v ?? (r.action === "bootstrap" ? "系统初始化" : "系统") },
                    { title: "申请表编号", dataIndex: "formRef", width: 150, render: (v: string | null) => v ?? "—" },
                  ]}
                />
              ),
            },
            {
              key: "staff",
              label: `离岗登记（${staffStatus.length}）`,
              children: (
                <Table<StaffStatusRecord>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={staffStatus}
                  locale={{ emptyText: <Empty description="无离岗、脱岗登记" /> }}
                  columns={[
                    { title: "类别", dataIndex: "kind", render: (v: StaffStatusRecord["kind"]) => STAFF_STATUS_NAMES[v] },
                    { title: "开始日期", dataIndex: "startDate", width: 110 },
                    { title: "预计结束", dataIndex: "expectedEndDate", width: 110, render: (v: string | null) => v ?? "—" },
                    { title: "返岗日期", dataIndex: "endedDate", width: 110, render: (v: string | null) => v ?? <Tag color="orange">未返岗</Tag> },
                    { title: "清理授权", dataIndex: "grantsCleared", width: 90, render: (v: number) => `${v} 项` },
                    { title: "说明", dataIndex: "note", render: (v: string) => v || "—" },
                    { title: "登记", width: 190, render: (_, r) => <>{r.recordedByName ?? ""}<br /><Typography.Text type="secondary">{fmtTime(r.recordedAt)}</Typography.Text></> },
                    {
                      title: "操作",
                      width: 100,
                      render: (_, r) => !r.endedDate && manage && canStaff && <Button size="small" onClick={() => setDialog({ kind: "return", record: r })}>登记返岗</Button>,
                    },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>

      {dialog?.kind === "edit" && <EditDialog detail={q.data} onClose={close} onDone={refresh} />}
      {(dialog?.kind === "disable" || dialog?.kind === "enable" || dialog?.kind === "cancel") && (
        <ActionDialog<{ reason: string; formRef?: string }>
          open
          title={`${STATUS_ACTIONS[dialog.kind].title}：${a.name}`}
          okText={STATUS_ACTIONS[dialog.kind].ok}
          danger={dialog.kind !== "enable"}
          intro={<Alert type={dialog.kind === "enable" ? "info" : "warning"} showIcon style={{ marginBottom: 12 }} title={STATUS_ACTIONS[dialog.kind].text} />}
          onClose={close}
          onSubmit={async (v) => {
            const act = STATUS_ACTIONS[dialog.kind as keyof typeof STATUS_ACTIONS];
            const r = await api.post<{ sessionsEnded: number; revokedGrants: number }>(`/api/gov/accounts/${a.id}/${act.path}`, { reason: v.reason.trim(), formRef: opt(v.formRef) }, { silent: true });
            refresh();
            return `已${act.ok}${r.sessionsEnded ? `，结束会话 ${r.sessionsEnded} 个` : ""}${r.revokedGrants ? `，撤销授权 ${r.revokedGrants} 项` : ""}`;
          }}
        >
          <ReasonField />
          <FormRefField />
        </ActionDialog>
      )}
      {dialog?.kind === "role" && <RoleDialog detail={q.data} liveGrants={live.length} onClose={close} onDone={refresh} />}
      {dialog?.kind === "move" && <MoveDialog detail={q.data} onClose={close} onDone={refresh} />}
      <StaffStatusDialog account={a} open={dialog?.kind === "staff"} onClose={close} onDone={refresh} />
      <ReturnDialog
        record={dialog?.kind === "return" ? { ...dialog.record, name: a.name } : null}
        open={dialog?.kind === "return"}
        onClose={close}
        onDone={refresh}
      />
      {dialog?.kind === "grantPosition" && <GrantPositionDialog detail={q.data} fnames={fnames} onClose={close} onDone={refresh} />}
      {dialog?.kind === "grantSubsystem" && <GrantSubsystemDialog detail={q.data} onClose={close} onDone={refresh} />}
      {dialog?.kind === "revoke" && (
        <ActionDialog<{ reason: string; formRef?: string }>
          open
          title={`撤销授权：${a.name} · ${grantTitle(dialog.grant)}`}
          okText="撤销"
          danger
          intro={<Typography.Paragraph type="secondary">撤销后该授权立即失效，权限管理台账保留授权和撤销记录（第九条）。</Typography.Paragraph>}
          onClose={close}
          onSubmit={async (v) => {
            await api.post(`/api/gov/grants/${dialog.grant.id}/revoke`, { reason: v.reason.trim(), formRef: opt(v.formRef) }, { silent: true });
            refresh();
            return "已撤销授权";
          }}
        >
          <ReasonField label="撤销原因" />
          <FormRefField />
        </ActionDialog>
      )}
    </Space>
  );
}

interface DialogProps {
  detail: AccountDetail;
  onClose: () => void;
  onDone: () => void;
}

function EditDialog({ detail, onClose, onDone }: DialogProps) {
  const a = detail.account;
  const units = useUnits(a.orgCode);
  return (
    <ActionDialog<{ name: string; phone?: string; unitId?: number | null; reason?: string; formRef?: string }>
      open
      title={`修改账户：${a.name}`}
      okText="保存"
      initialValues={{ name: a.name, unitId: a.unitId }}
      intro={<Typography.Paragraph type="secondary">身份证号是账户的身份标识，不能变更；登记有误的，请注销后重新开户（第四条）。</Typography.Paragraph>}
      onClose={onClose}
      onSubmit={async (v) => {
        const body: Record<string, unknown> = { reason: opt(v.reason), formRef: opt(v.formRef) };
        if (v.name.trim() !== a.name) body.name = v.name.trim();
        if (v.phone?.trim()) body.phone = v.phone.trim();
        if ((v.unitId ?? null) !== a.unitId) body.unitId = v.unitId ?? null;
        const r = await api.put<{ changed: string[] }>(`/api/gov/accounts/${a.id}`, body, { silent: true });
        onDone();
        return r.changed.length ? "已保存，记入账户管理台账" : "内容未变化，未作变更";
      }}
    >
      <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: "请填写真实姓名" }, { max: 30 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="phone" label="新联系电话" extra={`当前：${a.phoneMasked ?? "未登记"}；留空则不变`} rules={[{ pattern: /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, message: "联系电话格式不正确" }]}>
        <Input placeholder="手机号码或座机" />
      </Form.Item>
      <Form.Item name="unitId" label="单位">
        <Select
          allowClear
          loading={units.isLoading}
          options={(units.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${UNIT_KIND_NAMES[u.kind] ?? u.kind}）` }))}
        />
      </Form.Item>
      <Form.Item name="reason" label="原因" rules={[{ max: 200 }]}>
        <Input placeholder="可空" />
      </Form.Item>
      <FormRefField />
    </ActionDialog>
  );
}

function RoleDialog({ detail, liveGrants, onClose, onDone }: DialogProps & { liveGrants: number }) {
  const s = useCurrentSession();
  const actor = actorViewOf(s);
  const a = detail.account;
  const options = ROLE_KINDS.filter((k) => k !== a.roleKind).map((k) => {
    const refusal = canManageAccount(actor, { ...targetViewOf(a), roleKind: k });
    return { value: k, label: ROLE_KIND_NAMES[k], disabled: !!refusal, title: refusal?.message };
  });
  return (
    <ActionDialog<{ roleKind: RoleKind; abSlot?: "A" | "B"; reason: string; formRef?: string }>
      open
      title={`变更角色类型：${a.name}（现为${ROLE_KIND_NAMES[a.roleKind]}）`}
      okText="变更角色"
      danger
      intro={
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="变更角色类型将先撤销原角色的全部权限"
          description={`账户管理员、权限管理员、操作员须由不同的人担任，任何时候一人不得兼任（第六条）。该账户现有有效授权 ${liveGrants} 项，将在同一操作中全部撤销；新角色的权限须由权限管理员重新授予。`}
        />
      }
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await api.post<{ revokedGrants: number }>(`/api/gov/accounts/${a.id}/role-kind`, {
          roleKind: v.roleKind, abSlot: v.roleKind === "account_admin" ? v.abSlot ?? null : null, reason: v.reason.trim(), formRef: opt(v.formRef),
        }, { silent: true });
        onDone();
        return `角色类型已变更为${ROLE_KIND_NAMES[v.roleKind]}，撤销原授权 ${r.revokedGrants} 项`;
      }}
    >
      {(form) => (
        <>
          <Form.Item name="roleKind" label="新角色类型" rules={[{ required: true, message: "请选择新角色类型" }]} extra="灰色选项不属于您的职责（第七条、第八条）">
            <Select options={options} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() =>
              form.getFieldValue("roleKind") === "account_admin" && (
                <Form.Item name="abSlot" label="A/B角" rules={[{ required: true, message: "请选择A角或B角" }]}>
                  <Select options={[{ value: "A", label: "A角" }, { value: "B", label: "B角" }]} />
                </Form.Item>
              )
            }
          </Form.Item>
          <ReasonField />
          <FormRefField />
        </>
      )}
    </ActionDialog>
  );
}

function MoveDialog({ detail, onClose, onDone }: DialogProps) {
  const s = useCurrentSession();
  const actor = actorViewOf(s);
  const a = detail.account;
  const tree = useOrgTree();
  const [orgCode, setOrgCode] = useState<string | undefined>();
  const units = useUnits(orgCode);
  const treeData = useMemo(
    () => buildTree(tree.data ?? [], actor.scopePrefix, (n) => canManageAccount(actor, { accountId: a.id, roleKind: a.roleKind, level: n.level, orgCode: n.code }) === null),
    [tree.data, actor, a],
  );
  return (
    <ActionDialog<{ orgCode: string; unitId?: number; reason: string; formRef?: string }>
      open
      title={`调动：${a.name}（现在${a.orgName}）`}
      okText="调动"
      intro={
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="调动到另一组织机构后，数据范围随之改变（第十条）；原岗位不适用于新组织机构的，其授权同时撤销。"
        />
      }
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await api.post<{ revokedGrants: number }>(`/api/gov/accounts/${a.id}/move`, {
          orgCode: v.orgCode, unitId: v.unitId ?? null, reason: v.reason.trim(), formRef: opt(v.formRef),
        }, { silent: true });
        onDone();
        return `已调动${r.revokedGrants ? `，撤销不适用的授权 ${r.revokedGrants} 项` : ""}`;
      }}
    >
      {(form) => (
        <>
          <Form.Item name="orgCode" label="新组织机构" rules={[{ required: true, message: "请选择新组织机构" }]} extra="灰色节点不属于您的职责">
            <TreeSelect
              treeData={treeData}
              showSearch={{ treeNodeFilterProp: "title" }}
              treeDefaultExpandedKeys={[s.account.orgCode]}
              onChange={(v: string) => {
                setOrgCode(v);
                form.setFieldsValue({ unitId: undefined });
              }}
            />
          </Form.Item>
          <Form.Item name="unitId" label="单位">
            <Select
              allowClear
              disabled={!orgCode}
              loading={units.isLoading}
              options={(units.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${UNIT_KIND_NAMES[u.kind] ?? u.kind}）` }))}
            />
          </Form.Item>
          <ReasonField />
          <FormRefField />
        </>
      )}
    </ActionDialog>
  );
}

function GrantPositionDialog({ detail, fnames, onClose, onDone }: DialogProps & { fnames: Map<string, { name: string; sensitive: boolean }> }) {
  const a = detail.account;
  const positions = useQuery({
    queryKey: ["gov", "positions", { status: "active" }],
    queryFn: () => api.get<PositionRow[]>("/api/gov/positions?status=active"),
  });
  const held = new Set(detail.grants.filter((g) => !g.revokedAt && g.positionId).map((g) => g.positionId));
  const usable = (positions.data ?? []).filter(
    (p) => detail.allowed.grantSubsystems.includes(p.subsystem) && positionUsableFor(p.orgCode, a.orgCode) && !held.has(p.id),
  );
  const bySub = new Map<Subsystem, PositionRow[]>();
  for (const p of usable) bySub.set(p.subsystem, [...(bySub.get(p.subsystem) ?? []), p]);
  return (
    <ActionDialog<{ positionId: number; reason?: string; formRef?: string }>
      open
      width={640}
      title={`授予岗位：${a.name}（${a.orgName}）`}
      okText="授予"
      intro={<Typography.Paragraph type="secondary">列出您管理的子系统中、适用于该操作员所在组织机构的在用岗位（第十三条）。操作员只能在本组织机构范围内使用所授功能（第十条）。</Typography.Paragraph>}
      onClose={onClose}
      onSubmit={async (v) => {
        await api.post(`/api/gov/accounts/${a.id}/grants`, { kind: "position", positionId: v.positionId, reason: opt(v.reason), formRef: opt(v.formRef) }, { silent: true });
        onDone();
        const p = usable.find((x) => x.id === v.positionId);
        return `已授予岗位：${p?.name ?? ""}`;
      }}
    >
      {(form) => (
        <>
          <Form.Item name="positionId" label="岗位" rules={[{ required: true, message: "请选择岗位" }]}>
            <Select
              showSearch={{ optionFilterProp: "label" }}
              loading={positions.isLoading}
              placeholder="选择岗位"
              notFoundContent={positions.isLoading ? undefined : "没有可授予的岗位"}
              options={[...bySub.entries()].map(([sub, list]) => ({
                label: AREA_NAMES[sub],
                title: AREA_NAMES[sub],
                options: list.map((p) => ({ value: p.id, label: `${p.name}（${p.orgName}）` })),
              }))}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => {
              const p = usable.find((x) => x.id === form.getFieldValue("positionId"));
              return p ? (
                <div style={{ marginBottom: 16 }}>
                  <Typography.Text type="secondary">该岗位包含的功能权限：</Typography.Text>
                  <div style={{ marginTop: 6 }}>
                    {p.permissions.map((c) => <Tag key={c} color={fnames.get(c)?.sensitive ? "orange" : "blue"}>{fnames.get(c)?.name ?? c}</Tag>)}
                  </div>
                </div>
              ) : null;
            }}
          </Form.Item>
          <Form.Item name="reason" label="授权原因" rules={[{ max: 200 }]}>
            <Input placeholder="可空" />
          </Form.Item>
          <FormRefField />
        </>
      )}
    </ActionDialog>
  );
}

function GrantSubsystemDialog({ detail, onClose, onDone }: DialogProps) {
  const a = detail.account;
  const held = new Set(detail.grants.filter((g) => !g.revokedAt && g.kind === "admin_subsystem").map((g) => g.subsystem));
  const options = detail.allowed.grantSubsystems.map((sub) => ({ value: sub, label: AREA_NAMES[sub], disabled: held.has(sub), title: held.has(sub) ? "已拥有" : undefined }));
  return (
    <ActionDialog<{ subsystem: Subsystem; reason?: string; formRef?: string }>
      open
      title={`授予子系统管理权限：${a.name}（${a.orgName}权限管理员）`}
      okText="授予"
      intro={<Typography.Paragraph type="secondary">州级权限管理员设置县（市）权限管理员的权限；权限管理员可按子系统分设（第七条、第九条第一项）。</Typography.Paragraph>}
      onClose={onClose}
      onSubmit={async (v) => {
        await api.post(`/api/gov/accounts/${a.id}/grants`, { kind: "admin_subsystem", subsystem: v.subsystem, reason: opt(v.reason), formRef: opt(v.formRef) }, { silent: true });
        onDone();
        return `已授予${AREA_NAMES[v.subsystem]}的权限管理`;
      }}
    >
      <Form.Item name="subsystem" label="子系统" rules={[{ required: true, message: "请选择子系统" }]}>
        <Select options={options} placeholder="选择子系统" />
      </Form.Item>
      <Form.Item name="reason" label="授权原因" rules={[{ max: 200 }]}>
        <Input placeholder="可空" />
      </Form.Item>
      <FormRefField />
    </ActionDialog>
  );
}

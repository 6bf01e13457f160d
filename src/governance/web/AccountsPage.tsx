/**
 * 账户管理 (P3, P5–P7, X2): accounts in the admin's subtree with filters (level, organisation, role, status, name),
 * 身份证号 and phone masked; account admins (gov.account.manage) create accounts within their duties. The role choices
 * follow the same rule the server enforces (canManageAccount in ../rules.ts); the server remains the judge. Each name
 * opens the account's detail page (AccountDetailPage) with its history, grants and the actions open to the viewer.
 */
import { useMemo, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App as AntApp, Button, Card, Drawer, Form, Input, Select, Space, Table, Tag, TreeSelect, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api, ApiError, qs } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { ACCOUNT_STATUS, LEVEL_NAMES, ROLE_KIND_NAMES, UNIT_KIND_NAMES, fmtTime } from "../../web/labels.js";
import type { AccountRow, Level, OrgNode, RoleKind, SessionInfo, Unit } from "../../web/types.js";
import { Link } from "react-router-dom";
import { canManageAccount } from "../rules.js";
import { ROLE_KINDS, actorViewOf as actorView, buildTree, scopePrefixOf } from "./common.js";
import { parseIdNumber, ID_PROBLEM_TEXT } from "../../core/idcard.js";

interface NewAccountForm {
  name: string;
  idNumber: string;
  phone?: string;
  orgCode: string;
  unitId?: number;
  roleKind: RoleKind;
  abSlot?: "A" | "B";
  formRef?: string;
}

function NewAccountDrawer({ open, onClose, s, tree }: { open: boolean; onClose: () => void; s: SessionInfo; tree: OrgNode[] }) {
  const [form] = Form.useForm<NewAccountForm>();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const orgCode = Form.useWatch("orgCode", form);
  const roleKind = Form.useWatch("roleKind", form);
  const actor = useMemo(() => actorView(s), [s]);
  const node = tree.find((n) => n.code === orgCode);

  const roleOptions = ROLE_KINDS.map((k) => {
    const refusal = node ? canManageAccount(actor, { roleKind: k, level: node.level, orgCode: node.code }) : null;
    return { value: k, label: ROLE_KIND_NAMES[k], disabled: !node || !!refusal, title: refusal?.message };
  });
  // Organisations where the admin may create at least one kind of account.
  const orgTree = useMemo(
    () => buildTree(tree, actor.scopePrefix, (n) => ROLE_KINDS.some((k) => !canManageAccount(actor, { roleKind: k, level: n.level, orgCode: n.code }))),
    [tree, actor],
  );
  const units = useQuery({
    queryKey: ["gov", "units", orgCode],
    queryFn: () => api.get<Unit[]>(`/api/gov/units${qs({ orgCode })}`),
    enabled: !!orgCode,
  });

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setProblem(null);
    try {
      const created = await api.post<{ id: number; name: string; idNumberMasked: string }>(
        "/api/gov/accounts",
        {
          name: v.name.trim(),
          idNumber: v.idNumber.trim().toUpperCase(),
          phone: v.phone?.trim() || null,
          orgCode: v.orgCode,
          unitId: v.unitId ?? null,
          roleKind: v.roleKind,
          abSlot: v.roleKind === "account_admin" ? (v.abSlot ?? null) : null,
          formRef: v.formRef?.trim() || null,
        },
        { silent: true },
      );
      void message.success(`已创建账户：${created.name}（${created.idNumberMasked}），账户编号 ${created.id}`);
      await queryClient.invalidateQueries({ queryKey: ["gov", "accounts"] });
      form.resetFields();
      onClose();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : "创建失败，请重试");
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      title="新建账户"
      open={open}
      onClose={onClose}
      size={520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()}>
            创建
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        账户实行实名制，每人只能有一个账户；账户管理员、权限管理员、操作员须由不同的人担任（第四条、第六条）。
        请依据已签批的《管理员账户权限申请表》（附件1）或《操作员账户权限申请表》（附件2）办理。
      </Typography.Paragraph>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} data-testid="new-account-problem" />}
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: "请填写真实姓名" }, { max: 30 }]}>
          <Input placeholder="与身份证一致的真实姓名" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label="身份证号"
          rules={[
            { required: true, message: "请填写身份证号" },
            {
              validator: async (_, v: string | undefined) => {
                if (!v) return;
                const p = parseIdNumber(v);
                if (!p.ok) throw new Error(ID_PROBLEM_TEXT[p.problem]);
              },
            },
          ]}
        >
          <Input placeholder="18位居民身份证号码" maxLength={18} />
        </Form.Item>
        <Form.Item name="phone" label="联系电话" rules={[{ pattern: /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, message: "联系电话格式不正确" }]}>
          <Input placeholder="手机号码或座机" />
        </Form.Item>
        <Form.Item name="orgCode" label="组织机构" rules={[{ required: true, message: "请选择组织机构" }]}>
          <TreeSelect
            treeData={orgTree}
            showSearch={{ treeNodeFilterProp: "title" }}
            placeholder="选择账户所属的州、县（市）或乡镇（街道）"
            treeDefaultExpandedKeys={[s.account.orgCode]}
            onChange={() => form.setFieldsValue({ unitId: undefined, roleKind: undefined })}
          />
        </Form.Item>
        <Form.Item name="unitId" label="单位">
          <Select
            allowClear
            disabled={!orgCode}
            loading={units.isLoading}
            placeholder={orgCode ? "人社局、信息中心、经办机构、业务科室等" : "请先选择组织机构"}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${UNIT_KIND_NAMES[u.kind] ?? u.kind}）` }))}
          />
        </Form.Item>
        <Form.Item
          name="roleKind"
          label="角色"
          rules={[{ required: true, message: "请选择角色" }]}
          extra={node ? `${LEVEL_NAMES[node.level]}：灰色选项不属于您的职责（第七条、第八条）` : undefined}
        >
          <Select disabled={!node} placeholder={node ? "选择角色" : "请先选择组织机构"} options={roleOptions} />
        </Form.Item>
        {roleKind === "account_admin" && (
          <Form.Item name="abSlot" label="A/B角" rules={[{ required: true, message: "请选择A角或B角" }]} extra="每级原则上设两名账户管理员，分为A角、B角（第七条）">
            <Select options={[{ value: "A", label: "A角" }, { value: "B", label: "B角" }]} />
          </Form.Item>
        )}
        <Form.Item name="formRef" label="申请表编号" rules={[{ max: 60 }]} extra="已签批的申请表编号，记入账户管理台账">
          <Input placeholder="如：附件1-2025-003" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

export default function AccountsPage() {
  const s = useCurrentSession();
  const canManage = hasPermission(s, "gov.account.manage");
  const [level, setLevel] = useState<Level | undefined>();
  const [orgCode, setOrgCode] = useState<string | undefined>();
  const [roleKind, setRoleKind] = useState<RoleKind | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [q, setQ] = useState("");
  const [creating, setCreating] = useState(false);

  const tree = useQuery({ queryKey: ["org", "tree"], queryFn: () => api.get<OrgNode[]>("/api/org/tree"), staleTime: Infinity });
  const filters = { orgCode, roleKind, status, q: q.trim() || undefined };
  const list = useQuery({ queryKey: ["gov", "accounts", filters], queryFn: () => api.get<AccountRow[]>(`/api/gov/accounts${qs(filters)}`) });
  const rows = useMemo(() => (list.data ?? []).filter((a) => !level || a.level === level), [list.data, level]);
  const filterTree = useMemo(() => buildTree(tree.data ?? [], scopePrefixOf(s), () => true), [tree.data, s]);

  return (
    <Card
      title="账户管理"
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建账户
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select aria-label="层级"
          allowClear
          placeholder="层级"
          style={{ width: 130 }}
          value={level}
          onChange={setLevel}
          options={(Object.keys(LEVEL_NAMES) as Level[]).map((l) => ({ value: l, label: LEVEL_NAMES[l] }))}
        />
        <TreeSelect
        aria-label="组织机构"
          allowClear
          placeholder="组织机构"
          style={{ width: 220 }}
          value={orgCode}
          onChange={setOrgCode}
          treeData={filterTree}
          showSearch={{ treeNodeFilterProp: "title" }}
          treeDefaultExpandedKeys={[s.account.orgCode]}
        />
        <Select aria-label="角色"
          allowClear
          placeholder="角色"
          style={{ width: 130 }}
          value={roleKind}
          onChange={setRoleKind}
          options={ROLE_KINDS.map((k) => ({ value: k, label: ROLE_KIND_NAMES[k] }))}
        />
        <Select aria-label="状态"
          allowClear
          placeholder="状态"
          style={{ width: 110 }}
          value={status}
          onChange={setStatus}
          options={Object.entries(ACCOUNT_STATUS).map(([value, v]) => ({ value, label: v.text }))}
        />
        <Input.Search allowClear placeholder="按姓名查询" style={{ width: 200 }} onSearch={setQ} />
      </Space>
      <Table<AccountRow>
        rowKey="id"
        size="middle"
        scroll={{ x: 1080 }}
        loading={list.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 15, showSizeChanger: false, showTotal: (t) => `共 ${t} 个账户` }}
        columns={[
          {
            title: "姓名",
            dataIndex: "name",
            width: 130,
            render: (v: string, r) => (
              <Space size={4}>
                <Link to={`/gov/accounts/${r.id}`}>{v}</Link>
                {r.bootstrap && <Tag color="purple">初始化</Tag>}
              </Space>
            ),
          },
          { title: "身份证号", dataIndex: "idNumberMasked", width: 170, render: (v: string | null) => <span style={{ fontFamily: "monospace" }}>{v ?? "—"}</span> },
          { title: "联系电话", dataIndex: "phoneMasked", width: 115, render: (v: string | null) => v ?? "—" },
          {
            title: "组织机构 / 单位",
            dataIndex: "orgName",
            render: (v: string, r) => (
              <div style={{ lineHeight: 1.5 }}>
                <div>
                  {v}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}> · {LEVEL_NAMES[r.level]}</Typography.Text>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.unitName ?? "未指定单位"}</Typography.Text>
              </div>
            ),
          },
          {
            title: "角色",
            dataIndex: "roleKind",
            width: 140,
            render: (v: RoleKind, r) => (
              <Tag color={v === "account_admin" ? "blue" : v === "permission_admin" ? "cyan" : "default"}>
                {ROLE_KIND_NAMES[v]}
                {r.abSlot ? `（${r.abSlot}角）` : ""}
              </Tag>
            ),
          },
          { title: "状态", dataIndex: "status", width: 70, render: (v: string) => <Tag color={ACCOUNT_STATUS[v]?.color}>{ACCOUNT_STATUS[v]?.text ?? v}</Tag> },
          { title: "最近登录", dataIndex: "lastLoginAt", width: 160, render: (v: string | null) => (v ? fmtTime(v) : <Typography.Text type="secondary">从未登录</Typography.Text>) },
        ]}
      />
      {canManage && tree.data && <NewAccountDrawer open={creating} onClose={() => setCreating(false)} s={s} tree={tree.data} />}
    </Card>
  );
}

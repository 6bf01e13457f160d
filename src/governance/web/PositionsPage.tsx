/**
 * 岗位管理 (P1, P12): the business positions (岗位/岗位角色) of each subsystem — those of the viewer's level, those of the
 * levels above that can be given inside it, and (for 州 and 县) those of the levels below — each with its function codes
 * shown by their Chinese names from the catalogue every subsystem declares in code (GET /api/gov/catalogue).
 * Permission admins (gov.position.manage) define positions of their own level in the subsystems they hold, and retire
 * positions nobody holds any more (never deleted: the 权限管理台账 keeps naming them).
 */
import { useMemo, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Checkbox, Empty, Form, Input, Segmented, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { UNIT_KIND_NAMES, fmtTime } from "../../web/labels.js";
import { AREA_NAMES, SUBSYSTEM_INFO } from "../../web/subsystems.js";
import type { BusinessSubsystem } from "../../web/types.js";
import type { Subsystem } from "../../web/types.js";
import { ActionDialog, ReasonField } from "./ActionDialog.js";
import { AREA_CODES, functionNames, useCatalogue, useUnits, type PositionRow } from "./common.js";

type Range = "usable" | "own" | "all";

interface NewPosition {
  subsystem: Subsystem;
  name: string;
  description?: string;
  unitId?: number;
  permissions: string[];
}

export default function PositionsPage() {
  const s = useCurrentSession();
  const qc = useQueryClient();
  const canManage = hasPermission(s, "gov.position.manage");
  const [range, setRange] = useState<Range>("usable");
  const [status, setStatus] = useState<"active" | "retired" | "">("active");
  const [q, setQ] = useState("");
  const [tab, setTab] = useState<Subsystem>(canManage && s.adminSubsystems[0] ? s.adminSubsystems[0] : "LABOR");
  const [creating, setCreating] = useState(false);
  const [retiring, setRetiring] = useState<PositionRow | null>(null);
  const list = useQuery({ queryKey: ["gov", "positions", "all"], queryFn: () => api.get<PositionRow[]>("/api/gov/positions") });
  const catalogue = useCatalogue();
  const fnames = useMemo(() => functionNames(catalogue.data), [catalogue.data]);
  const refresh = () => void qc.invalidateQueries({ queryKey: ["gov", "positions"] });

  const rows = useMemo(
    () =>
      (list.data ?? []).filter((p) => {
        if (status && p.status !== status) return false;
        if (range === "own" && p.orgCode !== s.account.orgCode) return false;
        if (range === "usable" && p.orgCode !== s.account.orgCode && !p.inherited) return false;
        if (q.trim() && !p.name.includes(q.trim())) return false;
        return true;
      }),
    [list.data, status, range, q, s.account.orgCode],
  );
  const count = (sub: Subsystem) => rows.filter((p) => p.subsystem === sub).length;
  const canRetire = (p: PositionRow) => canManage && p.status === "active" && p.orgCode === s.account.orgCode && s.adminSubsystems.includes(p.subsystem);

  return (
    <Card
      title="岗位管理"
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!s.adminSubsystems.length}>
            设置岗位
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        各级经办机构按子系统设置业务岗位（岗位角色），岗位由该子系统声明的功能权限组成，再将岗位授予操作员（第十三条）。
        {canManage && s.adminSubsystems.length > 0 && `您可设置岗位的子系统：${s.adminSubsystems.map((x) => AREA_NAMES[x]).join("、")}。`}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<Range>
          value={range}
          onChange={setRange}
          options={[
            { value: "usable", label: "本级可用" },
            { value: "own", label: "本级设置" },
            ...(s.account.level !== "township" ? [{ value: "all" as const, label: "全部（含下级）" }] : []),
          ]}
        />
        <Select aria-label="岗位状态"
          style={{ width: 120 }}
          value={status}
          onChange={setStatus}
          options={[{ value: "active", label: "在用" }, { value: "retired", label: "已停用" }, { value: "", label: "全部状态" }]}
        />
        <Input.Search allowClear placeholder="按岗位名称查询" style={{ width: 200 }} onSearch={setQ} />
      </Space>
      <Tabs
        tabBarGutter={16}
        activeKey={tab}
        onChange={(k) => setTab(k as Subsystem)}
        items={AREA_CODES.map((sub) => ({
          key: sub,
          // Short names keep the tab bar from overflowing (its overflow button breaks the tablist's ARIA, issue 15).
          label: `${sub in SUBSYSTEM_INFO ? SUBSYSTEM_INFO[sub as BusinessSubsystem].short : "业务需求"}（${count(sub)}）`,
          children: (
            <Table<PositionRow>
              rowKey="id"
              size="middle"
              loading={list.isLoading}
              dataSource={rows.filter((p) => p.subsystem === sub)}
              pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty description="暂无岗位" /> }}
              scroll={{ x: 1000 }}
              columns={[
                {
                  title: "岗位名称",
                  dataIndex: "name",
                  width: 180,
                  render: (v: string, p) => (
                    <Space orientation="vertical" size={0}>
                      <Typography.Text strong>{v}</Typography.Text>
                      {p.description && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.description}</Typography.Text>}
                    </Space>
                  ),
                },
                {
                  title: "设置层级",
                  dataIndex: "orgName",
                  width: 190,
                  render: (v: string, p) => (
                    <Space size={4}>
                      {v}
                      {p.inherited && <Tag color="geekblue">上级设置</Tag>}
                    </Space>
                  ),
                },
                {
                  title: "功能权限",
                  dataIndex: "permissions",
                  render: (codes: string[]) => (
                    <Space size={[4, 4]} wrap>
                      {codes.map((c) => (
                        <Tooltip key={c} title={`${c}${fnames.get(c)?.sensitive ? "（涉及个人敏感信息）" : ""}`}>
                          <Tag color={fnames.get(c)?.sensitive ? "orange" : "blue"}>{fnames.get(c)?.name ?? c}</Tag>
                        </Tooltip>
                      ))}
                    </Space>
                  ),
                },
                { title: "持有人数", dataIndex: "holders", width: 90, align: "right", render: (v: number) => `${v} 人` },
                { title: "状态", dataIndex: "status", width: 80, render: (v: string) => (v === "active" ? <Tag color="green">在用</Tag> : <Tag>已停用</Tag>) },
                { title: "设置时间", dataIndex: "createdAt", width: 170, render: (v: string) => fmtTime(v) },
                {
                  title: "操作",
                  width: 90,
                  render: (_, p) =>
                    canRetire(p) && (
                      <Tooltip title={p.holders ? `仍有 ${p.holders} 名操作员持有，须先撤销其授权` : undefined}>
                        <Button size="small" danger disabled={p.holders > 0} onClick={() => setRetiring(p)}>停用</Button>
                      </Tooltip>
                    ),
                },
              ]}
            />
          ),
        }))}
      />
      {creating && (
        <NewPositionDialog
          onClose={() => setCreating(false)}
          onDone={(sub) => {
            setTab(sub);
            setRange("usable");
            refresh();
          }}
        />
      )}
      {retiring && (
        <ActionDialog<{ reason: string }>
          open
          title={`停用岗位：${retiring.name}（${AREA_NAMES[retiring.subsystem]}）`}
          okText="停用"
          danger
          intro={<Typography.Paragraph type="secondary">停用后该岗位不能再授予，岗位记录保留，权限管理台账仍显示其名称和功能权限。</Typography.Paragraph>}
          onClose={() => setRetiring(null)}
          onSubmit={async (v) => {
            await api.post(`/api/gov/positions/${retiring.id}/retire`, { reason: v.reason.trim() }, { silent: true });
            refresh();
            return `已停用岗位：${retiring.name}`;
          }}
        >
          <ReasonField label="停用原因" />
        </ActionDialog>
      )}
    </Card>
  );
}

function NewPositionDialog({ onClose, onDone }: { onClose: () => void; onDone: (sub: Subsystem) => void }) {
  const s = useCurrentSession();
  const catalogue = useCatalogue();
  const units = useUnits(s.account.orgCode);
  return (
    <ActionDialog<NewPosition>
      open
      width={720}
      title={`设置岗位（${s.account.orgName}）`}
      okText="设置"
      initialValues={{ subsystem: s.adminSubsystems[0], permissions: [] }}
      intro={<Typography.Paragraph type="secondary">岗位只能由一个子系统的功能权限组成；涉及查看完整身份证号、联系电话的功能以橙色标出，请按最小权限原则设置。</Typography.Paragraph>}
      onClose={onClose}
      onSubmit={async (v) => {
        const p = await api.post<{ id: number; name: string }>("/api/gov/positions", {
          subsystem: v.subsystem, name: v.name.trim(), description: v.description?.trim() || undefined, permissions: v.permissions, unitId: v.unitId ?? null,
        }, { silent: true });
        onDone(v.subsystem);
        return `已设置岗位：${p.name}`;
      }}
    >
      {(form) => (
        <>
          <Form.Item name="subsystem" label="子系统" rules={[{ required: true, message: "请选择子系统" }]}>
            <Select
              options={s.adminSubsystems.map((x) => ({ value: x, label: AREA_NAMES[x] }))}
              onChange={() => form.setFieldsValue({ permissions: [] })}
            />
          </Form.Item>
          <Form.Item name="name" label="岗位名称" rules={[{ required: true, whitespace: true, message: "请填写岗位名称" }, { max: 30 }]}>
            <Input placeholder="如：信息采集员、驿站管理员" />
          </Form.Item>
          <Form.Item name="description" label="岗位说明" rules={[{ max: 200 }]}>
            <Input placeholder="可空" />
          </Form.Item>
          <Form.Item name="unitId" label="所属经办机构">
            <Select
              allowClear
              placeholder="可空"
              options={(units.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${UNIT_KIND_NAMES[u.kind] ?? u.kind}）` }))}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.subsystem !== b.subsystem}>
            {() => {
              const sub = form.getFieldValue("subsystem") as Subsystem | undefined;
              const fns = catalogue.data?.subsystems.find((x) => x.code === sub)?.functions ?? [];
              return (
                <Form.Item
                  name="permissions"
                  label="功能权限"
                  rules={[{ required: true, type: "array", min: 1, message: "岗位至少包含一项功能权限" }]}
                  extra={fns.length ? undefined : sub ? "正在加载功能权限目录…" : "请先选择子系统"}
                >
                  <Checkbox.Group style={{ width: "100%" }}>
                    <Space orientation="vertical" size={6}>
                      {fns.map((f) => (
                        <Checkbox key={f.code} value={f.code}>
                          {f.name} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.code}</Typography.Text>
                          {f.sensitive && <Tag color="orange" style={{ marginInlineStart: 6 }}>敏感</Tag>}
                        </Checkbox>
                      ))}
                    </Space>
                  </Checkbox.Group>
                </Form.Item>
              );
            }}
          </Form.Item>
        </>
      )}
    </ActionDialog>
  );
}

/**
 * The filter bar shared by the 账户管理台账 and the 权限管理台账 (P7(3), P8(3)): organisation (within the viewer's
 * subtree), level, role kind, period, name, and each ledger's own action filter; plus the 导出Excel button, which
 * downloads the same filtered ledger as a workbook through the session cookie.
 */
import { useMemo, useState, type ReactNode } from "react";
import { App as AntApp, Button, DatePicker, Input, Select, Space, TreeSelect } from "antd";
import { FileExcelOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { qs } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";
import { LEVEL_NAMES, ROLE_KIND_NAMES } from "../../web/labels.js";
import type { Level, RoleKind } from "../../web/types.js";
import { ROLE_KINDS, buildTree, chinaToday, download, scopePrefixOf, useOrgTree } from "./common.js";

export interface LedgerFilter {
  orgCode?: string;
  level?: Level;
  roleKind?: RoleKind;
  from?: string;
  to?: string;
  q?: string;
  action?: string;
  subsystem?: string;
}

export function LedgerFilterBar({ value, onChange, actions, extra }: {
  value: LedgerFilter;
  onChange: (f: LedgerFilter) => void;
  actions: { value: string; label: string }[];
  extra?: ReactNode;
}) {
  const s = useCurrentSession();
  const tree = useOrgTree();
  const treeData = useMemo(() => buildTree(tree.data ?? [], scopePrefixOf(s), () => true), [tree.data, s]);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const set = (patch: Partial<LedgerFilter>) => onChange({ ...value, ...patch });
  return (
    <Space wrap style={{ marginBottom: 16 }}>
      <TreeSelect
        aria-label="组织机构"
        allowClear
        placeholder="组织机构"
        style={{ width: 210 }}
        value={value.orgCode}
        onChange={(v?: string) => set({ orgCode: v })}
        treeData={treeData}
        showSearch={{ treeNodeFilterProp: "title" }}
        treeDefaultExpandedKeys={[s.account.orgCode]}
      />
      <Select aria-label="层级"
        allowClear
        placeholder="层级"
        style={{ width: 130 }}
        value={value.level}
        onChange={(v?: Level) => set({ level: v })}
        options={(Object.keys(LEVEL_NAMES) as Level[]).map((l) => ({ value: l, label: LEVEL_NAMES[l] }))}
      />
      <Select aria-label="角色类型"
        allowClear
        placeholder="角色类型"
        style={{ width: 130 }}
        value={value.roleKind}
        onChange={(v?: RoleKind) => set({ roleKind: v })}
        options={ROLE_KINDS.map((k) => ({ value: k, label: ROLE_KIND_NAMES[k] }))}
      />
      <Select aria-label="操作类别" allowClear placeholder="操作类别" style={{ width: 190 }} value={value.action} onChange={(v?: string) => set({ action: v })} options={actions} />
      {extra}
      <DatePicker.RangePicker
        value={range}
        onChange={(r) => {
          setRange(r);
          set({ from: r?.[0]?.format("YYYY-MM-DD"), to: r?.[1]?.format("YYYY-MM-DD") });
        }}
      />
      <Input.Search allowClear placeholder="按姓名查询" style={{ width: 180 }} onSearch={(v) => set({ q: v.trim() || undefined })} />
    </Space>
  );
}

/** 导出Excel: the export endpoint with the same filters, downloaded as a blob with the session cookie. */
export function ExportButton({ url, filter, name }: { url: string; filter: LedgerFilter; name: string }) {
  const s = useCurrentSession();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<FileExcelOutlined />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await download(`${url}${qs({ ...filter })}`, `${name}-${s.account.orgName}-${chinaToday()}.xlsx`);
          void message.success(`已导出${name}`);
        } catch (e) {
          void message.error(e instanceof Error ? e.message : "导出失败");
        } finally {
          setBusy(false);
        }
      }}
    >
      导出Excel
    </Button>
  );
}

export interface LedgerPage {
  page: number;
  pageSize: number;
}

/** The server-side paging of both ledgers (a new page size starts again at page 1). */
export function ledgerPagination(page: LedgerPage, setPage: (p: LedgerPage) => void, total: number) {
  return {
    current: page.page,
    pageSize: page.pageSize,
    total,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100, 200],
    showTotal: (t: number) => `共 ${t} 条`,
    onChange: (p: number, ps: number) => setPage({ page: ps !== page.pageSize ? 1 : p, pageSize: ps }),
  };
}

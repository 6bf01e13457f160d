/**
 * Shared pieces of the LABOR pages (S-LABOR, X2, P9): the shapes of the labor API answers, code names (the same
 * code tables the server validates with), and the region tree limited to the operator's data scope — 州/县/乡 from
 * GET /api/org/tree, villages loaded when a township is opened (GET /api/org/villages) — used as a filter, or with
 * villagesOnly as the village selector of a record's 常住地 and 户籍地.
 */
import { useEffect, useMemo, useState } from "react";
import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { TreeSelect } from "antd";
import { api } from "../../web/api.js";
import type { OrgNode, SessionInfo } from "../../web/types.js";
import { CODE_LISTS, codeName, type CodeListName } from "../codes.js";
import type { ListItem } from "../service.js";
import type { BatchView as ServerBatchView, ImportProblem } from "../import.js";

export const scopePrefixOf = (s: SessionInfo) => (s.account.level === "prefecture" ? "4228" : s.account.orgCode);

/** Chinese name of a stored code (民族, 就业状态 …); "—" when empty. */
export function nameOf(list: CodeListName, code: string | null | undefined): string {
  return codeName(CODE_LISTS[list], code) ?? "—";
}

/** Select options of a code table. */
export function codeOptions(list: CodeListName) {
  return Object.entries(CODE_LISTS[list].items).map(([value, label]) => ({ value, label }));
}

/** API answers as they arrive over JSON: the server's own types, with Date fields as ISO strings. */
type OverJson<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export type PersonListItem = OverJson<ListItem>;
export type { ImportProblem };
export type ImportStatus = BatchView["status"];
export type BatchView = OverJson<ServerBatchView>;

export const IMPORT_STATUS: Record<string, { text: string; color: string }> = {
  validating: { text: "校验中", color: "processing" },
  validated: { text: "已校验，待确认", color: "blue" },
  committing: { text: "导入中", color: "processing" },
  committed: { text: "已导入", color: "green" },
  failed: { text: "导入失败", color: "red" },
  cancelled: { text: "已取消", color: "default" },
  rejected: { text: "文件被拒绝", color: "red" },
};

export const yesNo = (v: boolean | null | undefined) => (v ? "是" : "否");

interface RegionNode {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  /** Shown in the box once chosen: a village with its township, so that 官坡社区 is not ambiguous. */
  label: string;
  isLeaf: boolean;
  selectable: boolean;
}

export interface RegionTreeSelectProps {
  session: SessionInfo;
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
  /** Only a 12-digit village (村/社区) can be chosen: the 常住地 and 户籍地 of a record. */
  villagesOnly?: boolean;
  /** The whole prefecture instead of the operator's data scope (户籍地 may lie anywhere in Enshi). */
  wholePrefecture?: boolean;
  placeholder?: string;
  width?: number | string;
  disabled?: boolean;
  "aria-label"?: string;
}

/**
 * The region tree (P9: only the operator's own subtree is offered, unless wholePrefecture). Value: a 6-digit county,
 * 9-digit township or 12-digit village code (422800 for the whole prefecture); with villagesOnly, a village only.
 * Villages are loaded when a township is opened; those of the chosen village's township and of a township operator's
 * own township are loaded at once, so that the chosen name shows and village names can be searched.
 */
export function RegionTreeSelect({ session, value, onChange, id, villagesOnly, wholePrefecture, placeholder, width = 260, disabled, "aria-label": ariaLabel }: RegionTreeSelectProps) {
  const own = scopePrefixOf(session);
  const prefix = wholePrefecture ? "4228" : own;
  const queryClient = useQueryClient();
  const tree = useQuery({ queryKey: ["org", "tree"], queryFn: () => api.get<OrgNode[]>("/api/org/tree"), staleTime: Infinity });
  const [opened, setOpened] = useState<string[]>(() => [own, value ?? ""].filter((c) => c.length >= 9).map((c) => c.slice(0, 9)));
  const valueTownship = value && value.length === 12 ? value.slice(0, 9) : null;
  useEffect(() => {
    if (valueTownship) setOpened((o) => (o.includes(valueTownship) ? o : [...o, valueTownship]));
  }, [valueTownship]);
  const villageLists = useQueries({
    queries: [...new Set(opened)].map((code) => ({ queryKey: ["org", "villages", code], queryFn: () => villagesOf(code), staleTime: Infinity })),
  });
  const nodes = useMemo<RegionNode[]>(() => {
    const list = (tree.data ?? []).filter((n) => (n.code === "422800" ? prefix === "4228" : n.code.startsWith(prefix)));
    const codes = new Set(list.map((n) => n.code));
    const names = new Map(list.map((n) => [n.code, n.name]));
    const out: RegionNode[] = list.map((n) => ({
      id: n.code, pId: n.parentCode && codes.has(n.parentCode) ? n.parentCode : null, value: n.code, title: n.name, label: n.name, isLeaf: false,
      selectable: !villagesOnly,
    }));
    for (const q of villageLists) {
      for (const v of q.data ?? []) {
        if (!codes.has(v.townshipCode)) continue;
        out.push({ id: v.code, pId: v.townshipCode, value: v.code, title: v.name, label: `${names.get(v.townshipCode) ?? ""} ${v.name}`, isLeaf: true, selectable: true });
      }
    }
    return out;
  }, [tree.data, prefix, villagesOnly, villageLists]);
  const loadData = async (node: { value?: unknown; id?: unknown }) => {
    const code = String(node.value ?? node.id ?? "");
    if (code.length !== 9) return;
    await queryClient.fetchQuery({ queryKey: ["org", "villages", code], queryFn: () => villagesOf(code), staleTime: Infinity });
    setOpened((o) => (o.includes(code) ? o : [...o, code]));
  };
  return (
    <TreeSelect
      id={id}
      aria-label={ariaLabel}
      style={{ width }}
      allowClear
      showSearch
      disabled={disabled}
      treeNodeFilterProp="title"
      treeNodeLabelProp="label"
      placeholder={placeholder ?? (villagesOnly ? "选择村（社区）" : "全部地区（本人数据范围）")}
      treeDataSimpleMode
      treeData={nodes}
      treeDefaultExpandedKeys={own.length === 9 ? [own] : undefined}
      loadData={loadData}
      value={value}
      onChange={(v) => onChange?.((v as string | undefined) || undefined)}
      loading={tree.isLoading}
      popupMatchSelectWidth={false}
    />
  );
}

function villagesOf(township: string) {
  return api.get<{ code: string; name: string; townshipCode: string }[]>(`/api/org/villages?township=${township}`);
}

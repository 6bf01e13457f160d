/**
 * Shared pieces of the LABOR pages (S-LABOR, X2, P9): the shapes of the labor API answers, code names (the same
 * code tables the server validates with), and the region tree limited to the operator's data scope — 州/县/乡 from
 * GET /api/org/tree, villages loaded when a township is opened (GET /api/org/villages).
 */
import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
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
  isLeaf: boolean;
}

/**
 * The region tree filter (P9: only the operator's own subtree is offered). Value: a 6-digit county, 9-digit township
 * or 12-digit village code (422800 for the whole prefecture).
 */
export function RegionTreeSelect({ session, value, onChange, id }: { session: SessionInfo; value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const prefix = scopePrefixOf(session);
  const tree = useQuery({ queryKey: ["org", "tree"], queryFn: () => api.get<OrgNode[]>("/api/org/tree"), staleTime: Infinity });
  const [villages, setVillages] = useState<RegionNode[]>([]);
  const nodes = useMemo<RegionNode[]>(() => {
    const list = (tree.data ?? []).filter((n) => (n.code === "422800" ? prefix === "4228" : n.code.startsWith(prefix)));
    const codes = new Set(list.map((n) => n.code));
    return list.map((n) => ({
      id: n.code, pId: n.parentCode && codes.has(n.parentCode) ? n.parentCode : null, value: n.code, title: n.name, isLeaf: false,
    }));
  }, [tree.data, prefix]);
  const loadData = async (node: { value?: unknown; id?: unknown }) => {
    const code = String(node.value ?? node.id ?? "");
    if (code.length !== 9 || villages.some((v) => v.pId === code)) return;
    const list = await api.get<{ code: string; name: string }[]>(`/api/org/villages?township=${code}`);
    setVillages((old) => [...old, ...list.map((v) => ({ id: v.code, pId: code, value: v.code, title: v.name, isLeaf: true }))]);
  };
  return (
    <TreeSelect
      id={id}
      style={{ width: 260 }}
      allowClear
      showSearch
      treeNodeFilterProp="title"
      placeholder="全部地区（本人数据范围）"
      treeDataSimpleMode
      treeData={[...nodes, ...villages]}
      loadData={loadData}
      value={value}
      onChange={(v) => onChange?.((v as string | undefined) || undefined)}
      loading={tree.isLoading}
      popupMatchSelectWidth={false}
    />
  );
}

/** Shared pieces of the 共享用工 pages: names of states, the township picker (own scope), the signed-scan upload. */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button, Select, Tag, Upload, message } from "antd";
import { UploadOutlined } from "@ant-design/icons";
import { api } from "../../web/api.js";
import type { OrgNode, SessionInfo } from "../../web/types.js";

export const ENTERPRISE_STATUS: Record<string, { text: string; color: string }> = {
  pending: { text: "待审核", color: "blue" }, manual_review: { text: "待人工核验", color: "orange" }, approved: { text: "已审核", color: "green" }, rejected: { text: "未通过", color: "red" },
};
export const DECL_STATUS: Record<string, { text: string; color: string }> = {
  pending: { text: "待审核", color: "blue" }, approved: { text: "已发布", color: "green" }, rejected: { text: "未通过", color: "red" }, closed: { text: "已关闭", color: "default" },
};
export const KIND = { surplus: "富余", shortage: "缺工" } as const;
export const PROPOSAL_STATUS: Record<string, { text: string; color: string }> = { proposed: { text: "待双方答复", color: "blue" }, accepted: { text: "双方同意", color: "green" }, declined: { text: "已拒绝", color: "red" } };
export const AGREEMENT_STATUS: Record<string, { text: string; color: string }> = { draft: { text: "待生效", color: "blue" }, active: { text: "履行中", color: "green" }, ended: { text: "已终止", color: "default" } };
export const CONSENT: Record<string, { text: string; color: string }> = { pending: { text: "未确认", color: "orange" }, confirmed: { text: "已同意", color: "green" }, refused: { text: "不同意", color: "red" }, withdrawn: { text: "已撤回", color: "default" } };
export const WORKER_STATUS: Record<string, string> = { pending: "待生效", out: "不参加", active: "共享中", returning: "待返岗确认", returned: "已返岗", ended: "合同终止" };
export const RETURN_KIND: Record<string, string> = { expiry: "期满返岗", early: "提前返岗", withdrawn: "撤回同意", contract_end: "劳动合同终止" };

export const StatusTag = ({ map, value }: { map: Record<string, { text: string; color: string }>; value: string }) => <Tag color={map[value]?.color}>{map[value]?.text ?? value}</Tag>;

export const scopeOf = (s: SessionInfo) => (s.account.level === "prefecture" ? "4228" : s.account.orgCode);

/** The townships (乡镇、街道) inside the operator's scope. */
export function TownshipSelect({ session, value, onChange, id }: { session: SessionInfo; value?: string; onChange?: (v: string) => void; id?: string }) {
  const tree = useQuery({ queryKey: ["org", "tree"], queryFn: () => api.get<OrgNode[]>("/api/org/tree"), staleTime: Infinity });
  const prefix = scopeOf(session);
  const counties = new Map((tree.data ?? []).filter((n) => n.level === "county").map((n) => [n.code, n.name]));
  const options = (tree.data ?? []).filter((n) => n.level === "township" && n.code.startsWith(prefix)).map((n) => ({ value: n.code, label: `${counties.get(n.code.slice(0, 6)) ?? ""}${n.name}` }));
  return <Select id={id} showSearch optionFilterProp="label" value={value} onChange={onChange} options={options} placeholder="选择乡镇（街道）" style={{ width: "100%" }} />;
}

/** Upload a signed scan (PDF/JPG/PNG) to the archive; reports its hash. */
export async function uploadScan(file: File): Promise<string> {
  const s = await api.get<{ csrfToken: string }>("/api/session");
  const fd = new FormData();
  fd.append("file", file);
  const res = await fetch("/api/share/files", { method: "POST", body: fd, credentials: "same-origin", headers: { "x-csrf-token": s.csrfToken } });
  const body = (await res.json()) as { sha256?: string; message?: string };
  if (!res.ok || !body.sha256) throw new Error(body.message ?? "上传失败");
  return body.sha256;
}

/** A button that uploads one signed scan and hands its hash on. */
export function ScanButton({ label = "上传签字扫描件", onUploaded }: { label?: string; onUploaded: (sha256: string, name: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState<string | null>(null);
  return (
    <Upload accept=".pdf,.jpg,.jpeg,.png" showUploadList={false} beforeUpload={(file) => {
      setBusy(true);
      uploadScan(file).then((sha) => { setName(file.name); onUploaded(sha, file.name); message.success("扫描件已归档"); }).catch((e: Error) => message.error(e.message)).finally(() => setBusy(false));
      return false;
    }}>
      <Button icon={<UploadOutlined />} loading={busy}>{name ? `已上传：${name}` : label}</Button>
    </Upload>
  );
}

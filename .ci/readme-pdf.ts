/**
 * Part of .ci/readme-check.sh: against a running `npm run demo` (BASE_URL), log in as a demo card through the real QR
 * flow of the e-SSC simulator, file a 附件1 管理员账户权限申请表 and a 附件2 操作员账户权限申请表 draft, and save their
 * PDFs (OUT_DIR/attachment1.pdf, attachment2.pdf). Uses only fetch: no browser, no curl.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { makeIdNumber } from "../src/core/idcard.js";

const base = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const out = process.env.OUT_DIR ?? ".";

function cookie(res: Response, name: string): string {
  for (const c of res.headers.getSetCookie()) if (c.startsWith(`${name}=`)) return c.split(";")[0]!;
  throw new Error(`no ${name} cookie from ${res.url} (${res.status})`);
}
async function json(res: Response) {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return res.json();
}

const { identities } = (await json(await fetch(`${base}/api/essc-sim/identities`))) as { identities: { name: string; idNumber: string; label: string }[] };
const who = identities.find((i) => i.label.includes("恩施市账户管理员（A角）"));
if (!who) throw new Error("demo card 恩施市账户管理员（A角） not found");
const qr = await fetch(`${base}/api/auth/qr`, { method: "POST" });
const { ticketId, qrContent } = (await json(qr.clone())) as { ticketId: string; qrContent: string };
const binding = cookie(qr, "els_qr");
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${url}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
await json(await post("/api/essc-sim/scan", { qrContent }));
await json(await post("/api/essc-sim/confirm", { qrContent, identity: { name: who.name, idNumber: who.idNumber } }));
const poll = await fetch(`${base}/api/auth/qr/${ticketId}`, { headers: { cookie: binding } });
const sid = cookie(poll, "els_sid");
const session = (await json(await fetch(`${base}/api/session`, { headers: { cookie: sid } }))) as { csrfToken: string; account: { unitId: number } };
const auth = { cookie: sid, "x-csrf-token": session.csrfToken };
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const form = (kind: "admin" | "operator", subsystem: string | null, rows: unknown[]) => ({
  kind, subsystem, applicantUnitId: session.account.unitId, applyDate: today, contactName: "向秀兰", contactPhone: "13800001111", rows,
});

const admin = (await json(await post("/api/forms", form("admin", null, [
  { category: "add", name: "彭建华", idNumber: makeIdNumber("422801", "19900101", 771), phone: "13900000011", roleKind: "permission_admin", adminSubsystems: ["GIG"], requirement: "新增零工驿站子系统权限管理员" },
]), auth))) as { id: number; valid: boolean };
if (!admin.valid) throw new Error(`附件1 draft refused: ${JSON.stringify(admin)}`);
const positions = (await json(await fetch(`${base}/api/gov/positions?subsystem=LABOR`, { headers: auth }))) as { items?: { id: number; name: string; orgCode: string }[] } | { id: number; name: string }[];
const list = Array.isArray(positions) ? positions : (positions.items ?? []);
const pos = list.find((p) => p.name === "信息采集员") ?? list[0];
const operator = (await json(await post("/api/forms", form("operator", "LABOR", [
  { category: "add", name: "田志强", idNumber: makeIdNumber("422801", "19920202", 773), phone: "13900000012", roleKind: "operator", positionId: pos?.id ?? null, requirement: "新增信息采集员" },
]), auth))) as { id: number; valid: boolean };

for (const [name, id] of [["attachment1", admin.id], ["attachment2", operator.id]] as const) {
  const res = await fetch(`${base}/api/forms/${id}/pdf`, { headers: auth });
  if (res.status !== 200 || res.headers.get("content-type") !== "application/pdf") throw new Error(`${name} PDF: ${res.status} ${await res.text()}`);
  const pdf = Buffer.from(await res.arrayBuffer());
  writeFileSync(path.join(out, `${name}.pdf`), pdf);
  console.log(`${name}: ${pdf.length} bytes`);
}

/**
 * Demo: the people who sign forms (申请部门负责人, 分管领导) at the 州, 恩施市 and one township, made by the account
 * admins through the governed services, and registered as signers.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { accounts, units } from "../core/db/schema.js";
import { loadPrincipal } from "../core/access/principal.js";
import { createAccount } from "../governance/accounts.js";
import type { SimIdentity } from "../core/auth/simulator-routes.js";
import { idNumberFor, mobile, personName, type Rng } from "../core/people.js";
import { addSigner } from "./signers.js";

export async function seedFormsDemo(db: Db, r: Rng): Promise<SimIdentity[]> {
  const out: SimIdentity[] = [];
  const admin = async (orgCode: string) => {
    const [a] = await db.select({ id: accounts.id }).from(accounts)
      .where(and(eq(accounts.orgCode, orgCode), eq(accounts.roleKind, "account_admin"), eq(accounts.abSlot, "A")));
    return (await loadPrincipal(db, a!.id))!;
  };
  const unit = async (orgCode: string, kind: "hrss_bureau" | "info_center" | "agency" | "township_center") => {
    const [u] = await db.select({ id: units.id, name: units.name }).from(units).where(and(eq(units.orgCode, orgCode), eq(units.kind, kind))).limit(1);
    return u!;
  };
  const plan: { org: string; kind: "hrss_bureau" | "info_center" | "agency" | "township_center"; duty: "dept_head" | "unit_leader"; label: string }[] = [
    { org: "422800", kind: "hrss_bureau", duty: "unit_leader", label: "州人社局分管领导" },
    { org: "422800", kind: "info_center", duty: "dept_head", label: "州人社信息中心主任" },
    { org: "422800", kind: "agency", duty: "dept_head", label: "州就业局负责人" },
    { org: "422801", kind: "hrss_bureau", duty: "unit_leader", label: "恩施市人社局分管领导" },
    { org: "422801", kind: "info_center", duty: "dept_head", label: "恩施市人社信息中心主任" },
    { org: "422801", kind: "agency", duty: "dept_head", label: "恩施市就业局负责人" },
    { org: "422801001", kind: "township_center", duty: "dept_head", label: "舞阳坝街道人社服务中心主任" },
    { org: "422801001", kind: "township_center", duty: "unit_leader", label: "舞阳坝街道分管领导" },
  ];
  for (const s of plan) {
    const county = s.org === "422800" ? "422800" : s.org.slice(0, 6);
    const aa = await admin(county);
    const u = await unit(s.org, s.kind);
    const sex = r.next() < 0.5 ? ("male" as const) : ("female" as const);
    const person = { name: personName(r, sex), idNumber: idNumberFor(r, county === "422800" ? "422801" : county, sex, 1968, 1985), phone: mobile(r) };
    const acc = await createAccount(db, aa, { ...person, orgCode: s.org, unitId: u.id, roleKind: "operator" }, { ip: "127.0.0.1" });
    await addSigner(db, aa, { unitId: u.id, accountId: acc.id, duty: s.duty }, "127.0.0.1");
    out.push({ name: person.name, idNumber: person.idNumber, label: s.label });
  }
  return out;
}

/**
 * P13 → P14/P10: a staff change recorded by an account admin opens the matching form draft for the person's
 * department, with a 5-working-day clock to submit it. Done by a job that looks for staff changes without a draft,
 * so it is idempotent and resumable (a crash between the change and the draft loses nothing).
 */
import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../core/db/client.js";
import { accounts, units } from "../core/db/schema.js";
import { appendAudit } from "../core/audit.js";
import { openDeadline } from "../core/deadlines.js";
import { notifyAccount, notifyOrgAdmins } from "../core/notify.js";
import { chinaDate } from "../core/calendar.js";
import { staffChangesNotIn } from "../governance/staff-status.js";
import { grants } from "../core/db/schema.js";
import { type Subsystem } from "../core/access/areas.js";
import { formSigners, requestFormRows, requestForms, requestFormSteps, staffChangeDrafts } from "./schema.js";
import { executorOf, FILE_WORKDAYS } from "./service.js";

const KIND_TEXT: Record<string, string> = {
  retired: "退休", resigned: "离职", transferred: "调岗", off_duty: "脱岗", investigation: "接受调查", other: "其他影响正常履职的情况",
};

export async function openDraftsForStaffChanges(db: Db, now = new Date()): Promise<{ drafts: number }> {
  const pending = await staffChangesNotIn(db, sql`select ${staffChangeDrafts.staffChangeId} from ${staffChangeDrafts}`, 200);
  let drafts = 0;
  for (const { s, a } of pending) {
    await db.transaction(async (tx) => {
      // Claim the staff change: a second instance's insert conflicts and it moves on.
      if (!a.unitId) return;
      const claimed = await tx.insert(staffChangeDrafts).values({ staffChangeId: s.id, outcome: "drafted" }).onConflictDoNothing().returning();
      if (!claimed.length) return;
      const [u] = await tx.select().from(units).where(eq(units.id, a.unitId));
      const level = u!.orgCode.length === 9 ? "township" : u!.orgCode === "422800" ? "prefecture" : "county";
      // The department's head files; otherwise any other active colleague of the unit.
      const [head] = await tx.select({ id: formSigners.accountId }).from(formSigners).innerJoin(accounts, eq(accounts.id, formSigners.accountId))
        .where(and(eq(formSigners.unitId, a.unitId), eq(formSigners.duty, "dept_head"), eq(accounts.status, "active"), ne(accounts.id, a.id)));
      const [colleague] = head ? [head] : await tx.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.unitId, a.unitId), eq(accounts.status, "active"), ne(accounts.id, a.id))).limit(1);
      const category = ["retired", "resigned", "transferred"].includes(s.kind) ? ("cancel" as const) : ("modify" as const);
      const reason = `${KIND_TEXT[s.kind]}（${s.startDate} 起${s.expectedEndDate ? `，预计至 ${s.expectedEndDate}` : ""}）`;
      if (!colleague) {
        await notifyOrgAdmins(tx, level === "township" ? u!.orgCode.slice(0, 6) : u!.orgCode, { kind: "form.staff-change", title: `${a.name}${KIND_TEXT[s.kind]}，其所在单位无其他在用账户可填写申请表，请督促该单位办理` });
        await tx.update(staffChangeDrafts).set({ outcome: "no_filer" }).where(eq(staffChangeDrafts.staffChangeId, s.id));
        return;
      }
      // One form per subsystem (附件2), or one 附件1 for an admin.
      const kind = a.roleKind === "operator" ? ("operator" as const) : ("admin" as const);
      const held = kind === "operator"
        ? [...new Set((await tx.select({ subsystem: grants.subsystem }).from(grants).where(and(eq(grants.accountId, a.id), eq(grants.kind, "position")))).map((g) => g.subsystem))]
        : [null];
      const subsystems: (Subsystem | null)[] = held.length ? held : kind === "operator" ? ["LABOR"] : [null];
      const [filer] = await tx.select().from(accounts).where(eq(accounts.id, colleague.id));
      for (const subsystem of subsystems) {
        const [f] = await tx.insert(requestForms).values({
          kind, subsystem, applicantUnitId: a.unitId, applicantOrgCode: u!.orgCode,
          executorOrgCode: executorOf(kind, u!.orgCode, level, u!.orgCode.length === 9 ? u!.orgCode.slice(0, 6) : "422800"),
          applyDate: chinaDate(now), submitterAccountId: filer!.id, contactName: filer!.name, contactPhone: filer!.phone ?? "", staffChangeId: s.id,
        }).returning();
        await tx.insert(requestFormRows).values({
          formId: f!.id, seq: 1, category, name: a.name, idNumber: a.idNumber, phone: a.phone, roleKind: a.roleKind, orgCode: a.orgCode, unitId: a.unitId,
          requirement: category === "cancel" ? `${reason}，注销账户并收回权限` : `${reason}，收回岗位权限`, targetAccountId: a.id,
          accountPart: category === "cancel" ? "pending" : "not_needed", grantPart: kind === "admin" && a.roleKind === "account_admin" ? "not_needed" : "pending",
        });
        await tx.insert(requestFormSteps).values({ formId: f!.id, action: "create", toStatus: "draft", byName: "系统（人员变动登记）", opinion: reason });
        await openDeadline(tx, { objectType: "request_form", objectId: f!.id, kind: "file", start: s.startDate < chinaDate(s.recordedAt) ? s.startDate : chinaDate(s.recordedAt), workdays: FILE_WORKDAYS, orgCode: u!.orgCode });
        await notifyAccount(tx, filer!.id, { kind: "form.staff-change", title: `${a.name}${KIND_TEXT[s.kind]}：已生成申请表草稿，请在 ${FILE_WORKDAYS} 个工作日内补充并提交`, link: `/forms/${f!.id}` });
        await appendAudit(tx, { event: "form.create", actorName: "系统（人员变动登记）", objectType: "request_form", objectId: f!.id, detail: { staffChangeId: s.id, kind, subsystem, category } });
        drafts++;
      }
    });
  }
  return { drafts };
}


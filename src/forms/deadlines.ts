/**
 * The forms' clocks (P10, X3): 5 working days from a staff change to the form's submission ("file"), and 3 working
 * days from a county admin form's arrival at the 州 admins to its execution ("execute"). Reminders go out the working
 * day before; an overdue clock is escalated to the level above (the 州 admins for a county, the 州人社局 leaders for
 * the 州).
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { units } from "../core/db/schema.js";
import type { DeadlineHandler, DeadlineRow } from "../core/deadlines.js";
import { notifyAccount, notifyOrgAdmins } from "../core/notify.js";
import { formSigners, requestForms } from "./schema.js";

async function formOf(tx: Queryable, d: DeadlineRow) {
  const [f] = await tx.select().from(requestForms).where(eq(requestForms.id, d.objectId));
  return f;
}

const what = (d: DeadlineRow) => (d.kind === "file" ? "提交申请表" : "办理申请表");

async function leadersOf(tx: Queryable, orgCode: string) {
  const unitIds = (await tx.select({ id: units.id }).from(units).where(eq(units.orgCode, orgCode))).map((u) => u.id);
  if (!unitIds.length) return [];
  return tx.select({ accountId: formSigners.accountId }).from(formSigners).where(and(inArray(formSigners.unitId, unitIds), eq(formSigners.duty, "unit_leader")));
}

export const formDeadlineHandler: DeadlineHandler = {
  async remind(tx, d) {
    const f = await formOf(tx, d);
    if (!f) return;
    const title = `${what(d)}时限将到：${f.number ?? "草稿申请表"} 须在 ${d.dueDate} 前完成`;
    if (d.kind === "file") await notifyAccount(tx, f.submitterAccountId, { kind: "deadline.remind", title, link: `/forms/${f.id}` });
    else await notifyOrgAdmins(tx, d.orgCode, { kind: "deadline.remind", title, link: `/forms/${f.id}` });
  },
  async escalate(tx, d) {
    const f = await formOf(tx, d);
    if (!f) return;
    const title = `${what(d)}已超时：${f.number ?? "草稿申请表"}（时限 ${d.dueDate}）`;
    if (d.kind === "file") {
      // The department is late: its level's admins are told.
      await notifyOrgAdmins(tx, f.applicantOrgCode.length === 9 ? f.applicantOrgCode.slice(0, 6) : f.applicantOrgCode, { kind: "deadline.escalate", title, link: `/forms/${f.id}` });
      return;
    }
    // The executing admins are late: the level above (for the 州: the 州人社局 leaders in charge).
    if (d.orgCode === "422800") for (const l of await leadersOf(tx, "422800")) await notifyAccount(tx, l.accountId, { kind: "deadline.escalate", title, link: `/forms/${f.id}` });
    else await notifyOrgAdmins(tx, "422800", { kind: "deadline.escalate", title, link: `/forms/${f.id}` });
  },
};

export const FORM_DEADLINE_HANDLERS = { request_form: formDeadlineHandler };

/**
 * The 劳动维权 clock (X3): an arrears complaint's result is due COMPLAINT_WORKDAYS working days after 受理. The
 * working day before, the staff member who accepted it is reminded; when it is overdue, they and the county's
 * station staff are told (the county 总站 oversees its townships).
 */
import { eq, sql } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { rows } from "../core/db/client.js";
import type { DeadlineHandler } from "../core/deadlines.js";
import { notifyAccount } from "../core/notify.js";
import { gigComplaints } from "./schema.js";

async function countyStaff(tx: Queryable, countyCode: string): Promise<number[]> {
  const r = await rows<{ id: number }>(tx, sql`select distinct a.id from accounts a join grants g on g.account_id = a.id and g.revoked_at is null join positions p on p.id = g.position_id
    where a.org_code = ${countyCode} and a.status = 'active' and p.permissions @> '["gig.settlement.manage"]'::jsonb`);
  return r.map((x) => x.id);
}

export const complaintDeadlineHandler: DeadlineHandler = {
  async remind(tx, d) {
    const [c] = await tx.select().from(gigComplaints).where(eq(gigComplaints.id, d.objectId));
    if (!c || !c.acceptedBy) return;
    await notifyAccount(tx, c.acceptedBy, { kind: "deadline.remind", title: `劳动维权投诉 #${c.id} 须在 ${d.dueDate} 前办结`, link: `/gig/complaints?id=${c.id}` });
  },
  async escalate(tx, d) {
    const [c] = await tx.select().from(gigComplaints).where(eq(gigComplaints.id, d.objectId));
    if (!c) return;
    const title = `劳动维权投诉 #${c.id} 已超过办结时限（${d.dueDate}）`;
    const to = new Set([...(c.acceptedBy ? [c.acceptedBy] : []), ...(await countyStaff(tx, c.regionCode.slice(0, 6)))]);
    for (const id of to) await notifyAccount(tx, id, { kind: "deadline.escalate", title, link: `/gig/complaints?id=${c.id}` });
  },
};

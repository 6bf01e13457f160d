/**
 * Notices (in-app) and SMS (P16: the contact person is notified; R12: the vendor notifies the departments).
 * The SMS gateway's default implementation writes to sms_outbox, shown in the UI; a deployment with a real gateway
 * replaces the sender that drains the outbox. Written in the caller's transaction.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Queryable } from "./db/client.js";
import { accounts, notices, smsOutbox } from "./db/schema.js";

export interface Notice {
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
}

export async function notifyAccount(q: Queryable, accountId: number, n: Notice, opts: { sms?: boolean } = {}) {
  await q.insert(notices).values({ accountId, kind: n.kind, title: n.title, body: n.body ?? "", link: n.link ?? null });
  if (opts.sms) {
    const [a] = await q.select({ phone: accounts.phone }).from(accounts).where(eq(accounts.id, accountId));
    if (a?.phone) await q.insert(smsOutbox).values({ phone: a.phone, text: `【恩施州劳动力资源信息平台】${n.title}`, accountId });
  }
}

/** An SMS to a phone number that may have no account (e.g. a form's contact person). */
export async function queueSms(q: Queryable, phone: string, text: string, accountId: number | null = null) {
  await q.insert(smsOutbox).values({ phone, text: `【恩施州劳动力资源信息平台】${text}`, accountId });
}

/** Notify the active account and permission admins of one organisation node. */
export async function notifyOrgAdmins(q: Queryable, orgCode: string, n: Notice, roleKinds: ("account_admin" | "permission_admin")[] = ["account_admin", "permission_admin"]) {
  const admins = await q
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.orgCode, orgCode), eq(accounts.status, "active"), inArray(accounts.roleKind, roleKinds)));
  for (const a of admins) await notifyAccount(q, a.id, n);
  return admins.length;
}

/**
 * 待办 of the request forms (issue 15, P10, P14–P16): forms waiting for this person's signature (申请部门负责人,
 * 所在单位分管领导), forms the person's level carries out (the account admin's or the permission admin's part), and
 * the person's own drafts (including forms returned for changes and drafts opened by a staff change, P13). Also the
 * signing duties, named for the home page.
 */
import { sql, type SQL } from "drizzle-orm";
import { rows, type Queryable } from "../core/db/client.js";
import type { Principal } from "../core/access/principal.js";
import type { InboxItem } from "../core/module.js";
import { chinaDate } from "../core/calendar.js";

interface Waiting {
  n: number;
  first: number | null;
  due: string | null;
}

/** One item per kind: a single form links to itself, several to the 申请表 list ("待我处理"). */
function item(kind: string, title: string, w: Waiting | undefined, today: string): InboxItem[] {
  if (!w || !w.n) return [];
  return [{ kind, title, count: w.n, link: w.n === 1 && w.first ? `/forms/${w.first}` : "/forms", due: w.due, overdue: !!w.due && w.due < today }];
}

const waiting = (where: SQL, deadlineKind: string) => sql`
  with w as (select f.id from request_forms f where ${where})
  select count(*)::int as n, min(w.id)::int as first,
    (select min(d.due_date)::text from deadlines d where d.object_type = 'request_form' and d.kind = ${deadlineKind}
       and d.status = 'open' and d.object_id in (select w.id from w)) as due
  from w`;

export async function formsInbox(q: Queryable, p: Principal, now: Date): Promise<InboxItem[]> {
  const today = chinaDate(now);
  const out: InboxItem[] = [];
  const one = async (where: SQL, deadlineKind: string) => (await rows<Waiting>(q, waiting(where, deadlineKind)))[0];

  // 申请部门意见: forms of the units where I am the department head, submitted.
  out.push(...item("forms.sign.dept", "待签署申请部门意见的申请表", await one(sql`f.status = 'submitted' and f.applicant_unit_id in
    (select s.unit_id from form_signers s where s.account_id = ${p.accountId} and s.duty = 'dept_head')`, "sign"), today));
  // 所在单位意见: forms of the organisations where I am the 分管领导, approved by the department.
  out.push(...item("forms.sign.unit", "待审签所在单位意见的申请表", await one(sql`f.status = 'dept_approved' and f.applicant_org_code in
    (select u.org_code from form_signers s join units u on u.id = s.unit_id where s.account_id = ${p.accountId} and s.duty = 'unit_leader')`, "sign"), today));
  // My part of the forms my level carries out: the account part, or the rights part once the account exists.
  if (p.roleKind === "account_admin") {
    out.push(...item("forms.execute.account", "待办理账户部分的申请表", await one(sql`f.executor_org_code = ${p.orgCode} and f.status in ('approved', 'executing')
      and exists (select 1 from request_form_rows r where r.form_id = f.id and r.account_part = 'pending')`, "execute"), today));
  }
  if (p.roleKind === "permission_admin") {
    out.push(...item("forms.execute.grant", "待办理权限部分的申请表", await one(sql`f.executor_org_code = ${p.orgCode} and f.status in ('approved', 'executing')
      and exists (select 1 from request_form_rows r where r.form_id = f.id and r.grant_part = 'pending' and (r.account_part <> 'pending' or r.category <> 'add'))`, "execute"), today));
  }
  // My drafts: not yet submitted, returned for changes, or opened by a staff change (5 working days, P13).
  out.push(...item("forms.draft", "待提交的申请表（草稿、退回修改）", await one(sql`f.status = 'draft' and f.submitter_account_id = ${p.accountId}`, "file"), today));
  return out;
}

/** The signing duties of this person (申请部门负责人 of a unit, 所在单位分管领导 of an organisation). */
export async function formDuties(q: Queryable, p: Principal): Promise<string[]> {
  const list = await rows<{ duty: "dept_head" | "unit_leader"; unitName: string; orgName: string }>(q, sql`
    select s.duty, u.name as "unitName", o.name as "orgName" from form_signers s join units u on u.id = s.unit_id
    join org_nodes o on o.code = u.org_code where s.account_id = ${p.accountId} order by s.duty, u.id`);
  return list.map((s) => (s.duty === "dept_head" ? `申请部门负责人（${s.unitName}）` : `所在单位分管领导（${s.unitName}）`));
}

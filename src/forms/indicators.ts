/**
 * Request-form throughput (P10–P16) offered to 人社数据分析 (S-ANALYTICS): forms submitted and forms carried out in the
 * period, per applicant organisation. A form of the 州 itself counts under 422800 (the dashboard shows it as 州本级).
 * The records behind a number are the forms meeting the same condition, so the list's total equals the number.
 */
import { sql } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { rows } from "../core/db/client.js";
import type { Indicator, IndicatorQuery } from "../core/module.js";
import { scopeSql } from "../core/access/scope.js";

const STATUS_NAMES: Record<string, string> = { draft: "草稿", submitted: "已提交", dept_approved: "部门已审核", approved: "已审批", executing: "执行中", done: "已办结", withdrawn: "已撤回" };
const chinaDay = (col: string) => `((${col} at time zone 'UTC') + interval '8 hours')::date`;

function formIndicator(code: string, name: string, dateCol: string): Indicator {
  const where = (query: IndicatorQuery) =>
    sql`${scopeSql(query.scope, sql.raw("f.applicant_org_code"))} and ${sql.raw(dateCol)} is not null and ${sql.raw(chinaDay(dateCol))} between ${query.from}::date and ${query.to}::date`;
  return {
    code, name, unit: "份", area: "REQ", kind: "flow", additive: true,
    async compute(q: Queryable, query) {
      const len = query.groupBy === "county" ? 6 : query.groupBy === "township" ? 9 : 12;
      const r = await rows<{ code: string; n: number }>(q, sql`select left(f.applicant_org_code, ${len}) as code, count(*)::int as n from request_forms f where ${where(query)} group by 1`);
      return r.map((x) => ({ code: String(x.code), value: Number(x.n) }));
    },
    async records(q: Queryable, query) {
      const [c] = await rows<{ n: number }>(q, sql`select count(*)::int as n from request_forms f where ${where(query)}`);
      const list = await rows<Record<string, unknown>>(q, sql`
        select f.number, f.kind, f.status, o.name as org, to_char(${sql.raw(chinaDay(dateCol))}, 'YYYY-MM-DD') as day
        from request_forms f left join org_nodes o on o.code = f.applicant_org_code
        where ${where(query)} order by ${sql.raw(dateCol)}, f.id limit ${Math.min(query.pageSize, 200)} offset ${(query.page - 1) * query.pageSize}`);
      return {
        columns: [{ key: "number", title: "编号" }, { key: "kind", title: "类别" }, { key: "org", title: "申请单位" }, { key: "status", title: "状态" }, { key: "day", title: "日期" }],
        rows: list.map((r) => ({ number: (r.number as string | null) ?? "", kind: r.kind === "admin" ? "附件1（管理员）" : "附件2（操作员）", org: String(r.org ?? ""), status: STATUS_NAMES[String(r.status)] ?? String(r.status), day: String(r.day) })),
        total: Number(c?.n ?? 0),
      };
    },
  };
}

export const FORM_INDICATORS: readonly Indicator[] = [
  formIndicator("forms.submitted", "提交的权限申请表", "f.submitted_at"),
  formIndicator("forms.done", "办结的权限申请表", "f.done_at"),
];

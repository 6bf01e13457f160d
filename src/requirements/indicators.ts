/**
 * Requirement throughput (R1–R14) offered to 人社数据分析 (S-ANALYTICS): requirements submitted (申请日期) and closed in
 * the period, per applicant organisation (a 州 requirement counts under 422800, shown as 州本级). The records behind a
 * number are the requirements meeting the same condition, so the list's total equals the number.
 */
import { sql } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { rows } from "../core/db/client.js";
import type { Indicator, IndicatorQuery } from "../core/module.js";
import { scopeSql } from "../core/access/scope.js";

const chinaDay = (col: string) => `((${col} at time zone 'UTC') + interval '8 hours')::date`;

function requirementIndicator(code: string, name: string, dayExpr: string): Indicator {
  const where = (query: IndicatorQuery) =>
    sql`${scopeSql(query.scope, sql.raw("r.applicant_org_code"))} and ${sql.raw(dayExpr)} is not null and ${sql.raw(dayExpr)} between ${query.from}::date and ${query.to}::date`;
  return {
    code, name, unit: "项", area: "REQ", kind: "flow", additive: true,
    async compute(q: Queryable, query) {
      const len = query.groupBy === "county" ? 6 : query.groupBy === "township" ? 9 : 12;
      const r = await rows<{ code: string; n: number }>(q, sql`select left(r.applicant_org_code, ${len}) as code, count(*)::int as n from requirements r where ${where(query)} group by 1`);
      return r.map((x) => ({ code: String(x.code), value: Number(x.n) }));
    },
    async records(q: Queryable, query) {
      const [c] = await rows<{ n: number }>(q, sql`select count(*)::int as n from requirements r where ${where(query)}`);
      const list = await rows<Record<string, unknown>>(q, sql`
        select r.number, r.title, r.subsystem, r.status, o.name as org, to_char(${sql.raw(dayExpr)}, 'YYYY-MM-DD') as day
        from requirements r left join org_nodes o on o.code = r.applicant_org_code
        where ${where(query)} order by ${sql.raw(dayExpr)}, r.id limit ${Math.min(query.pageSize, 200)} offset ${(query.page - 1) * query.pageSize}`);
      return {
        columns: [{ key: "number", title: "编号" }, { key: "title", title: "需求名称" }, { key: "org", title: "申请单位" }, { key: "status", title: "状态" }, { key: "day", title: "日期" }],
        rows: list.map((r) => ({ number: (r.number as string | null) ?? "", title: String(r.title), org: String(r.org ?? ""), status: String(r.status), day: String(r.day) })),
        total: Number(c?.n ?? 0),
      };
    },
  };
}

export const REQUIREMENT_INDICATORS: readonly Indicator[] = [
  requirementIndicator("requirements.submitted", "提出的业务需求", "r.apply_date"),
  requirementIndicator("requirements.closed", "办结的业务需求", chinaDay("r.closed_at")),
];

/**
 * What S-GIG offers 人社数据分析 (S-ANALYTICS) through the kernel's Indicator contract: registered workers (stock),
 * published postings and hired 人次 in the period (flows), and 求人倍率 (openings per job seeker, not additive). Each
 * number is computed from the module's own rows within the given scope; `records` lists the rows behind a division's
 * number, masked, and its total is always the value.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../core/db/client.js";
import { rows } from "../core/db/client.js";
import type { Indicator, IndicatorQuery, IndicatorRecords } from "../core/module.js";
import { scopeSql } from "../core/access/scope.js";
import { maskIdNumber } from "../core/idcard.js";
import { addDays } from "../core/calendar.js";

const LEN = { county: 6, township: 9, village: 12 } as const;
const col = (c: string) => sql.raw(c);
/** Period bounds as instants of China days (UTC+8). */
const start = (q: IndicatorQuery) => sql`${`${q.from}T00:00:00+08:00`}::timestamptz`;
const end = (q: IndicatorQuery) => sql`${`${addDays(q.to, 1)}T00:00:00+08:00`}::timestamptz`;

/** The three counting indicators share one shape: a FROM with a division column, grouped by its prefix. */
interface Counted {
  code: string;
  name: string;
  unit: string;
  kind: "stock" | "flow";
  region: string;
  from(q: IndicatorQuery): SQL;
  columns: { key: string; title: string }[];
  select: SQL;
  mask?: (r: Record<string, unknown>) => Record<string, string | number | null>;
}

function counted(c: Counted): Indicator {
  return {
    code: c.code, name: c.name, unit: c.unit, area: "GIG", kind: c.kind, additive: true,
    async compute(q, query) {
      const len = LEN[query.groupBy];
      const r = await rows<{ code: string; value: number }>(q, sql`select substr(${col(c.region)}, 1, ${len}) as code, count(*)::int as value ${c.from(query)} and ${scopeSql(query.scope, col(c.region))} group by 1 order by 1`);
      return r.map((x) => ({ code: x.code, value: x.value }));
    },
    async records(q, query): Promise<IndicatorRecords> {
      const s = { scopePrefix: query.code.startsWith(query.scope.scopePrefix) ? query.code : query.scope.scopePrefix };
      const where = sql`${c.from(query)} and ${scopeSql(query.scope, col(c.region))} and ${scopeSql(s, col(c.region))}`;
      const [t] = await rows<{ n: number }>(q, sql`select count(*)::int as n ${where}`);
      const list = await rows<Record<string, unknown>>(q, sql`select ${c.select} ${where} order by 1 limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`);
      return { columns: c.columns, rows: list.map((r) => (c.mask ? c.mask(r) : (r as Record<string, string | number | null>))), total: t?.n ?? 0 };
    },
  };
}

export const GIG_INDICATORS: readonly Indicator[] = [
  counted({
    code: "gig.workers", name: "登记零工人数", unit: "人", kind: "stock", region: "w.region_code",
    from: (q) => sql`from gig_workers w where w.status = 'active' and w.created_at < ${end(q)}`,
    columns: [{ key: "id", title: "编号" }, { key: "name", title: "姓名" }, { key: "idNumber", title: "身份证号" }, { key: "regionCode", title: "居住地代码" }],
    select: sql`w.id, w.name, w.id_number as "idNumber", w.region_code as "regionCode"`,
    mask: (r) => ({ id: r.id as number, name: r.name as string, idNumber: maskIdNumber(r.idNumber as string), regionCode: r.regionCode as string }),
  }),
  counted({
    code: "gig.postings", name: "发布零工岗位数", unit: "个", kind: "flow", region: "p.village_code",
    from: (q) => sql`from gig_postings p where p.published_at >= ${start(q)} and p.published_at < ${end(q)}`,
    columns: [{ key: "id", title: "编号" }, { key: "title", title: "岗位" }, { key: "villageCode", title: "工作地点代码" }, { key: "headcount", title: "招用人数" }],
    select: sql`p.id, p.title, p.village_code as "villageCode", p.headcount`,
  }),
  counted({
    code: "gig.placements", name: "零工录用人次", unit: "人次", kind: "flow", region: "p.village_code",
    from: (q) => sql`from gig_applications a join gig_postings p on p.id = a.posting_id where a.hired_at >= ${start(q)} and a.hired_at < ${end(q)} and a.status <> 'cancelled'`,
    columns: [{ key: "id", title: "编号" }, { key: "postingId", title: "岗位编号" }, { key: "workerId", title: "零工编号" }, { key: "villageCode", title: "工作地点代码" }],
    select: sql`a.id, a.posting_id as "postingId", a.worker_id as "workerId", p.village_code as "villageCode"`,
  }),
  {
    code: "gig.demand_supply_ratio", name: "零工市场求人倍率", unit: "倍", area: "GIG", kind: "flow", additive: false,
    /** Openings (headcount of postings published in the period) over active workers, recomputed at each level. */
    async compute(q, query) {
      const len = LEN[query.groupBy];
      const r = await rows<{ code: string; openings: number; seekers: number }>(q, sql`
        with o as (select substr(p.village_code, 1, ${len}) as code, sum(p.headcount)::int as openings from gig_postings p
            where p.published_at >= ${start(query)} and p.published_at < ${end(query)} and ${scopeSql(query.scope, col("p.village_code"))} group by 1),
          s as (select substr(w.region_code, 1, ${len}) as code, count(*)::int as seekers from gig_workers w
            where w.status = 'active' and w.created_at < ${end(query)} and ${scopeSql(query.scope, col("w.region_code"))} group by 1)
        select coalesce(o.code, s.code) as code, coalesce(o.openings, 0) as openings, coalesce(s.seekers, 0) as seekers from o full join s on s.code = o.code order by 1`);
      return r.filter((x) => x.seekers > 0).map((x) => ({ code: x.code, value: Math.round((x.openings / x.seekers) * 100) / 100 }));
    },
  },
];

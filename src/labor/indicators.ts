/**
 * S-LABOR indicators offered to 人社数据分析 (S-ANALYTICS, src/core/module.ts `Indicator`): 劳动力总数, employment status,
 * 转移就业 by destination and channel, 返乡, 脱贫人口务工, 监测对象务工, working-age population — the conditions of the
 * statistics rollup (stats.ts STAT_DEFS), so that the dashboard number is the rollup's figure and the records behind it
 * are the registry rows meeting the very same condition (the list's total equals the number: tested).
 *
 * 州/县/乡 groups are summed from labor_stats (kept exact by triggers, rolled to today's working age before a read);
 * 村 groups are counted from the registry. The registry keeps the current state only, so these stock indicators read
 * today's state whatever the period; past months come from analytics' monthly snapshots.
 *
 * Several indicators asked at once (the dashboard asks for all of them together) share one query: concurrent calls
 * with the same database, scope and level wait for the same statement.
 */
import type { Db, Queryable } from "../core/db/client.js";
import type { Indicator, IndicatorQuery, IndicatorRecords, IndicatorValue } from "../core/module.js";
import { scopeParam, scopePattern } from "../core/access/scope.js";
import { chinaDate } from "../core/calendar.js";
import { maskIdNumber } from "../core/idcard.js";
import { EMPLOYMENT_STATUS, TRANSFER_CHANNEL, TRANSFER_DEST, EDUCATION, codeName } from "./codes.js";
import { INDICATOR_NAMES, STAT_DEFS, rollStats, rollupSql, registrySql } from "./stats.js";
import { rawQuery } from "./store.js";
import { nextDailyChinaTime, type JobDef } from "../core/jobs.js";

/** The rollup keys offered as indicators, with their code suffix (labor.<key>). Ordered as a dashboard reads. */
const OFFERED = STAT_DEFS.filter((d) => !d.key.startsWith("laborStatus.") && !d.key.startsWith("transferDest.") && d.key !== "status.unknown");

const NAMES: Record<string, string> = {
  ...INDICATOR_NAMES,
  persons: "劳动力资源总数（登记人数）",
  laborForce: "劳动年龄人口",
  transfer: "农村劳动力转移就业",
  transferEmployed: "外出务工人数",
  returnee: "返乡人员",
  povertyEmployed: "脱贫人口务工规模",
  monitoredEmployed: "监测对象务工就业",
};

/** The derived columns the conditions read (the same as the registry count in stats.ts). */
const DERIVED = `select id, id_number, name, sex, birth_date, education, region_code, employment_status, transfer_dest, transfer_channel,
  labor_working_age(sex, birth_date, $2::date) as wa, coalesce(employment_status, '') as status, coalesce(transfer_dest, '') as dest,
  coalesce(transfer_channel, '') as channel, is_transfer, returnee, poverty, monitored
  from labor_persons where ${scopeParam("region_code", 1)}`;

const inflight = new WeakMap<object, Map<string, Promise<Map<string, Record<string, unknown>>>>>();

/** Is the rollup usable today? Rolls it when it can (the primary); on a read replica, counts from the registry. */
async function rollupReady(q: Queryable, today: string): Promise<boolean> {
  const [cur] = await rawQuery<{ asof: string }>(q, "select to_char(asof, 'YYYY-MM-DD') as asof from labor_stats_asof where id = 1");
  if (cur?.asof === today) return true;
  try {
    await rollStats(q as Db, today);
    return true;
  } catch {
    return false;
  }
}

function figuresBy(q: Queryable, query: IndicatorQuery, today: string): Promise<Map<string, Record<string, unknown>>> {
  const len = query.groupBy === "county" ? 6 : query.groupBy === "township" ? 9 : 12;
  const key = `${query.scope.scopePrefix}|${len}|${today}`;
  let byKey = inflight.get(q);
  if (!byKey) inflight.set(q, (byKey = new Map()));
  const found = byKey.get(key);
  if (found) return found;
  const run = (async () => {
    const pattern = scopePattern(query.scope);
    let rows: Record<string, unknown>[];
    if (len !== 12 && (await rollupReady(q, today))) rows = await rawQuery(q, rollupSql(len), [pattern]);
    else rows = await rawQuery(q, registrySql(len), [pattern, today]);
    return new Map(rows.map((r) => [String(r.code), r]));
  })();
  byKey.set(key, run);
  void run.then(() => byKey.delete(key), () => byKey.delete(key));
  return run;
}

function indicatorOf(def: { key: string; cond: string }): Indicator {
  const k = STAT_DEFS.indexOf(def);
  return {
    code: `labor.${def.key}`,
    name: NAMES[def.key] ?? def.key,
    unit: "人",
    area: "LABOR",
    kind: "stock",
    additive: true,
    async compute(q, query): Promise<IndicatorValue[]> {
      const today = chinaDate(new Date());
      const by = await figuresBy(q, query, today);
      const out: IndicatorValue[] = [];
      for (const [code, r] of by) out.push({ code, value: Number(r[`i${k}`] ?? 0) });
      return out;
    },
    async records(q, query): Promise<IndicatorRecords> {
      const today = chinaDate(new Date());
      const params = [scopePattern(query.scope), today];
      const [c] = await rawQuery<{ n: number }>(q, `select count(*)::int as n from (${DERIVED}) p where ${def.cond}`, params);
      const rows = await rawQuery<Record<string, unknown>>(
        q,
        `select p.id, p.id_number, p.name, p.sex, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date, p.education, p.region_code, v.name as village,
                p.employment_status, p.transfer_dest, p.transfer_channel
         from (${DERIVED}) p left join villages v on v.code = p.region_code
         where ${def.cond} order by p.region_code, p.id limit ${Math.max(1, Math.min(query.pageSize, 200))} offset ${Math.max(0, (query.page - 1) * query.pageSize)}`,
        params,
      );
      return {
        columns: [
          { key: "name", title: "姓名" }, { key: "idNumber", title: "身份证号" }, { key: "sex", title: "性别" }, { key: "birthDate", title: "出生日期" },
          { key: "education", title: "文化程度" }, { key: "village", title: "常住地" }, { key: "status", title: "就业状态" },
          { key: "dest", title: "外出去向" }, { key: "channel", title: "外出方式" },
        ],
        rows: rows.map((r) => ({
          name: String(r.name),
          idNumber: maskIdNumber(String(r.id_number)),
          sex: r.sex === "M" ? "男" : "女",
          birthDate: String(r.birth_date),
          education: codeName(EDUCATION, r.education as string | null),
          village: (r.village as string | null) ?? String(r.region_code),
          status: codeName(EMPLOYMENT_STATUS, r.employment_status as string | null),
          dest: codeName(TRANSFER_DEST, r.transfer_dest as string | null),
          channel: codeName(TRANSFER_CHANNEL, r.transfer_channel as string | null),
        })),
        total: Number(c?.n ?? 0),
      };
    },
  };
}

export const LABOR_INDICATORS: readonly Indicator[] = OFFERED.map(indicatorOf);

/**
 * The rollup rolled to the new day's working age just after midnight (China time), so that the first dashboard of the
 * day — possibly read from a replica, which cannot roll it — finds it current.
 */
export const LABOR_STATS_ROLL_JOB: JobDef = {
  name: "labor.stats.roll",
  next: (now) => nextDailyChinaTime(now, 0, 5),
  run: async (db, now) => ({ moved: await rollStats(db, chinaDate(now)) }),
};

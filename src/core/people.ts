/** Deterministic generators for believable people of Enshi (demo data, benchmarks, tests): names, valid 身份证号 (GB 11643), phones. */
import { makeIdNumber } from "./idcard.js";

/** Small deterministic PRNG (mulberry32), so that demo data and benchmarks are reproducible. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    /** Pick by weights: [[value, weight], …] */
    weighted: <T>(list: readonly (readonly [T, number])[]): T => {
      const total = list.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [v, w] of list) {
        x -= w;
        if (x < 0) return v;
      }
      return list[list.length - 1]![0];
    },
  };
}
export type Rng = ReturnType<typeof rng>;

// Surnames common in Enshi (土家族 and 苗族 families included: 向, 覃, 田, 冉, 谭, 彭, 滕, 龙 …).
export const SURNAMES = ["向", "覃", "田", "冉", "谭", "彭", "黄", "杨", "张", "李", "刘", "王", "陈", "吴", "周", "龙", "滕", "胡", "邓", "郑", "肖", "秦", "姚", "朱", "蒋", "牟", "雷", "宋", "唐", "万"] as const;
const GIVEN_MALE = ["明", "华", "军", "勇", "强", "伟", "涛", "斌", "志", "国", "建", "林", "波", "海", "平", "鹏", "超", "杰", "文", "成", "宏", "俊", "峰", "磊"];
const GIVEN_FEMALE = ["芳", "丽", "敏", "静", "燕", "艳", "娟", "霞", "玲", "红", "梅", "琴", "兰", "英", "萍", "洁", "莉", "娜", "慧", "婷", "云", "琳", "雪", "秀"];

export function personName(r: Rng, sex: "male" | "female"): string {
  const given = sex === "male" ? GIVEN_MALE : GIVEN_FEMALE;
  const len = r.next() < 0.7 ? 2 : 1;
  let g = "";
  for (let i = 0; i < len; i++) g += r.pick(given);
  return r.pick(SURNAMES) + g;
}

/** A valid 18-digit number for someone born in [fromYear, toYear] in the given 6-digit region. */
export function idNumberFor(r: Rng, region: string, sex: "male" | "female", fromYear: number, toYear: number): string {
  const y = r.int(fromYear, toYear);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  let seq = r.int(0, 998);
  if ((seq % 2 === 1) !== (sex === "male")) seq += 1;
  return makeIdNumber(region, `${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}`, seq);
}

export function mobile(r: Rng): string {
  return r.pick(["133", "135", "138", "139", "150", "151", "158", "177", "180", "187", "199"]) + String(r.int(0, 99_999_999)).padStart(8, "0");
}

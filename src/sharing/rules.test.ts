/** S-SHARE pure rules as properties (fast-check): the credit-code check character, the score, the subsidy, days. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CREDIT_CHARS, checkCreditCode, daysInclusive, makeCreditCode, overlapDays, scorePair, subsidyAmount } from "./rules.js";

const code17 = fc.array(fc.constantFrom(...CREDIT_CHARS), { minLength: 17, maxLength: 17 }).map((a) => a.join(""));
const dayArb = fc.integer({ min: 0, max: 800 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));

describe("统一社会信用代码 check character (GB 32100-2015)", () => {
  it("every code made with its check character passes; changing any one character fails", () => {
    fc.assert(fc.property(code17, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...CREDIT_CHARS), (c, i, ch) => {
      const code = makeCreditCode(c);
      expect(checkCreditCode(code).ok).toBe(true);
      const changed = code.slice(0, i) + ch + code.slice(i + 1);
      if (changed !== code) expect(checkCreditCode(changed).ok).toBe(false);
    }));
  });
  it("lower case is accepted as the same code; letters outside the set are a format error", () => {
    expect(checkCreditCode(makeCreditCode("91422801MA4L0CH1X").toLowerCase()).ok).toBe(true);
    expect(checkCreditCode("91422801MA4L0CH1XI")).toMatchObject({ ok: false, problem: "format" });
  });
});

describe("candidate score", () => {
  const decl = fc.record({
    post: fc.constantFrom("分拣员", "包装工", "客房服务员", "仓储分拣包装员"), skills: fc.subarray(["分拣", "包装", "叉车", "清洁"]),
    headcount: fc.integer({ min: 1, max: 50 }), dateFrom: dayArb, len: fc.integer({ min: 0, max: 200 }), regionCode: fc.constantFrom("422801001", "422801003", "422802001"),
  }).map((d) => ({ ...d, dateTo: new Date(Date.parse(`${d.dateFrom}T00:00:00Z`) + d.len * 86_400_000).toISOString().slice(0, 10) }));
  it("is the sum of its explained parts, each within its maximum, at most 100", () => {
    fc.assert(fc.property(decl, decl, (a, b) => {
      const { score, parts } = scorePair(a, b);
      expect(score).toBe(parts.reduce((s, p) => s + p.points, 0));
      for (const p of parts) expect(p.points >= 0 && p.points <= p.max && p.note.length > 0).toBe(true);
      expect(score).toBeLessThanOrEqual(100);
    }));
  });
});

describe("subsidy and days", () => {
  it("is perWorker for each worker at or above minDays, never above the cap", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 800 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 500_000 }), (days, perWorker, minDays, cap) => {
      const r = subsidyAmount({ perWorker, minDays, cap }, days);
      expect(r.workers).toBe(days.filter((d) => d >= minDays).length);
      expect(r.amount).toBe(Math.min(cap, r.workers * perWorker));
    }));
  });
  it("overlap days never exceed either span", () => {
    fc.assert(fc.property(dayArb, dayArb, dayArb, dayArb, (a, b, c, d) => {
      const o = overlapDays(a, b, c, d);
      expect(o).toBeLessThanOrEqual(Math.min(daysInclusive(a, b), daysInclusive(c, d)));
      expect(o).toBeGreaterThanOrEqual(0);
    }));
    expect(daysInclusive("2026-10-01", "2026-10-07")).toBe(7);
  });
});

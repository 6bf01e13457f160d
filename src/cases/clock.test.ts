/**
 * S-CASES, X3: the clock of a case on the real calendar (chinese-days): 国庆 2025 and 春节 2026 with their 调休 workdays,
 * overlapping and open 特别程序, 工作小时 limits, the one-second boundary, the 即办件 rule, and the level as time passes.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { WorkCalendar, chineseDaysExceptions } from "../core/calendar.js";
import { caseClock, clockStart, countedMs, instantAfter, mergePauses, specialDue, storedDues, type ClockFacts } from "./clock.js";

const cal = new WorkCalendar(new Map(chineseDaysExceptions().map((d) => [d.day, d.isWorkday])));
/** A China-time instant. */
const cn = (s: string) => new Date(`${s}+08:00`);
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

function facts(over: Partial<ClockFacts>): ClockFacts {
  return { caseType: "承诺件", acceptedAt: cn("2025-11-03T09:00:00"), promiseLimit: 5, limitUnit: "工作日", legalLimit: null, finishedAt: null, pauses: [], ...over };
}

describe("clock across 国庆 2025 (X3)", () => {
  it("skips Oct 1–8 and counts the 调休 Saturday Oct 11: accepted Sep 30, 3 working days end at 24:00 of Oct 11", () => {
    const f = facts({ acceptedAt: cn("2025-09-30T10:00:00"), promiseLimit: 3 });
    const c = caseClock(cal, f, cn("2025-10-09T12:00:00"));
    expect(c.promiseDueAt.toISOString()).toBe(cn("2025-10-12T00:00:00").toISOString());
    expect(c.used).toBeCloseTo(0.5, 5);
  });
  it("counts the 调休 Sunday Sep 28 as a working day", () => {
    const c = caseClock(cal, facts({ acceptedAt: cn("2025-09-26T15:00:00"), promiseLimit: 1 }), cn("2025-09-27T12:00:00"));
    expect(c.promiseDueAt.toISOString()).toBe(cn("2025-09-29T00:00:00").toISOString());
  });
  it("one second past the deadline is overdue, the deadline itself is not", () => {
    const f = facts({ acceptedAt: cn("2025-09-30T10:00:00"), promiseLimit: 3 });
    const due = cn("2025-10-12T00:00:00");
    expect(caseClock(cal, { ...f, finishedAt: due }, due).overdue).toBe(false);
    expect(caseClock(cal, { ...f, finishedAt: plus(due, 1000) }, plus(due, 1000)).overdue).toBe(true);
    expect(caseClock(cal, f, due).level).not.toBe("yellow");
    expect(caseClock(cal, f, plus(due, 1000)).level).toBe("yellow");
  });
});

describe("clock across 春节 2026 (X3)", () => {
  it("counts the 调休 Saturday Feb 14, skips Feb 15–23: accepted Feb 13, 2 working days end at 24:00 of Feb 24", () => {
    const c = caseClock(cal, facts({ acceptedAt: cn("2026-02-13T09:30:00"), promiseLimit: 2 }), cn("2026-02-20T10:00:00"));
    expect(c.promiseDueAt.toISOString()).toBe(cn("2026-02-25T00:00:00").toISOString());
    expect(c.used).toBe(1);
    expect(c.left).toBe(1);
  });
  it("a 法定时限 across the holiday gives the red card one second after it", () => {
    const f = facts({ acceptedAt: cn("2026-02-12T09:30:00"), promiseLimit: 1, legalLimit: 3 });
    // Working days after Feb 12: Feb 13 (1), Feb 14 调休 (2), Feb 24 (3).
    const legal = cn("2026-02-25T00:00:00");
    expect(caseClock(cal, f, legal).legalDueAt!.toISOString()).toBe(legal.toISOString());
    expect(caseClock(cal, f, legal).level).toBe("yellow");
    expect(caseClock(cal, f, plus(legal, 1000)).level).toBe("red");
  });
});

describe("特别程序 take their time out of the clock", () => {
  it("overlapping periods count once", () => {
    // Clock from Tue Nov 4; without pauses 5 working days end on Mon Nov 10.
    const base = facts({});
    expect(caseClock(cal, base, cn("2025-11-04T08:00:00")).promiseDueAt.toISOString()).toBe(cn("2025-11-11T00:00:00").toISOString());
    const paused = facts({
      pauses: [
        { start: cn("2025-11-05T00:00:00"), end: cn("2025-11-07T00:00:00") },
        { start: cn("2025-11-06T00:00:00"), end: cn("2025-11-08T00:00:00") },
      ],
    });
    // Nov 5, 6, 7 out once: Nov 4, 10, 11, 12, 13.
    expect(caseClock(cal, paused, cn("2025-11-12T08:00:00")).promiseDueAt.toISOString()).toBe(cn("2025-11-14T00:00:00").toISOString());
    expect(mergePauses(paused.pauses, new Date())).toHaveLength(1);
  });
  it("an open one runs to now: the case is paused, used time stands still and the projected due moves", () => {
    const f = facts({ pauses: [{ start: cn("2025-11-05T00:00:00"), end: null }] });
    const a = caseClock(cal, f, cn("2025-11-12T12:00:00"));
    const b = caseClock(cal, f, cn("2025-11-20T12:00:00"));
    expect(a.level).toBe("paused");
    expect(a.used).toBe(1);
    expect(b.used).toBe(1);
    expect(b.promiseDueAt.getTime()).toBeGreaterThan(a.promiseDueAt.getTime());
    expect(storedDues(cal, f, cn("2025-11-12T12:00:00")).paused).toBe(true);
  });
  it("a part-day pause shifts the due by the same part of a working day", () => {
    const f = facts({ pauses: [{ start: cn("2025-11-04T12:00:00"), end: cn("2025-11-04T18:00:00") }] });
    expect(caseClock(cal, f, cn("2025-11-05T00:00:00")).promiseDueAt.toISOString()).toBe(cn("2025-11-11T06:00:00").toISOString());
  });
  it("a 特别程序's own limit ends at 24:00 of its N-th working day", () => {
    expect(specialDue(cal, cn("2025-09-30T10:00:00"), 2)!.toISOString()).toBe(cn("2025-10-11T00:00:00").toISOString());
    expect(specialDue(cal, cn("2025-09-30T10:00:00"), null)).toBeNull();
  });
});

describe("工作小时 limits", () => {
  it("count office hours (08:30–12:00, 14:00–17:30) of working days, the 调休 Sunday included", () => {
    // Fri Sep 26 16:30–17:30 (1 h), Sat rest, Sun Sep 28 调休 08:30–11:30 (3 h).
    const f = facts({ acceptedAt: cn("2025-09-26T16:30:00"), promiseLimit: 4, limitUnit: "工作小时" });
    const c = caseClock(cal, f, cn("2025-09-27T10:00:00"));
    expect(c.promiseDueAt.toISOString()).toBe(cn("2025-09-28T11:30:00").toISOString());
    expect(c.used).toBe(1);
  });
  it("one second past an hour limit is overdue; a limit ending with an office block ends at its close", () => {
    const f = facts({ acceptedAt: cn("2025-11-03T14:00:00"), promiseLimit: 3, limitUnit: "工作小时" });
    const due = caseClock(cal, f, cn("2025-11-03T15:00:00")).promiseDueAt;
    expect(due.toISOString()).toBe(cn("2025-11-03T17:00:00").toISOString());
    expect(caseClock(cal, f, due).level).not.toBe("yellow");
    expect(caseClock(cal, f, plus(due, 1000)).level).toBe("yellow");
    const g = facts({ acceptedAt: cn("2025-11-03T14:00:00"), promiseLimit: 7, limitUnit: "工作小时" });
    expect(caseClock(cal, g, cn("2025-11-03T15:00:00")).promiseDueAt.toISOString()).toBe(cn("2025-11-04T12:00:00").toISOString());
  });
});

describe("即办件 rule", () => {
  it("finished the same day stays an 即办件 and is on time", () => {
    const c = caseClock(cal, facts({ caseType: "即办件", promiseLimit: 0, finishedAt: cn("2025-11-03T16:00:00") }), cn("2025-11-05T00:00:00"));
    expect(c.effectiveType).toBe("即办件");
    expect(c.overdue).toBe(false);
  });
  it("not finished by 24:00 becomes a 承诺件 with the 承诺时限 (or the 法定时限)", () => {
    const f = facts({ caseType: "即办件", promiseLimit: 0, legalLimit: 3 });
    expect(caseClock(cal, f, cn("2025-11-03T23:59:59")).effectiveType).toBe("即办件");
    const c = caseClock(cal, f, cn("2025-11-04T00:00:01"));
    expect(c.effectiveType).toBe("承诺件");
    expect(c.limit).toBe(3);
    expect(c.promiseDueAt.toISOString()).toBe(cn("2025-11-07T00:00:00").toISOString());
    const stored = storedDues(cal, f, cn("2025-11-03T11:00:00"));
    expect(stored.promiseDueAt!.toISOString()).toBe(cn("2025-11-07T00:00:00").toISOString());
  });
});

describe("the level as time passes (a test clock)", () => {
  it("normal → 预警 2 working days before → 黄牌 past 承诺 → 红牌 past 法定; cleared by 办结 or a 特别程序", () => {
    const f = facts({ promiseLimit: 5, legalLimit: 7 });
    // Clock from Nov 4: warn after 3 days (Nov 7 00:00), promise end of Nov 10, legal end of Nov 12.
    const at = (s: string) => caseClock(cal, f, cn(s)).level;
    expect(at("2025-11-06T23:59:59")).toBe("normal");
    expect(at("2025-11-07T00:00:00")).toBe("warning");
    expect(at("2025-11-10T23:59:59")).toBe("warning");
    expect(at("2025-11-11T00:00:01")).toBe("yellow");
    expect(at("2025-11-13T00:00:00")).toBe("yellow");
    expect(at("2025-11-13T00:00:01")).toBe("red");
    expect(caseClock(cal, { ...f, finishedAt: cn("2025-11-13T09:00:00") }, cn("2025-11-13T10:00:00")).level).toBe("finished");
    expect(caseClock(cal, { ...f, pauses: [{ start: cn("2025-11-13T08:00:00"), end: null }] }, cn("2025-11-13T10:00:00")).level).toBe("paused");
  });
  it("stored dues equal the live ones, so the board's comparison against now gives the same level", () => {
    const f = facts({ promiseLimit: 5, legalLimit: 7, pauses: [{ start: cn("2025-11-05T09:00:00"), end: cn("2025-11-06T15:00:00") }] });
    const s = storedDues(cal, f, cn("2025-11-07T00:00:00"));
    for (const t of ["2025-11-08T10:00:00", "2025-11-11T15:00:00", "2025-11-12T15:00:00", "2025-11-14T10:00:00"]) {
      const live = caseClock(cal, f, cn(t));
      const now = cn(t).getTime();
      const board = now > s.legalDueAt!.getTime() ? "red" : now > s.promiseDueAt!.getTime() ? "yellow" : now >= s.warnAt!.getTime() ? "warning" : "normal";
      expect(board).toBe(live.level);
    }
  });
});

describe("invariants", () => {
  const day0 = cn("2025-09-01T00:00:00").getTime();
  const arbPause = fc.tuple(fc.integer({ min: 0, max: 200 * 24 }), fc.integer({ min: 1, max: 20 * 24 })).map(([h, d]) => ({ start: new Date(day0 + h * 3600_000), end: new Date(day0 + (h + d) * 3600_000) }));
  it("the counted time from the clock start to the due is the limit, and pauses never bring a due forward", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 1, max: 30 }), fc.boolean(), fc.array(arbPause, { maxLength: 4 }), (dayOffset, limit, hours, pauses) => {
        const unit = hours ? ("工作小时" as const) : ("工作日" as const);
        const acceptedAt = new Date(day0 + dayOffset * 86_400_000 + 10 * 3600_000);
        const f = facts({ acceptedAt, promiseLimit: limit, limitUnit: unit, pauses });
        const now = new Date(acceptedAt.getTime() + 400 * 86_400_000);
        const c = caseClock(cal, f, now);
        const start = clockStart(acceptedAt, unit);
        const merged = mergePauses(pauses, now);
        expect(countedMs(cal, start, c.promiseDueAt.getTime(), unit, merged)).toBe(limit * (hours ? 3600_000 : 86_400_000));
        const bare = caseClock(cal, { ...f, pauses: [] }, now);
        expect(c.promiseDueAt.getTime()).toBeGreaterThanOrEqual(bare.promiseDueAt.getTime());
        expect(instantAfter(cal, start, 0, unit, merged).getTime()).toBe(start);
      }),
      { numRuns: 150 },
    );
  });
});

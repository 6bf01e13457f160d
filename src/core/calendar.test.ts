import { describe, expect, it } from "vitest";
import { WorkCalendar, chineseDaysExceptions } from "./calendar.js";

const cal = new WorkCalendar(new Map(chineseDaysExceptions().map((d) => [d.day, d.isWorkday])));

describe("working days (X3)", () => {
  it("国庆 2026: 10-01…10-07 are holidays, Saturday 10-10 is a 调休 working day", () => {
    for (let d = 1; d <= 7; d++) expect(cal.isWorkday(`2026-10-0${d}`)).toBe(false);
    expect(cal.isWorkday("2026-10-10")).toBe(true);
    expect(cal.isWorkday("2026-10-11")).toBe(false);
  });
  it("5 working days from Wednesday 2026-09-30: 10-08, 10-09, 10-10 (调休 Saturday), 10-12, 10-13 (the start day does not count)", () => {
    expect(cal.addWorkdays("2026-09-30", 5)).toBe("2026-10-13");
    expect(cal.addWorkdays("2026-09-30", 3)).toBe("2026-10-10");
    expect(cal.workdaysBetween("2026-09-30", "2026-10-13")).toBe(5);
  });
  it("an ordinary week", () => {
    expect(cal.addWorkdays("2026-11-27", 1)).toBe("2026-11-30");
    expect(cal.addWorkdays("2026-11-23", 3)).toBe("2026-11-26");
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseIdNumber, makeIdNumber, maskIdNumber, maskPhone, checkChar } from "./idcard.js";

describe("GB 11643 身份证号 (P3, S-LABOR)", () => {
  it("accepts a known valid number and derives birth date and sex", () => {
    // The standard's own example: 11010519491231002X.
    const r = parseIdNumber("11010519491231002x");
    expect(r).toEqual({ ok: true, info: { idNumber: "11010519491231002X", birthDate: "1949-12-31", sex: "female", regionCode: "110105" } });
  });
  it("names the problem", () => {
    expect(parseIdNumber("1101051949123100")).toEqual({ ok: false, problem: "format" });
    expect(parseIdNumber("110105194902300021")).toEqual({ ok: false, problem: "birth_date" });
    expect(parseIdNumber("110105194912310021")).toEqual({ ok: false, problem: "check_digit" });
  });
  it("every generated number validates; any single changed digit is caught", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1950, max: 2010 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }),
        (y, m, d, seq, pos, delta) => {
          const id = makeIdNumber("422801", `${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}`, seq);
          expect(parseIdNumber(id).ok).toBe(true);
          const digits = id.split("");
          digits[pos] = String((Number(digits[pos]) + delta) % 10);
          const changed = digits.join("");
          const r = parseIdNumber(changed);
          if (r.ok) expect(checkChar(changed.slice(0, 17))).toBe(changed[17]);
          else expect(r.ok).toBe(false);
          // MOD 11-2 detects every single-digit error.
          expect(r.ok).toBe(false);
        }),
      { numRuns: 500 },
    );
  });
  it("masks (X2)", () => {
    expect(maskIdNumber("422801198503110508")).toBe("4228**********0508");
    expect(maskPhone("15112346793")).toBe("151****6793");
  });
});

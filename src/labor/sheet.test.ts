/** S-LABOR import parsing units: CSV (quotes, line breaks, chunk boundaries, encodings), header variants, cell rules. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CsvParser, readSheet, sniffKind, type ReadResult, type SheetRow } from "./sheet.js";
import { fieldForHeader, normPhone, parseBool, parseDate, ageOn, validatePerson, buildVillageIndex } from "./record.js";
import { toCode, ETHNICITY, EDUCATION, TRANSFER_DEST, EMPLOYMENT_STATUS } from "./codes.js";
import { generatePersons } from "./generator.js";
import { parseIdNumber } from "../core/idcard.js";
import { divisionData } from "../core/org.js";

function parseAll(text: string, cut: number[] = []): { rows: SheetRow[]; empty: number } {
  const p = new CsvParser();
  let last = 0;
  for (const c of [...cut, text.length]) {
    p.push(text.slice(last, c));
    last = c;
  }
  p.end();
  return { rows: p.out, empty: p.emptySkipped };
}

describe("CSV parser", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks; numbers rows by their first line", () => {
    const { rows } = parseAll('a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",z\n3,,\n');
    expect(rows.map((r) => r.cells)).toEqual([["a", "b", "c"], ["1", "x, y", 'say "hi"'], ["2", "two\nlines", "z"], ["3", "", ""]]);
    expect(rows.map((r) => r.rowNo)).toEqual([1, 2, 3, 5]);
  });

  it("skips empty lines and lines of bare commas, counting them", () => {
    const { rows, empty } = parseAll("h1,h2\n\n,,\n1,2\n , \n");
    expect(rows.map((r) => r.cells)).toEqual([["h1", "h2"], ["1", "2"]]);
    expect(empty).toBe(3);
  });

  it("gives the same rows whatever the chunk boundaries (property)", () => {
    const cell = fc.string({ maxLength: 6 }).map((s) => s.replace(/\r/g, ""));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 5 }), (table, cuts) => {
        const text = table.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(",")).join("\r\n") + "\r\n";
        const whole = parseAll(text).rows.map((r) => r.cells);
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces = parseAll(text, points).rows.map((r) => r.cells);
        expect(pieces).toEqual(whole);
        expect(whole).toEqual(table.filter((r) => !r.every((c) => c.trim() === "")));
      }),
      { numRuns: 150 },
    );
  });

  it("decodes UTF-8 with BOM and GB18030 (Excel's “CSV” on Chinese Windows)", async () => {
    // 身份证号,姓名,常住地 / 王明 in GBK bytes.
    const gbk = Buffer.from([0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xb3, 0xa3, 0xd7, 0xa1, 0xb5, 0xd8, 0x0d, 0x0a, 0x31, 0x2c, 0xcd, 0xf5, 0xc3, 0xf7, 0x2c, 0x32, 0x0d, 0x0a]);
    const read = async (buffer: Buffer) => {
      const res: ReadResult = { kind: "csv", sheetName: null, size: 0, sha256: "", emptySkipped: 0, bytesRead: 0 };
      const out: string[][] = [];
      for await (const batch of readSheet({ buffer }, "csv", res)) for (const r of batch) out.push(r.cells);
      return { out, res };
    };
    const g = await read(gbk);
    expect(g.out).toEqual([["身份证号", "姓名", "常住地"], ["1", "王明", "2"]]);
    const u = await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("身份证号,姓名\n1,王明\n")]));
    expect(u.out).toEqual([["身份证号", "姓名"], ["1", "王明"]]);
    expect(u.res.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("tells file types by their bytes", () => {
    expect(sniffKind(Buffer.from("PK\u0003\u0004xl/"), "a.xlsx")).toBe("xlsx");
    expect(sniffKind(Buffer.from("身份证号,姓名"), "a.csv")).toBe("csv");
    expect(() => sniffKind(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), "a.xls")).toThrow(/xls/);
    expect(() => sniffKind(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), "a.csv")).toThrow(/文件类型不支持/);
    expect(() => sniffKind(Buffer.from("hello"), "a.docx")).toThrow(/文件类型不支持/);
  });
});

describe("header variants and cell rules", () => {
  it("maps the common header spellings", () => {
    for (const h of ["身份证号", "公民身份号码", "身份证号码", " *身份证号 "]) expect(fieldForHeader(h)?.key).toBe("idNumber");
    for (const h of ["姓名", "名字"]) expect(fieldForHeader(h)?.key).toBe("name");
    for (const h of ["联系电话", "手机号", "手机号码"]) expect(fieldForHeader(h)?.key).toBe("phone");
    expect(fieldForHeader("月收入（元）")?.key).toBe("monthlyIncome");
    expect(fieldForHeader("月收入(元)")?.key).toBe("monthlyIncome");
    expect(fieldForHeader("外出务工时间（月）")?.key).toBe("monthsAway");
    expect(fieldForHeader("照片")).toBeUndefined();
  });

  it("reads codes by name, alias or code", () => {
    expect(toCode(ETHNICITY, "土家族")).toBe("15");
    expect(toCode(ETHNICITY, "土家")).toBe("15");
    expect(toCode(ETHNICITY, "15")).toBe("15");
    expect(toCode(EDUCATION, "大专")).toBe("30");
    expect(toCode(EDUCATION, "中专")).toBe("40");
    expect(toCode(TRANSFER_DEST, "县外省内")).toBe("province");
    expect(toCode(EMPLOYMENT_STATUS, "务工")).toBe("emp");
    expect(toCode(EMPLOYMENT_STATUS, "打零工吧")).toBeUndefined();
  });

  it("reads dates, flags and phones as townships write them", () => {
    expect(parseDate("2023/3/1")).toBe("2023-03-01");
    expect(parseDate("2023年3月")).toBe("2023-03-01");
    expect(parseDate("2023.03")).toBe("2023-03-01");
    expect(parseDate("20230315")).toBe("2023-03-15");
    expect(parseDate("2023-02-30")).toBeUndefined();
    expect(parseBool("是")).toBe(true);
    expect(parseBool("")).toBe(false);
    expect(parseBool("√")).toBe(true);
    expect(parseBool("也许")).toBeUndefined();
    expect(normPhone("138 0013 8000")).toBe("13800138000");
    expect(normPhone("0718-8221234")).toBe("0718-8221234");
    expect(normPhone("1380013")).toBeUndefined();
  });

  it("computes age in full years (the SQL rule): birthdays count from the day itself", () => {
    expect(ageOn("2008-11-30", "2024-11-29")).toBe(15);
    expect(ageOn("2008-11-30", "2024-11-30")).toBe(16);
    expect(ageOn("1964-03-01", "2024-02-29")).toBe(59);
  });
});

describe("generator", () => {
  it("makes valid, unique 身份证号 in real villages with plausible shares", () => {
    const d = divisionData();
    const villages = new Set(d.villages.map((v) => v.code));
    const ix = buildVillageIndex(d.villages, d.townships);
    const list = [...generatePersons({ count: 5000, seed: 7 })];
    const ids = new Set(list.map((p) => p.idNumber));
    expect(ids.size).toBe(5000);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    for (const p of list.slice(0, 800)) {
      const parsed = parseIdNumber(p.idNumber);
      expect(parsed.ok).toBe(true);
      expect(villages.has(p.regionCode)).toBe(true);
      const present = new Set(Object.keys(p));
      const raw = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v === null || v === undefined ? "" : Array.isArray(v) ? v.join(",") : typeof v === "boolean" ? (v ? "是" : "否") : String(v)]));
      raw.sex = p.sex === "M" ? "男" : "女";
      const r = validatePerson(raw, present, { villages: ix, scopePrefix: "4228", today });
      expect(r.problems.filter((x) => x.severity === "error"), p.idNumber).toEqual([]);
    }
    const share = (f: (p: (typeof list)[number]) => boolean) => list.filter(f).length / list.length;
    expect(share((p) => p.ethnicity === "15")).toBeGreaterThan(0.38);
    expect(share((p) => p.ethnicity === "01")).toBeGreaterThan(0.33);
    expect(share((p) => p.ethnicity === "06")).toBeGreaterThan(0.05);
    expect(share((p) => !!p.transferDest)).toBeGreaterThan(0.22);
    expect(share((p) => !!p.transferDest)).toBeLessThan(0.4);
    expect(share((p) => p.transferDest === "outside") / share((p) => !!p.transferDest)).toBeGreaterThan(0.45);
    expect(share((p) => p.transferChannel === "self") / share((p) => !!p.transferDest)).toBeGreaterThan(0.65);
  });
});

/**
 * X4, P15, P16: the 附件 templates typeset directly (no database): long row lists continue on the next page under the
 * repeated header, the same data gives the same bytes, text from the data is printed as typed (never read as Typst
 * markup), and a template that cannot be read or compiled is a PrintError. Structure is checked in JavaScript; text with pdftotext
 * where the machine has it.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrintError, printPdf, qrSvg } from "../core/print.js";
import { FORM_NOTES, PLATFORM_NOTE, TEMPLATES, type FormPrint } from "./pdf.js";
import { isPdf, pdfPageCount, pdfText } from "../test/pdf.js";

async function form(rows: number, over: Partial<FormPrint> = {}): Promise<FormPrint> {
  return {
    attachment: "附件2",
    title: "恩施州劳动力资源信息平台操作员账户权限申请表",
    number: "SQ2-2026-0099",
    qr: await qrSvg("http://127.0.0.1:3000/forms/verify/SQ2-2026-0099"),
    notes: FORM_NOTES.operator,
    platformNote: PLATFORM_NOTE,
    subsystem: "劳动力资源信息库",
    unit: "舞阳坝街道人社服务中心",
    applyDate: "2026年3月2日",
    contactName: "向秀兰",
    contactPhone: "138****1111",
    rows: Array.from({ length: rows }, (_, i) => ({
      category: "新增", name: `人员${i + 1}`, idNumber: "422801********0011", phone: "139****0001", post: "信息采集员", requirement: "新增账户",
    })),
    dept: { opinion: "同意。", note: "平台内签署：王磊，2026年3月2日 10:15", date: "2026年3月2日" },
    org: { opinion: "", note: "", date: "" },
    accountResult: { text: "", note: "" },
    permissionResult: { text: "", note: "" },
    ...over,
  };
}

describe("X4 附件 templates", () => {
  it("rows continue on the next pages under the repeated header, numbered 第 x 页 共 y 页", async () => {
    const pdf = printPdf(TEMPLATES.operator, await form(60));
    expect(isPdf(pdf)).toBe(true);
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    const text = pdfText(pdf);
    if (text !== null) {
      const byPage = text.split("\f").filter((p) => p.trim()).map((p) => p.replace(/\s+/g, ""));
      expect(byPage.length).toBe(pages);
      byPage.forEach((p, i) => {
        expect(p, `page ${i + 1}`).toContain(`第${i + 1}页共${pages}页`);
        if (i > 0) for (const head of ["操作员账户权限申请表（续）", "编号：SQ2-2026-0099"]) expect(p, `page ${i + 1}`).toContain(head);
      });
      // Every page that carries rows carries the column names above them.
      for (const p of byPage.filter((p) => /人员\d/.test(p))) {
        for (const h of ["申请内容", "申请类别", "姓名", "身份证号", "联系方式", "岗位角色名称", "具体要求"]) expect(p).toContain(h);
      }
      expect(byPage.join("")).toContain("人员60");
    }
  });

  it("the same data prints the same bytes; the 附件1 template prints too", async () => {
    const d = await form(3);
    expect(printPdf(TEMPLATES.operator, d).equals(printPdf(TEMPLATES.operator, structuredClone(d)))).toBe(true);
    const a1 = printPdf(TEMPLATES.admin, { ...d, attachment: "附件1", title: "恩施州劳动力资源信息平台管理员账户权限申请表", notes: FORM_NOTES.admin });
    expect(isPdf(a1)).toBe(true);
    const text = pdfText(a1)?.replace(/\s+/g, "");
    if (text !== undefined) for (const s of ["附件1", "管理员账户权限申请表", "提交人", "联系电话", "岗位名称", "管理员办理结果"]) expect(text, s).toContain(s);
  });

  it("text from the data is printed as typed, never read as markup", async () => {
    const typed = '#set page(width: 1cm) *粗* $x$ ] } \\ "引号" <a> @b // c';
    const pdf = printPdf(TEMPLATES.operator, await form(1, { contactName: typed, unit: "#panic()" }));
    expect(pdfPageCount(pdf)).toBe(1);
    const text = pdfText(pdf)?.replace(/\s+/g, "");
    if (text !== undefined) {
      expect(text).toContain(typed.replace(/\s+/g, ""));
      expect(text).toContain("#panic()");
    }
  });

  it("a template kept elsewhere (a temporary file) still imports the shared pieces from the repository root", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "typ-")), "note.typ");
    writeFileSync(file, '#import "/src/core/print/official.typ": *\n#let d = json(bytes(sys.inputs.data))\n#show: official.with(d)\n#lines(d.body)\n');
    const pdf = printPdf(file, { attachment: "附件9", title: "测试表", number: "T-1", qr: await qrSvg("t"), body: "第一行\n第二行" });
    expect(pdfPageCount(pdf)).toBe(1);
    const text = pdfText(pdf)?.replace(/\s+/g, "");
    if (text !== undefined) expect(text).toContain("第一行第二行");
  });

  it("a missing template, or one that does not compile, is a PrintError naming it", async () => {
    expect(() => printPdf("/nonexistent/form.typ", {})).toThrow(PrintError);
    expect(() => printPdf(TEMPLATES.operator, { attachment: "附件2" })).toThrow(/attachment2\.typ/);
  });
});

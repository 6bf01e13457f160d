/**
 * Issue 6 (S-LABOR, X2, P9) in Chromium: a township 信息采集员 imports a generated xlsx of its own villages through the
 * UI — template, preview with the error report, 确认导入 with its progress bar — then fixes the bad rows by importing
 * the corrected file (one person's 文化程度 changed as well), searches the registry and opens that person's change
 * history. A county 信息审核员 then reveals the 身份证号 with a reason, exports the filtered list (masked) and reads
 * the statistics with drill-down. Screenshots go to e2e/artifacts/.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Download, Page } from "playwright-core";
import { platformAndBrowser, shot } from "./browser.js";
import { generateRows } from "../src/labor/generator.js";

const platform = platformAndBrowser();
const dir = mkdtempSync(path.join(tmpdir(), "labor-e2e-"));

async function writeXlsx(file: string, rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("劳动力资源调查表");
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

async function sheetRows(d: Download): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await d.path())!);
  const ws = wb.worksheets[0]!;
  const out: string[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
  return out;
}

/** Open the LABOR submenu (subsystem sections start collapsed under 业务子系统). */
async function openLaborMenu(page: Page) {
  const menu = page.getByTestId("main-menu");
  await menu.locator(".ant-menu-submenu-title", { hasText: "劳动力资源" }).click();
  await menu.getByRole("link", { name: "人员信息" }).waitFor();
  return menu;
}

async function downloadOf(page: Page, click: () => Promise<void>): Promise<Download> {
  const [d] = await Promise.all([page.waitForEvent("download"), click()]);
  return d;
}

/** Upload a file through the antd Upload and wait for the preview of its batch. */
async function uploadAndPreview(page: Page, file: string) {
  await page.locator("input[type=file]").setInputFiles(file);
  await page.getByTestId("import-batch").filter({ hasText: path.basename(file) }).waitFor();
  await page.getByText("已校验，待确认").first().waitFor();
}

/** 确认导入, then follow the progress bar to 100 %. Returns the result line. */
async function commitWithProgress(page: Page): Promise<string> {
  await page.getByRole("button", { name: /确认导入/ }).click();
  const progress = page.getByTestId("import-progress");
  await progress.waitFor();
  await expect.poll(async () => progress.locator(".ant-progress").getAttribute("aria-valuenow"), { timeout: 60_000 }).toBe("100");
  const result = page.getByTestId("import-result");
  await result.waitFor();
  return result.innerText();
}

describe("S-LABOR registry in the browser (import, history, reveal, export, statistics)", () => {
  // Same seed: the persons are identical; the first file carries realistic mistakes in about 12 % of its rows.
  const opts = { count: 50, seed: 61, regionPrefix: "422801001" };
  const bad = [...generateRows({ ...opts, badFraction: 0.12 })];
  const good = [...generateRows(opts)];
  const header = good[0]!;
  const col = (label: string) => header.indexOf(label);
  const spoiled = bad.slice(1).filter((r, i) => r.join("|") !== good[i + 1]!.join("|")).length;
  // The person whose record changes on the second import: a row unspoiled in the first file, its 身份证号 unique there.
  const target = good.findIndex((r, i) => i > 0 && r.join("|") === bad[i]!.join("|") && bad.filter((b) => b[col("身份证号")] === r[col("身份证号")]).length === 1);
  const person = { id: good[target]![col("身份证号")]!, name: good[target]![col("姓名")]!, education: good[target]![col("文化程度")]! };
  const newEducation = person.education === "高中" ? "初中" : "高中";
  const fixed = good.map((r, i) => (i === target ? r.map((c, k) => (k === col("文化程度") ? newEducation : c)) : r));
  const fileBad = path.join(dir, "舞阳坝街道劳动力调查表.xlsx");
  const fileFixed = path.join(dir, "舞阳坝街道劳动力调查表（更正）.xlsx");

  it("a township 信息采集员 imports a generated xlsx with its progress bar, gets the error report, fixes it, searches and opens a record's history", async () => {
    expect(spoiled).toBeGreaterThan(0);
    expect(target).toBeGreaterThan(0);
    await writeXlsx(fileBad, bad);
    await writeXlsx(fileFixed, fixed);

    const { context, page } = await platform.e2e.loginAs("舞阳坝街道信息采集员");
    const menu = await openLaborMenu(page);
    // P9: the menu shows what the position allows — import and search, no statistics.
    await menu.getByRole("link", { name: "批量导入" }).click();
    await page.getByRole("heading", { name: "批量导入" }).waitFor();
    expect(await menu.getByRole("link", { name: "统计分析" }).count()).toBe(0);

    // The template.
    const tpl = await downloadOf(page, () => page.getByRole("button", { name: /下载模板/ }).click());
    const tplRows = await sheetRows(tpl);
    expect(tplRows.flat().join(" ")).toContain("身份证号");

    // Upload → preview: counts, the first errors, the error report.
    await uploadAndPreview(page, fileBad);
    const panel = page.getByTestId("import-batch");
    await panel.getByText("有错误的行").waitFor();
    const errorsTable = page.getByTestId("import-errors");
    await errorsTable.waitFor();
    expect(await errorsTable.locator("tbody tr").count()).toBeGreaterThan(0);
    const report = await downloadOf(page, () => page.getByRole("button", { name: /下载错误报告/ }).click());
    const reportRows = await sheetRows(report);
    expect(reportRows.length).toBeGreaterThan(1);
    expect(reportRows.slice(1).flat().join(" ")).toMatch(/[\u4e00-\u9fff]/);

    // 确认导入: the commit runs on the server and the page follows its progress.
    const result = await commitWithProgress(page);
    const insertedFirst = Number(/新增 (\d+) 人/.exec(result)?.[1]);
    expect(insertedFirst).toBeGreaterThan(0);
    expect(insertedFirst).toBeLessThan(50);
    await shot(page, "labor-import.png");

    // Fix the errors: the corrected file brings the rejected rows in and changes one person's 文化程度.
    await page.getByRole("button", { name: /关\s*闭/ }).click();
    await uploadAndPreview(page, fileFixed);
    // Only warnings may remain: no row of the corrected file is in error.
    await page.getByTestId("import-batch").getByText("有错误的行").waitFor();
    const problems = page.getByTestId("import-errors");
    if (await problems.count()) expect(await problems.locator("tbody tr", { has: page.locator(".ant-tag", { hasText: "错误" }) }).allInnerTexts()).toEqual([]);
    const second = await commitWithProgress(page);
    expect(second).toContain(`新增 ${50 - insertedFirst} 人`);
    expect(second).toContain("更新 1 人");
    // The import history lists both batches.
    await expect.poll(async () => page.locator(".ant-table-row", { hasText: "舞阳坝街道劳动力调查表" }).count()).toBe(2);

    // Search: the registry holds all 50, 身份证号 masked.
    await menu.getByRole("link", { name: "人员信息" }).click();
    await page.getByRole("heading", { name: "人员信息" }).waitFor();
    await page.getByText("共 50 人").waitFor();
    // Masked as the notice shows it: the first 4 and last 4 characters (some residents hold numbers issued elsewhere).
    const masked = await page.getByTestId("id-masked").first().innerText();
    expect(masked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    await page.getByLabel("姓名").fill(person.name);
    await page.getByRole("button", { name: /查\s*询/ }).click();
    const row = page.locator(".ant-table-row", { hasText: `${person.id.slice(0, 4)}**********${person.id.slice(-4)}` });
    await row.waitFor();
    await shot(page, "labor-persons.png");

    // The record's change history: who, when, field, old → new.
    await row.click();
    await page.getByText("变更记录").waitFor();
    const change = page.getByTestId("person-history").locator("tbody tr", { hasText: "文化程度" });
    await change.waitFor();
    const text = await change.innerText();
    expect(text).toContain(person.education);
    expect(text).toContain(newEducation);
    expect(text).toContain("批量导入");
    // A 信息采集员 holds no labor.person.reveal-id.
    expect(await page.getByRole("button", { name: /查看完整身份证号/ }).count()).toBe(0);
    await context.close();
  });

  it("a county 信息审核员 reveals an ID with a reason (X2), exports masked, and reads the statistics by area", async () => {
    const { context, page } = await platform.e2e.loginAs("恩施市就业局操作员");
    const menu = await openLaborMenu(page);
    await menu.getByRole("link", { name: "人员信息" }).click();
    await page.getByLabel("姓名").fill(person.name);
    await page.getByRole("button", { name: /查\s*询/ }).click();
    const row = page.locator(".ant-table-row", { hasText: `${person.id.slice(0, 4)}**********${person.id.slice(-4)}` });
    await row.click();
    const idCell = page.getByTestId("person-id-number");
    await idCell.waitFor();
    expect(await idCell.innerText()).not.toBe(person.id);

    await page.getByRole("button", { name: /查看完整身份证号/ }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: /查\s*看/ }).click();
    await dialog.getByText("请填写查看原因").waitFor();
    await dialog.getByLabel("查看原因").fill("核对就业补贴申领人身份");
    await dialog.getByRole("button", { name: /查\s*看/ }).click();
    await expect.poll(async () => idCell.innerText()).toBe(person.id);
    await page.locator(".ant-modal-wrap").waitFor({ state: "hidden" });
    await shot(page, "labor-detail.png");

    // Export of the filtered list: xlsx, masked.
    await menu.getByRole("link", { name: "人员信息" }).click();
    await page.getByText("共 50 人").waitFor();
    // The region tree offers the county's own townships (P9); filtered to 舞阳坝街道, then exported.
    await page.getByLabel("地区").click();
    await page.getByLabel("地区").fill("舞阳坝");
    await page.locator(".ant-select-dropdown:visible .ant-select-tree-title", { hasText: "舞阳坝街道" }).click();
    expect(await page.locator(".ant-select-dropdown .ant-select-tree-title", { hasText: "巴东县" }).count()).toBe(0);
    await page.getByRole("button", { name: /查\s*询/ }).click();
    await page.getByText("共 50 人").waitFor();
    const exported = await downloadOf(page, () => page.getByRole("button", { name: /导\s*出/ }).click());
    const rows = await sheetRows(exported);
    const all = rows.flat().join(" ");
    expect(all).toContain(person.name);
    expect(all).not.toContain(person.id);
    expect(all).toContain(`${person.id.slice(0, 4)}**********${person.id.slice(-4)}`);

    // Statistics: 恩施市 by township, then 舞阳坝街道 by village.
    await menu.getByRole("link", { name: "统计分析" }).click();
    await page.getByRole("heading", { name: "统计分析" }).waitFor();
    await page.getByText(/登记 50 人/).waitFor();
    await page.locator("canvas").first().waitFor();
    await page.getByRole("tab", { name: "转移就业去向" }).click();
    await page.getByRole("columnheader", { name: "去向：省外" }).waitFor();
    // The bar chart by township and the pie of destinations.
    await expect.poll(async () => page.locator("canvas").count()).toBeGreaterThanOrEqual(2);
    await page.getByRole("tab", { name: "劳动力" }).click();
    await page.getByRole("columnheader", { name: "劳动力（劳动年龄内）" }).waitFor();
    await page.getByRole("link", { name: "舞阳坝街道" }).click();
    await page.getByRole("columnheader", { name: "村（社区）" }).waitFor();
    const totalRow = page.locator(".ant-table-row", { hasText: "合计" });
    expect((await totalRow.innerText()).split(/\s+/)).toContain("50");
    await page.waitForTimeout(1000); // the charts' entry animation
    await shot(page, "labor-stats.png");
    await context.close();
  });
});

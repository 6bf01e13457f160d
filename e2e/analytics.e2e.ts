/**
 * S-ANALYTICS in Chromium: a township 信息采集员 imports people; the 州 数据分析员 drills the dashboard 州 → 县 → 乡 → 村 by
 * clicking table rows (a number in a row opens its records instead), opens the records behind a number (as many as the number), and goes back by 返回上级 and the
 * breadcrumb; the targets page shows progress against the time schedule; the leaders' screen fills 1920×1080 and
 * refreshes itself; a township analyst's dashboard opens at their township. Screenshots in docs/screenshots/analytics-*.png.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { platformAndBrowser } from "./browser.js";
import { generateRows } from "../src/labor/generator.js";
import { divisionData } from "../src/core/org.js";

const platform = platformAndBrowser();
const dir = mkdtempSync(path.join(tmpdir(), "analytics-e2e-"));
const SHOTS = fileURLToPath(new URL("../docs/screenshots/", import.meta.url));
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name) });

const rowsOf = [...generateRows({ count: 80, seed: 77, regionPrefix: "422801001" })];
const villageCol = rowsOf[0]!.findIndex((h) => /常住地/.test(h));

async function importPeople(page: Page) {
  const file = path.join(dir, "舞阳坝街道调查表.xlsx");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("劳动力资源调查表");
  for (const r of rowsOf) ws.addRow(r);
  await wb.xlsx.writeFile(file);
  await page.goto(`${platform.server.url}/labor/import`);
  await page.getByRole("heading", { name: "批量导入" }).waitFor();
  await page.locator("input[type=file]").setInputFiles(file);
  await page.getByText("已校验，待确认").first().waitFor();
  await page.getByRole("button", { name: /确认导入/ }).click();
  await page.getByTestId("import-result").waitFor({ timeout: 60_000 });
}

const breadcrumb = (page: Page) => page.getByTestId("analytics-breadcrumb").innerText();

describe("S-ANALYTICS in the browser", () => {
  it("drill-down from 州 to a village and back, records behind a number, targets, the leaders' screen", async () => {
    const collector = await platform.e2e.loginAs("舞阳坝街道信息采集员");
    await importPeople(collector.page);
    await collector.context.close();

    const { context, page } = await platform.e2e.loginAs("州就业局数据分析员");
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(`${platform.server.url}/analytics`);
    await page.getByRole("heading", { name: "数据看板" }).waitFor();
    const table = page.getByTestId("analytics-table");
    await table.locator("tbody tr", { hasText: "恩施市" }).first().waitFor();
    expect(await breadcrumb(page)).toContain("恩施土家族苗族自治州");
    await page.getByTestId("analytics-bar").locator("canvas").first().waitFor();
    await shot(page, "analytics-prefecture.png");

    // 州 → 恩施市 → 舞阳坝街道 → the first village with people, each by clicking the table row.
    await table.locator("tbody tr", { hasText: "恩施市" }).first().locator("td").first().click();
    await page.getByTestId("analytics-breadcrumb").getByText("恩施市").waitFor();
    await table.locator("tbody tr", { hasText: "舞阳坝街道" }).first().locator("td").first().click();
    await page.getByTestId("analytics-breadcrumb").getByText("舞阳坝街道").waitFor();
    await shot(page, "analytics-township.png");
    const villageCode = rowsOf.slice(1).map((r) => r[villageCol]!).sort()[0]!;
    const village = divisionData().villages.find((v) => v.code === villageCode || v.name === villageCode)!;
    await table.locator("tbody tr", { hasText: village.name }).first().locator("td").first().click();
    await page.getByTestId("analytics-breadcrumb").getByText(village.name).waitFor();
    expect(await breadcrumb(page)).toMatch(/自治州.*恩施市.*舞阳坝街道.*/s);

    // The records behind the village's 劳动力资源总数: as many rows as the number.
    const kpi = page.getByTestId("kpi-labor.persons");
    const value = Number((await kpi.locator(".ant-statistic-content-value").innerText()).replace(/[^\d]/g, ""));
    expect(value).toBeGreaterThan(0);
    await kpi.click();
    const total = page.getByTestId("records-total");
    await expect.poll(async () => Number(await total.innerText())).toBe(value);
    await shot(page, "analytics-records.png");
    await page.keyboard.press("Escape");

    // Back: 返回上级 to the township, the breadcrumb to the 州.
    await page.getByRole("button", { name: /返回上级/ }).click();
    await expect.poll(async () => breadcrumb(page)).not.toContain(village.name);
    await page.getByTestId("analytics-breadcrumb").getByText("恩施土家族苗族自治州").click();
    await table.locator("tbody tr", { hasText: "利川市" }).first().waitFor();
    expect(await breadcrumb(page)).not.toContain("恩施市");

    // Targets against the time schedule (the demo's targets for this year).
    await page.goto(`${platform.server.url}/analytics/targets`);
    await page.getByTestId("schedule").waitFor();
    await page.getByTestId("targets-table").locator("tbody tr.ant-table-row").first().waitFor();
    expect(await page.getByTestId("targets-table").innerText()).toMatch(/正常|滞后|严重滞后/);
    await page.getByRole("button", { name: /下载Excel模板/ }).waitFor();
    await shot(page, "analytics-targets.png");

    // The leaders' screen at 1920×1080: full screen, self-refreshing.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${platform.server.url}/analytics/screen`);
    const screen = page.getByTestId("leader-screen");
    await screen.waitFor();
    await expect.poll(async () => page.getByTestId("screen-updated").innerText()).toMatch(/数据更新于 \d\d:\d\d:\d\d/);
    const box = await screen.boundingBox();
    expect(box?.width).toBe(1920);
    expect(box?.height).toBe(1080);
    await page.waitForTimeout(800);
    await shot(page, "analytics-screen.png");
    await page.getByRole("button", { name: /退出大屏/ }).click();
    await page.getByRole("heading", { name: "数据看板" }).waitFor();
    await context.close();

    // A township analyst's dashboard opens at the township and goes no higher.
    const t = await platform.e2e.loginAs("恩施市舞阳坝街道数据分析员");
    await t.page.goto(`${platform.server.url}/analytics`);
    await t.page.getByTestId("analytics-table").locator("tbody tr.ant-table-row").first().waitFor();
    expect(await t.page.getByTestId("analytics-breadcrumb").innerText()).toBe("舞阳坝街道");
    expect(await t.page.getByRole("button", { name: /返回上级/ }).count()).toBe(0);
    await t.page.goto(`${platform.server.url}/analytics?region=422801002`);
    await t.page.getByText(/不在您的数据范围内/).first().waitFor();
    await t.context.close();
  });
});

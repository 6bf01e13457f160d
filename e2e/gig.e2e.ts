/**
 * Issue #16 (S-GIG station side) in Chromium, through the real pages: a township station operator at 舞阳坝街道
 * registers a worker (零工登记), reviews a waiting posting in 岗位审核 (publishes it), opens it and sees the worker
 * recommended with 为什么推荐, puts them forward and hires them, records check-in and check-out, settles and records
 * the employer's payment; a county operator reads 零工统计 (charts). Screenshots to e2e/artifacts/ (kept ones in
 * docs/screenshots/gig-*.png).
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { dropdownsClosed, platformAndBrowser, shot } from "./browser.js";
import { makeIdNumber } from "../src/core/idcard.js";

const platform = platformAndBrowser();

async function snap(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await shot(page, name);
}
async function openGigMenu(page: Page) {
  const menu = page.getByTestId("main-menu");
  await menu.locator(".ant-menu-submenu-title", { hasText: "零工驿站" }).click();
  await menu.getByRole("link", { name: "零工列表" }).waitFor();
  return menu;
}

// A fresh number per attempt (a retried attempt must not meet the worker it registered before).
let attempt = 0;
const newWorker = () => ({ name: `向山林${"甲乙丙"[attempt++ % 3]}`, id: makeIdNumber("422801", "19780412", 100 + ((Date.now() + attempt * 7) % 800)) });

describe("S-GIG station side in the browser", () => {
  it("a township station operator registers a worker, reviews a posting, hires, records attendance and settlement", async () => {
    const worker = newWorker();
    const { context, page } = await platform.e2e.loginAs("舞阳坝街道零工驿站操作员");
    const menu = await openGigMenu(page);

    // ---- 零工登记
    await menu.getByRole("link", { name: "零工登记" }).click();
    await page.getByText("登记方式").waitFor();
    await page.getByLabel("姓名").fill(worker.name);
    await page.getByLabel("身份证号").fill(worker.id);
    await page.getByLabel("联系电话").fill("13912345678");
    await dropdownsClosed(page);
    const village = page.getByLabel("居住地");
    await village.click();
    await village.fill("官坡");
    await page.locator(".ant-select-dropdown:visible .ant-select-tree-title", { hasText: "官坡社区居委会" }).first().click();
    await dropdownsClosed(page);
    await page.getByLabel("技能").click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: /^搬运$/ }).click();
    await dropdownsClosed(page);
    await page.getByLabel("长期待工").check();
    await snap(page, "gig-worker-register.png");
    await page.getByRole("button", { name: /^登\s*记$/ }).click();
    await page.getByText(`零工详情：${worker.name}`).waitFor();
    await page.getByText(`${worker.id.slice(0, 4)}**********${worker.id.slice(-4)}`).waitFor();

    // ---- 岗位审核: the waiting 搬运工 posting of 舞阳坝街道
    await menu.getByRole("link", { name: "岗位审核" }).click();
    const row = page.locator(".ant-table-row", { hasText: "搬运工" }).first();
    await row.waitFor();
    const href = await row.getByRole("link").first().getAttribute("href");
    expect(href).toMatch(/^\/gig\/postings\/\d+$/);
    await snap(page, "gig-review.png");
    await row.getByRole("button", { name: /通\s*过/ }).click();
    await page.getByLabel("审核意见").fill("已核实用工主体与工资标准");
    await page.getByRole("button", { name: /通过并发布/ }).click();
    await page.getByText("岗位已发布").waitFor();

    // ---- 岗位详情: the new worker is recommended, with 为什么推荐
    await page.goto(`${platform.server.url}${href}`);
    await page.getByText("推荐零工", { exact: true }).waitFor();
    const rec = page.locator(".ant-table-row", { hasText: worker.name });
    await rec.waitFor();
    await rec.getByText("困难零工优先（长期待工）").waitFor();
    await rec.getByText(/距离：同(村|乡镇)/).waitFor();
    await snap(page, "gig-posting-recommend.png");
    await rec.getByRole("button", { name: /报\s*名/ }).click();
    await page.getByText("已报名，待确认录用").waitFor();

    // ---- 录用与考勤
    const app = page.locator(".ant-table-row", { hasText: worker.name }).filter({ hasText: "待确认" });
    await app.getByRole("button", { name: /录\s*用/ }).click();
    await page.getByText(/^已录用/).first().waitFor();
    const hired = page.locator(".ant-table-row", { hasText: worker.name }).filter({ hasText: "已录用" });
    await hired.getByRole("button", { name: /签\s*到/ }).click();
    await page.locator(".ant-modal-title", { hasText: "签到" }).waitFor();
    await page.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("已签到").waitFor();
    await hired.getByRole("button", { name: /签\s*退/ }).click();
    await page.locator(".ant-modal-title", { hasText: "签退" }).waitFor();
    await page.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("已签退").waitFor();

    // ---- 结算 and the employer's payment (recorded; the platform holds no money)
    await hired.getByRole("button", { name: /完工结算/ }).click();
    await page.getByText(/已完工结算/).waitFor();
    const done = page.locator(".ant-table-row", { hasText: worker.name }).filter({ hasText: "已完成" });
    await done.getByRole("button", { name: /记录支付/ }).click();
    await page.locator(".ant-modal-title", { hasText: "记录支付" }).waitFor();
    await page.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("支付已记录").waitFor();
    await done.getByText("已付清").waitFor();
    await snap(page, "gig-attendance-settlement.png");

    // The settlement list shows it.
    await (await openGigMenu(page)).getByRole("link", { name: "工资结算" }).click();
    await page.locator(".ant-table-row", { hasText: worker.name }).first().waitFor();
    await context.close();
  });

  it("a county operator reads 零工统计", async () => {
    const { context, page } = await platform.e2e.loginAs("恩施市就业局操作员");
    const menu = await openGigMenu(page);
    await menu.getByRole("link", { name: "零工统计" }).click();
    await page.getByText("服务漏斗").waitFor();
    await page.getByText("求人倍率（按行业）").waitFor();
    await page.locator("canvas").first().waitFor();
    await page.waitForTimeout(800);
    await snap(page, "gig-stats.png");
    await menu.getByRole("link", { name: "驿站名录" }).click();
    await page.getByText("恩施市零工驿站（总站）").waitFor();
    await snap(page, "gig-stations.png");
    await context.close();
  });
});

/**
 * Issue 19 (S-CASES) in Chromium: the warning board of 恩施市 (large type, refreshing itself), a window's appeal of a
 * card decided by the county's 办件监督员 (撤销), and a 差评 follow-up taken from 预审 through 领导签字 to its callback.
 * Screenshots go to e2e/artifacts/ (the kept ones in docs/screenshots/cases-*.png).
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { platformAndBrowser, shot } from "./browser.js";

const platform = platformAndBrowser();

async function snap(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await shot(page, name);
}

/** Fill the open modal's textarea and press its OK button. */
async function modalSubmit(page: Page, text: string, ok: RegExp) {
  const dialog = page.locator(".ant-modal:visible");
  await dialog.locator("textarea").fill(text);
  await dialog.getByRole("button", { name: ok }).click();
}

describe("S-CASES in the browser (预警看板, 红黄牌申诉, 差评整改)", () => {
  it("the board, an appeal decided, and a 差评 follow-up to its callback", async () => {
    const url = platform.server.url;
    // ---- The window staff member: the board of the county, then the cards of the windows they answer for.
    const staff = await platform.e2e.loginAs("恩施市人社窗口工作人员");
    const page = staff.page;
    await page.goto(`${url}/cases/board`);
    await page.getByRole("heading", { name: "办件预警看板" }).waitFor();
    await expect.poll(async () => Number(await page.getByTestId("board-在办").innerText()), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(Number(await page.getByTestId("board-黄牌").innerText()) + Number(await page.getByTestId("board-红牌").innerText())).toBeGreaterThan(0);
    await page.getByText("每 30 秒自动刷新").waitFor();
    await snap(page, "cases-board.png");

    await page.goto(`${url}/cases/cards`);
    await page.getByRole("heading", { name: "红黄牌" }).waitFor();
    const row = page.locator(".ant-table-row", { has: page.getByRole("button", { name: /申\s*诉/ }) }).first();
    await row.waitFor();
    const projid = (await row.locator("a").first().innerText()).trim();
    await row.getByRole("button", { name: /申\s*诉/ }).click();
    await modalSubmit(page, "该办件补正材料期间应计入特别程序，实际未超期", /提交申诉/);
    await page.getByText("申诉已提交").waitFor();
    await page.locator(".ant-table-row", { hasText: projid }).getByText("申诉中").waitFor();
    await snap(page, "cases-cards-appeal.png");

    // ---- The county's 办件监督员 decides the appeal: 撤销.
    const sup = await platform.e2e.loginAs("恩施市办件监督员");
    await sup.page.goto(`${url}/cases/cards`);
    await sup.page.getByRole("heading", { name: "红黄牌" }).waitFor();
    const appealed = sup.page.locator(".ant-table-row", { hasText: projid });
    await appealed.getByRole("button", { name: /处理申诉/ }).click();
    const dialog = sup.page.locator(".ant-modal:visible");
    await dialog.getByText("撤销红黄牌").click();
    await modalSubmit(sup.page, "经核实补正材料期间应暂停计时，撤销", /确\s*定/);
    await sup.page.getByText("已处理").waitFor();
    await sup.page.locator(".ant-segmented-item", { hasText: /^全部$/ }).click();
    await sup.page.locator(".ant-table-row", { hasText: projid }).getByText("已撤销").waitFor();
    await snap(sup.page, "cases-cards-decided.png");
    await sup.context.close();

    // ---- 差评整改: the staff member takes a 差评 from 预审 to 领导签字.
    await page.goto(`${url}/cases/reviews`);
    await page.getByRole("heading", { name: "差评整改" }).waitFor();
    const first = page.locator(".ant-table-row", { hasText: "预审" }).first();
    await first.waitFor();
    const fproj = (await first.locator("td").nth(1).innerText()).trim();
    const fRow = () => page.locator(".ant-table-row", { hasText: fproj });
    await fRow().locator(".ant-table-row-expand-icon").click();
    const step = async (p: Page, stage: string) => {
      const box = p.getByLabel("办理意见");
      await box.waitFor();
      await box.fill(`${stage}：已处理`);
      await p.getByRole("button", { name: new RegExp(`提交${stage}`) }).click();
      await p.locator(".ant-table-row", { hasText: fproj }).waitFor();
    };
    await step(page, "预审");
    await expect.poll(async () => fRow().innerText()).toContain("恶意差评核查");
    await step(page, "恶意差评核查");
    await expect.poll(async () => fRow().innerText()).toContain("核实");
    await step(page, "核实");
    await expect.poll(async () => fRow().innerText()).toContain("整改或解释说明");
    await step(page, "整改或解释说明");
    await expect.poll(async () => fRow().innerText()).toContain("领导签字");
    await page.getByText("待负责人签字").waitFor();
    await staff.context.close();

    // ---- The leader signs off and makes the callback (the evaluator's satisfaction with the fix).
    const leader = await platform.e2e.loginAs("恩施市人社窗口负责人");
    const lp = leader.page;
    await lp.goto(`${url}/cases/reviews`);
    await lp.getByRole("heading", { name: "差评整改" }).waitFor();
    const lRow = () => lp.locator(".ant-table-row", { hasText: fproj });
    await lRow().locator(".ant-table-row-expand-icon").click();
    await step(lp, "领导签字");
    await expect.poll(async () => lRow().innerText()).toContain("回访");
    await lp.getByText("满意", { exact: true }).click();
    await step(lp, "回访");
    await expect.poll(async () => lRow().innerText()).toContain("答复");
    await snap(lp, "cases-reviews.png");
    await leader.context.close();
  });
});

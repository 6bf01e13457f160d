/**
 * End-to-end in Debian's Chromium (issue 2 §9): the login page shows a real QR code, the e-SSC simulator page (the
 * citizen's phone) scans and confirms it, and the main layout shows only what the account may use (P1, P3, P4, P9).
 * Screenshots go to e2e/artifacts/.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { platformAndBrowser, ARTIFACTS, shot } from "./browser.js";
import { makeIdNumber } from "../src/core/idcard.js";

const platform = platformAndBrowser();

const identity = (labelPart: string) => platform.e2e.identity(labelPart);
const newContext = () => platform.e2e.newContext();
const openLogin = async (page: Page) => {
  const content = await platform.e2e.openLogin(page);
  expect(content).toMatch(/^esscqr:\/\/login\?app=enshi-labor&t=/);
  await page.getByRole("heading", { name: "恩施州劳动力资源信息平台" }).waitFor();
  return content;
};
const scanAndConfirm = (sim: Page, qr: string, label: string, opts: { screenshot?: string } = {}) => platform.e2e.scanAndConfirm(sim, qr, label, opts);
const loginAs = async (context: Awaited<ReturnType<typeof newContext>>, label: string) => {
  const page = await context.newPage();
  const qr = await openLogin(page);
  const sim = await context.newPage();
  await scanAndConfirm(sim, qr, label);
  await sim.close();
  await page.getByTestId("account-name").waitFor({ timeout: 15_000 });
  return page;
};
const menuText = async (page: Page) => (await page.getByTestId("main-menu").innerText()).replace(/\s+/g, " ");

describe("web shell in Chromium (P3, P4, P9)", () => {
  it("P3: QR login through the e-SSC simulator as 州级账户管理员（A角）, then the layout with 系统管理", async () => {
    const context = await newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy|Refused to/.test(m.text())) errors.push(m.text());
    });

    const qr = await openLogin(page);
    await page.getByRole("link", { name: /打开电子社保卡模拟器（演示）/ }).waitFor();
    await shot(page, "login.png");

    const sim = await context.newPage();
    await scanAndConfirm(sim, qr, "州级账户管理员（A角）", { screenshot: "simulator.png" });
    await sim.getByText("已确认登录").waitFor();

    const me = identity("州级账户管理员（A角）");
    await page.getByTestId("account-name").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("account-name").innerText()).toBe(me.name);
    expect(await page.getByTestId("account-role").innerText()).toContain("账户管理员");
    expect(await page.getByTestId("account-org").innerText()).toContain("恩施土家族苗族自治州");
    expect(await page.getByTestId("greeting").innerText()).toContain(me.name);
    const menu = await menuText(page);
    expect(menu).toContain("系统管理");
    expect(menu).toContain("账户管理");
    expect(menu).toContain("审计日志");
    expect(menu).toContain("工作日历");
    expect(menu).toContain("我的账户");
    // P5: an account admin holds no business grant, so no subsystem is listed.
    expect(menu).not.toContain("劳动力资源信息库");
    // P6: 鹤峰县 has one account admin in the demo; the 州 account admin is told.
    expect(await page.getByTestId("ab-warning-counties").innerText()).toContain("鹤峰县");
    await shot(page, "home.png");

    // 账户管理: the list (masked 身份证号), then a new 州 operator through the form (P7(2)).
    await page.getByTestId("main-menu").getByRole("link", { name: "账户管理", exact: true }).click();
    await page.getByRole("button", { name: /新建账户/ }).waitFor();
    await page.locator(".ant-table-row").first().waitFor();
    const firstRow = await page.locator(".ant-table-row").first().innerText();
    expect(firstRow).toMatch(/\d{4}\*{10}[\dX]{4}/);
    await shot(page, "accounts.png");

    await page.getByRole("button", { name: /新建账户/ }).click();
    const drawer = page.getByRole("dialog").filter({ hasText: "新建账户" });
    await drawer.getByLabel("姓名").fill("田晓燕");
    await drawer.getByLabel("身份证号").fill(makeIdNumber("422801", "19900512", 224));
    await drawer.getByLabel("联系电话").fill("13907180000");
    await drawer.getByLabel("组织机构").click();
    await page.locator(".ant-select-tree-title", { hasText: /^恩施土家族苗族自治州$/ }).click();
    await drawer.getByLabel("角色").click();
    await page.locator(".ant-select-item-option", { hasText: "操作员" }).click();
    await drawer.getByLabel("申请表编号").fill("附件2-E2E-001");
    // Let the dropdowns finish closing before the picture.
    await page.waitForFunction(() => [...document.querySelectorAll(".ant-select-dropdown")].every((e) => !e.checkVisibility()));
    await page.screenshot({ path: path.join(ARTIFACTS, "accounts-new.png") });
    await drawer.getByRole("button", { name: /创\s*建/ }).click();
    await page.getByText(/已创建账户：田晓燕/).waitFor();
    // The 州 has more staff than one page since every module seeds its demo staff: find the new account by name.
    await page.getByPlaceholder("按姓名查询").fill("田晓燕");
    await page.getByPlaceholder("按姓名查询").press("Enter");
    await page.getByRole("cell", { name: "田晓燕" }).first().waitFor();

    // 审计日志: the creation is there, and the hash chain verifies (X1).
    await page.getByTestId("main-menu").getByRole("link", { name: "审计日志", exact: true }).click();
    await page.getByText("创建账户").first().waitFor();
    await page.getByRole("button", { name: /校验哈希链/ }).click();
    expect(await page.getByTestId("chain-result").innerText()).toContain("哈希链校验通过");
    await shot(page, "audit.png");

    // 工作日历 (X3) and 我的账户 (P4).
    await page.getByTestId("main-menu").getByRole("link", { name: "工作日历", exact: true }).click();
    await page.getByText("节假日与调休安排").waitFor();
    await shot(page, "calendar.png");
    // X3: a 州 account admin corrects one day (a PUT with the CSRF token), and the list shows it as 人工维护.
    await page.locator(".ant-table-row").first().getByRole("button", { name: /修\s*改/ }).click();
    const modal = page.getByRole("dialog").filter({ hasText: "修改工作日历" });
    await modal.getByLabel("名称").fill("人工核对的节假日");
    await modal.getByRole("button", { name: /保\s*存/ }).click();
    await page.getByRole("cell", { name: "人工核对的节假日" }).waitFor();
    expect(await page.getByRole("row").filter({ hasText: "人工核对的节假日" }).innerText()).toContain("人工维护");
    await page.getByTestId("main-menu").getByRole("link", { name: "我的账户", exact: true }).click();
    await page.getByText("我的会话与登录记录").waitFor();
    await page.locator(".ant-tag", { hasText: "当前会话" }).waitFor();
    await shot(page, "my-account.png");

    expect(errors).toEqual([]);
    await context.close();
  });

  it("P9: a township 信息采集员 sees only 劳动力资源信息库 and no 系统管理", async () => {
    const context = await newContext();
    const label = identity("信息采集员").label;
    const page = await loginAs(context, label);
    const menu = await menuText(page);
    expect(menu).toContain("劳动力资源信息库");
    for (const other of ["共享用工", "零工驿站", "人社数据分析", "办件分析预警", "系统管理", "账户管理", "审计日志"]) {
      expect(menu).not.toContain(other);
    }
    expect(await page.getByTestId("account-role").innerText()).toContain("操作员");
    // The subsystem's own pages (S-LABOR): its position opens 人员信息.
    await page.getByTestId("main-menu").locator(".ant-menu-submenu-title", { hasText: "劳动力资源信息库" }).click();
    await page.getByTestId("main-menu").getByRole("link", { name: "人员信息", exact: true }).click();
    await page.getByRole("heading", { name: "人员信息" }).waitFor();
    await shot(page, "township-operator.png");
    // A page outside the grants is refused by the shell too.
    await page.goto(`${platform.server.url}/gov/accounts`);
    await page.getByText("无权访问").waitFor();

    // P4: a login elsewhere ends this session, and this browser is told why on its next request.
    const other = await newContext();
    await loginAs(other, label);
    await page.goto(`${platform.server.url}/me`);
    await page.getByTestId("session-ended-reason").waitFor();
    await page.getByText("待扫码").waitFor();
    expect(await page.getByTestId("session-ended-reason").innerText()).toContain("已在其他设备或浏览器登录");
    await shot(page, "session-replaced.png");
    await other.close();
    await context.close();
  });

  it("P3: a person without an account is refused with a clear message", async () => {
    const context = await newContext();
    const page = await context.newPage();
    const qr = await openLogin(page);
    const sim = await context.newPage();
    await scanAndConfirm(sim, qr, identity("无平台账户").label);
    await sim.getByText("登录未成功").waitFor();
    await page.getByTestId("login-problem").waitFor();
    expect(await page.getByTestId("login-problem").innerText()).toContain("尚未开通本平台账户");
    await context.close();
  });
});

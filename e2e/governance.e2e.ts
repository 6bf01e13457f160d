/**
 * Issue 3 in Chromium (P5–P9, P12, P13): separation of duties through the real pages. A 州 account admin creates a
 * 县 permission admin for 恩施市; the 州 permission admin grants it the 零工驿站 subsystem; the 恩施市 account admin creates
 * a township operator in 舞阳坝街道; the new 县 permission admin — logging in with the e-SSC simulator by typing 姓名 and
 * 身份证号 — grants that operator the 驿站管理员 position; the operator logs in and sees only the 零工驿站 subsystem.
 * Along the way: both ledgers on screen and as Excel, positions, the idle-account clean-up, the permission-log review,
 * an access review campaign, and a P13 leave and return (with the server's refusal shown in the dialog).
 * Screenshots go to e2e/artifacts/.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { dropdownsClosed, platformAndBrowser, E2E, shot } from "./browser.js";
import { makeIdNumber } from "../src/core/idcard.js";

const platform = platformAndBrowser();

/** The new people of this test (not demo cards: they log in by typing their identity on the simulator). */
const countyPA = { name: "覃思远", idNumber: makeIdNumber("422801", "19860315", 317), phone: "13972160001" };
const operator = { name: "向晓琳", idNumber: makeIdNumber("422801", "19930708", 428), phone: "13972160002" };
let operatorId = 0;

afterAll(async () => {
  if (problems.length) console.log(`browser console:\n${[...new Set(problems)].join("\n")}`);
});

const chinaDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + offsetDays * 86_400_000));
const menuText = async (page: Page) => (await page.getByTestId("main-menu").innerText()).replace(/\s+/g, " ");
const dialog = (page: Page, title: string | RegExp) => page.getByRole("dialog").filter({ hasText: title });
/** Page errors and console errors of every page this file opens (React and antd warnings included). */
const problems: string[] = [];
function watch<T extends { page: Page }>(s: T): T {
  s.page.on("pageerror", (e) => problems.push(`pageerror: ${String(e)}`));
  s.page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text().slice(0, 300)}`);
  });
  return s;
}

/** A full-page screenshot from the top (the sticky header stays where it belongs). */
async function snap(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  await shot(page, name);
}

/** Log in through the simulator by typing 姓名 and 身份证号 (手动输入身份): the way a person without a demo card does. */
async function loginTyped(person: { name: string; idNumber: string }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await platform.e2e.newContext();
  const page = await context.newPage();
  const qr = await platform.e2e.openLogin(page);
  const sim = await context.newPage();
  await sim.goto(`${platform.server.url}/essc-sim`);
  await sim.getByTestId("sim-qr-input").fill(qr);
  await sim.getByRole("button", { name: /扫\s*码/ }).click();
  await sim.getByRole("button", { name: /确认登录/ }).waitFor();
  await sim.getByText("手动输入身份").click();
  await sim.getByLabel("姓名").fill(person.name);
  await sim.getByLabel("身份证号").fill(person.idNumber);
  await sim.getByRole("button", { name: /确认登录/ }).click();
  await sim.getByText("已确认登录").waitFor();
  await sim.close();
  await page.getByTestId("account-name").waitFor({ timeout: 15_000 });
  expect(await page.getByTestId("account-name").innerText()).toBe(person.name);
  return { context, page };
}

/** Pick an option of an antd Select inside a container, found by its label; checked, and retried while animations settle. */
async function pick(page: Page, scope: ReturnType<Page["getByRole"]>, label: string, option: string) {
  const field = scope.locator(".ant-form-item").filter({ has: page.getByLabel(label, { exact: true }) });
  for (let attempt = 0; attempt < 3; attempt++) {
    await dropdownsClosed(page);
    await scope.getByLabel(label, { exact: true }).click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option:not(.ant-select-item-option-disabled)", { hasText: option }).first().click();
    await dropdownsClosed(page);
    if ((await field.innerText()).includes(option)) return;
  }
  throw new Error(`could not pick ${option} in ${label}`);
}

/** 账户管理 → search by name → the account's detail page. */
async function openAccount(page: Page, name: string) {
  await page.goto(`${platform.server.url}/gov/accounts`);
  await page.getByPlaceholder("按姓名查询").fill(name);
  await page.getByPlaceholder("按姓名查询").press("Enter");
  await page.locator(".ant-table-row").getByRole("link", { name, exact: true }).click();
  await page.getByTestId("account-detail-name").filter({ hasText: name }).waitFor();
}

/** The new account admin form of 账户管理 (AccountsPage). */
async function createAccount(page: Page, p: { name: string; idNumber: string; phone: string }, org: string, role: string, formRef: string) {
  await page.goto(`${platform.server.url}/gov/accounts`);
  await page.getByRole("button", { name: /新建账户/ }).click();
  const drawer = page.getByRole("dialog").filter({ hasText: "新建账户" });
  await drawer.getByLabel("姓名").fill(p.name);
  await drawer.getByLabel("身份证号").fill(p.idNumber);
  await drawer.getByLabel("联系电话").fill(p.phone);
  const orgField = drawer.locator(".ant-form-item").filter({ has: page.getByLabel("组织机构") });
  for (let attempt = 0; attempt < 3 && !(await orgField.innerText()).includes(org); attempt++) {
    await drawer.getByLabel("组织机构").click();
    await drawer.getByLabel("组织机构").pressSequentially(org);
    await page.locator(".ant-select-dropdown:visible .ant-select-tree-title", { hasText: new RegExp(`^${org}$`) }).click();
    await dropdownsClosed(page).catch(() => page.keyboard.press("Escape"));
  }
  expect(await orgField.innerText()).toContain(org);
  await pick(page, drawer, "角色", role);
  await drawer.getByLabel("申请表编号").fill(formRef);
  await dropdownsClosed(page);
  await drawer.getByRole("button", { name: /创\s*建/ }).click();
  const done = page.getByText(new RegExp(`已创建账户：${p.name}`));
  const problem = drawer.locator("[data-testid=new-account-problem], .ant-form-item-explain-error");
  await done.or(problem).first().waitFor();
  if (!(await done.isVisible())) {
    await shot(page, "failure-create-account.png");
    throw new Error(`account not created: ${(await problem.allInnerTexts()).join(" / ")}`);
  }
}

/** Download through the page's 导出Excel button and return every cell's text of the named sheet. */
async function exportedSheet(page: Page, sheet: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /导出Excel/ }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${sheet}-.+\\.xlsx$`));
  const file = path.join(mkdtempSync(path.join(tmpdir(), "e2e-gov-")), "ledger.xlsx");
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  expect(ws, `sheet ${sheet}`).toBeTruthy();
  const texts: string[] = [];
  ws!.eachRow((row) => row.eachCell((c) => texts.push(String(c.text))));
  return texts.join("|");
}

describe("issue 3 in Chromium: two people for every working operator (P5–P9, P12, P13)", () => {
  it("P7(1): the 州 account admin creates a 县 permission admin; account detail, 账户管理台账 and clean-up", async () => {
    const { context, page } = watch(await platform.e2e.loginAs("州级账户管理员（A角）"));
    const menu = await menuText(page);
    for (const item of ["账户管理台账", "长期未登录账户清理", "人员离岗登记", "岗位管理"]) expect(menu).toContain(item);
    // P7/P8: an account admin keeps no permission ledger, reviews no log, starts no campaign.
    for (const item of ["权限管理台账", "权限日志审查", "权限复核"]) expect(menu).not.toContain(item);

    await createAccount(page, countyPA, "恩施市", "权限管理员", "附件1-E2E-001");
    await openAccount(page, countyPA.name);
    expect(await page.getByTestId("account-detail-status").innerText()).toBe("正常");
    expect(await page.locator(".ant-descriptions").innerText()).toMatch(/4228\*{10}[\dX]{4}/); // X2: masked
    for (const b of [/修\s*改/, /停\s*用$/, /变更角色/, /调\s*动/, /登记离岗/, /注\s*销/]) await page.getByRole("button", { name: b }).first().waitFor();
    // P7: an account admin never grants.
    expect(await page.getByRole("button", { name: /授予/ }).count()).toBe(0);
    await page.getByRole("tab", { name: /变更记录/ }).click();
    await page.getByRole("cell", { name: "附件1-E2E-001" }).waitFor();
    // P5: the role-kind change warns that the old rights go first; cancelled here.
    await page.getByRole("button", { name: /变更角色/ }).click();
    await dialog(page, "变更角色类型").getByText("变更角色类型将先撤销原角色的全部权限").waitFor();
    await dialog(page, "变更角色类型").getByRole("button", { name: /取\s*消/ }).click();
    await page.getByRole("tab", { name: /授权记录/ }).click();
    await snap(page, "account-detail.png");

    // 账户管理台账 (P7(3)): on screen and as Excel.
    await page.getByTestId("main-menu").getByRole("link", { name: "账户管理台账" }).click();
    await page.locator(".ant-table-row", { hasText: countyPA.name }).first().waitFor();
    expect(await page.locator(".ant-table-row", { hasText: countyPA.name }).first().innerText()).toContain("附件1-E2E-001");
    const xlsx = await exportedSheet(page, "账户管理台账");
    expect(xlsx).toContain(countyPA.name);
    expect(xlsx).toContain("附件1-E2E-001");
    expect(xlsx).not.toContain(countyPA.idNumber); // X2: masked in the export too
    await snap(page, "ledger-accounts.png");

    // P7(4): the 州 sets the idle threshold and scans now.
    await page.getByTestId("main-menu").getByRole("link", { name: "长期未登录账户清理" }).click();
    await page.getByLabel("长期未登录天数").fill("60");
    await page.getByRole("button", { name: /保\s*存/ }).click();
    await page.getByText("长期未登录天数已设为 60 天").waitFor();
    await page.getByRole("button", { name: /立即扫描/ }).click();
    await page.getByTestId("cleanup-last-scan").filter({ hasText: "手动" }).waitFor();
    expect(await page.getByTestId("cleanup-last-scan").innerText()).toContain("阈值 60 天");
    await page.getByRole("button", { name: /停用所选/ }).waitFor();
    await snap(page, "cleanup.png");
    await context.close();
  });

  it("P8(1), P12: the 州 permission admin grants it 零工驿站; positions, 权限管理台账, log review, review campaign", async () => {
    const { context, page } = watch(await platform.e2e.loginAs("州级权限管理员"));
    const menu = await menuText(page);
    for (const item of ["权限管理台账", "权限日志审查", "权限复核", "岗位管理"]) expect(menu).toContain(item);
    for (const item of ["账户管理台账", "长期未登录账户清理", "人员离岗登记"]) expect(menu).not.toContain(item);

    await openAccount(page, countyPA.name);
    // P8: a permission admin never changes accounts.
    expect(await page.getByRole("button", { name: /停\s*用$|修\s*改|变更角色|调\s*动/ }).count()).toBe(0);
    await page.getByRole("button", { name: /授予子系统管理权限/ }).click();
    const grant = dialog(page, "授予子系统管理权限");
    await pick(page, grant, "子系统", "零工驿站子系统");
    await grant.getByLabel("申请表编号").fill("附件1-E2E-001 第1行");
    await grant.getByRole("button", { name: /授\s*予/ }).click();
    await page.getByText("已授予零工驿站子系统的权限管理").waitFor();
    await page.locator(".ant-table-row", { hasText: "子系统权限管理：零工驿站子系统" }).getByText("有效").waitFor();

    // 岗位管理 (P12): define a GIG position from the catalogue's Chinese names, then retire it.
    await page.getByTestId("main-menu").getByRole("link", { name: "岗位管理" }).click();
    await page.getByRole("button", { name: /设置岗位/ }).click();
    const np = dialog(page, "设置岗位");
    await pick(page, np, "子系统", "零工驿站子系统");
    await np.getByLabel("岗位名称").fill("驿站信息员");
    await np.getByRole("checkbox", { name: /查询零工信息/ }).check();
    await np.getByRole("checkbox", { name: /零工统计/ }).check();
    await np.getByRole("button", { name: /^设\s*置$/ }).click();
    await page.getByText("已设置岗位：驿站信息员").waitFor();
    const row = page.locator(".ant-table-row", { hasText: "驿站信息员" });
    await row.waitFor();
    expect(await row.innerText()).toContain("查询零工信息");
    expect(await page.locator(".ant-table-row", { hasText: "驿站管理员" }).first().innerText()).toContain("工资结算与劳动维权");
    await snap(page, "positions.png");
    await row.getByRole("button", { name: /停\s*用/ }).click();
    const retire = dialog(page, "停用岗位");
    await retire.getByLabel("停用原因").fill("试设岗位，不再使用");
    await retire.getByRole("button", { name: /^停\s*用$/ }).click();
    await page.getByText("已停用岗位：驿站信息员").waitFor();

    // 权限管理台账 (P8(3)): on screen and as Excel.
    await page.getByTestId("main-menu").getByRole("link", { name: "权限管理台账" }).click();
    const ledgerRow = page.locator(".ant-table-row", { hasText: countyPA.name }).first();
    await ledgerRow.waitFor();
    expect(await ledgerRow.innerText()).toContain("子系统权限管理：零工驿站子系统");
    const xlsx = await exportedSheet(page, "权限管理台账");
    expect(xlsx).toContain(countyPA.name);
    expect(xlsx).toContain("附件1-E2E-001 第1行");
    await snap(page, "ledger-permissions.png");

    // P8(4): the log review flags the seed's mass grants, shows the chart, and records a review.
    await page.getByTestId("main-menu").getByRole("link", { name: "权限日志审查" }).click();
    await page.getByTestId("log-review-reminder").waitFor();
    expect(await page.getByTestId("log-review-reminder").innerText()).toContain("从未审查");
    await page.getByTestId("anomaly-mass_grant").click();
    await page.locator(".ant-table-row", { hasText: "授予权限" }).first().waitFor();
    expect(await page.locator(".ant-table-row").first().innerText()).toContain("批量授权");
    await page.getByTestId("anomaly-mass_grant").click();
    await page.locator("canvas").first().waitFor();
    await page.getByLabel("审查发现").fill("初始配置期间州级权限管理员集中授权，属批量授权提示，已核实与申请表一致；未发现越权操作。");
    await page.getByRole("button", { name: /记录审查/ }).click();
    await page.getByText(/已记录审查/).waitFor();
    await page.getByRole("cell", { name: /初始配置期间州级权限管理员集中授权/ }).waitFor();
    await page.waitForTimeout(600); // let the chart finish its animation
    await snap(page, "log-review.png");

    // Access review campaign: start, confirm one item.
    await page.getByTestId("main-menu").getByRole("link", { name: "权限复核" }).click();
    await page.getByRole("button", { name: /发起复核/ }).click();
    await dialog(page, "发起权限复核").getByRole("button", { name: /^发\s*起$/ }).click();
    await page.getByText(/已发起权限复核，共 \d+ 项授权待复核/).waitFor();
    await page.getByText("复核条目").waitFor();
    expect(await page.locator(".ant-table-row", { hasText: countyPA.name }).first().innerText()).toContain("零工驿站子系统");
    await page.getByRole("button", { name: /确认保留/ }).first().click();
    await page.getByText(/已确认保留：/).waitFor();
    await page.locator(".ant-tag", { hasText: "确认保留 1" }).waitFor();
    // A revocation goes through the governed revokeGrant; closing lists what nobody answered.
    await page.locator(".ant-table-row").getByRole("button", { name: /撤\s*销/ }).first().click();
    const revoke = dialog(page, "撤销授权");
    await revoke.getByLabel("撤销说明").fill("已调离本岗位");
    await revoke.getByRole("button", { name: /^撤\s*销$/ }).click();
    await page.getByText(/已撤销：/).waitFor();
    await page.locator(".ant-tag", { hasText: "撤销 1" }).waitFor();
    await page.getByRole("button", { name: /结束复核/ }).click();
    await page.getByRole("dialog").filter({ hasText: "尚有" }).getByRole("button", { name: /结束复核/ }).click();
    await page.getByText(/已结束，未复核 \d+ 项/).waitFor();
    await page.getByText(/结束时未复核条目（\d+）/).waitFor();
    await snap(page, "campaign.png");
    await context.close();
  });

  it("P7(2), P6: the 恩施市 account admin creates a township operator in 舞阳坝街道", async () => {
    const { context, page } = watch(await platform.e2e.loginAs("恩施市账户管理员（A角）"));
    await createAccount(page, operator, "舞阳坝街道", "操作员", "附件2-E2E-001");
    await openAccount(page, operator.name);
    operatorId = Number(/\/gov\/accounts\/(\d+)/.exec(page.url())![1]);
    expect(operatorId).toBeGreaterThan(0);
    expect(await page.locator(".ant-descriptions").innerText()).toContain("舞阳坝街道");
    await context.close();
  });

  it("P8(2), P9: the new 县 permission admin grants the operator 驿站管理员 — only its own subsystem's positions are offered", async () => {
    const { context, page } = watch(await loginTyped(countyPA));
    expect(await page.getByTestId("account-role").innerText()).toContain("权限管理员");
    await openAccount(page, operator.name);
    await page.getByRole("button", { name: /授予岗位/ }).click();
    const grant = dialog(page, "授予岗位");
    await grant.getByLabel("岗位", { exact: true }).click();
    const options = page.locator(".ant-select-dropdown:visible");
    await options.getByText("驿站管理员（恩施市）").waitFor();
    const offered = await options.innerText();
    // P6: this admin holds GIG only, so no LABOR position is offered.
    expect(offered).not.toContain("信息采集员");
    await options.locator(".ant-select-item-option", { hasText: "驿站管理员（恩施市）" }).click();
    await grant.getByText("该岗位包含的功能权限").waitFor();
    await grant.getByLabel("申请表编号").fill("附件2-E2E-001 第1行");
    await dropdownsClosed(page);
    await grant.getByRole("button", { name: /授\s*予/ }).click();
    await page.getByText("已授予岗位：驿站管理员").waitFor();
    await page.locator(".ant-table-row", { hasText: "岗位：驿站管理员" }).getByText("有效").waitFor();
    await snap(page, "account-detail-granted.png");
    await context.close();
  });

  it("P9: the operator logs in and sees only the 零工驿站 subsystem", async () => {
    const { context, page } = watch(await loginTyped(operator));
    const menu = await menuText(page);
    expect(menu).toContain("零工驿站");
    for (const other of ["劳动力资源信息库", "共享用工", "人社数据分析", "办件分析预警", "系统管理", "账户管理"]) expect(menu).not.toContain(other);
    await snap(page, "gig-operator.png");
    await page.goto(`${platform.server.url}/gov/positions`);
    await page.getByText("无权访问").waitFor();
    await context.close();
  });

  it("P13: the county account admin records a 脱岗 and the return; the server's refusal is shown in the dialog", async () => {
    const { context, page } = watch(await platform.e2e.loginAs("恩施市账户管理员（A角）"));
    await page.goto(`${platform.server.url}/gov/accounts/${operatorId}`);
    await page.getByTestId("account-detail-name").waitFor();
    await page.getByRole("button", { name: /登记离岗/ }).click();
    const rec = dialog(page, "登记离岗/脱岗");
    await pick(page, rec, "类别", "脱岗（病假、产假等）");
    await rec.getByLabel("开始日期").fill(chinaDay());
    await rec.getByLabel("开始日期").press("Enter");
    await rec.getByLabel("预计结束日期").fill(chinaDay(30));
    await rec.getByLabel("预计结束日期").press("Enter");
    await rec.getByText(/脱岗满三个月仍未返岗的，系统自动清理/).waitFor();
    await rec.getByLabel("说明").fill("病假");
    await rec.getByRole("button", { name: /^登\s*记$/ }).click();
    await page.getByText(/已登记，账户已暂停/).waitFor();
    await page.getByTestId("account-detail-status").filter({ hasText: "暂停" }).waitFor();

    await page.getByTestId("main-menu").getByRole("link", { name: "人员离岗登记" }).click();
    const open = page.locator(".ant-table-row", { hasText: operator.name });
    await open.waitFor();
    expect(await open.innerText()).toContain("满三个月清理");
    await snap(page, "staff-status.png");

    await open.getByText("登记返岗").click();
    const ret = dialog(page, "登记返岗");
    await ret.getByLabel("返岗日期").fill(chinaDay(-1));
    await ret.getByLabel("返岗日期").press("Enter");
    await ret.getByRole("button", { name: /登记返岗/ }).click();
    // The server is the judge: a return before the start is refused, with its Chinese message, and nothing changes.
    await ret.getByTestId("action-problem").filter({ hasText: "早于开始日期" }).waitFor();
    await ret.getByLabel("返岗日期").fill(chinaDay());
    await ret.getByLabel("返岗日期").press("Enter");
    await ret.getByRole("button", { name: /登记返岗/ }).click();
    await page.getByText(/已登记返岗，账户已恢复/).waitFor();
    await page.goto(`${platform.server.url}/gov/accounts/${operatorId}`);
    await page.getByTestId("account-detail-status").filter({ hasText: "正常" }).waitFor();
    await page.getByRole("tab", { name: /变更记录/ }).click();
    await page.getByText("暂停（离岗、脱岗登记）").waitFor();
    await page.locator(".ant-tag", { hasText: /^返岗$/ }).waitFor();
    await context.close();
    // No script error on any page of this file (the one failed request is the refused return above).
    expect(problems.filter((p) => p.startsWith("pageerror"))).toEqual([]);
  });
});

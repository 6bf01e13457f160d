/**
 * Issue 6 (S-LABOR, X2, P9) in Chromium — entry by hand: a township 信息采集员 registers a person through 人员登记 (the
 * 身份证号 checked in the browser with sex and birth date shown, transfer fields once the person is at work), edits a
 * field and reads the history row, meets a concurrent edit (409: explained, reloaded), enters a household of two
 * through 入户调查（一户一表）, opens 数据质量 and follows a fix-list row to the edit form, fixes it and is back on the
 * list. Screenshots go to e2e/artifacts/ (the kept ones in docs/screenshots).
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { dropdownsClosed, platformAndBrowser, shot } from "./browser.js";
import { makeIdNumber } from "../src/core/idcard.js";
import { chinaDate } from "../src/core/calendar.js";
import { ageOn } from "../src/labor/record.js";

const platform = platformAndBrowser();

/** Open the LABOR submenu (subsystem sections start collapsed under 业务子系统). */
async function openLaborMenu(page: Page) {
  const menu = page.getByTestId("main-menu");
  await menu.locator(".ant-menu-submenu-title", { hasText: "劳动力资源" }).click();
  await menu.getByRole("link", { name: "人员信息" }).waitFor();
  return menu;
}


/** Pick the option named exactly `option` of the select labelled `label` (typing it first when the select searches); checked. */
async function choose(page: Page, label: string, option: string, opts: { search?: boolean } = {}) {
  const box = page.getByLabel(label);
  const select = page.locator(".ant-select", { has: box });
  for (let attempt = 0; attempt < 3; attempt++) {
    await dropdownsClosed(page);
    await box.click();
    if (opts.search) await box.fill(option);
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: new RegExp(`^${option}$`) }).first().click();
    await dropdownsClosed(page);
    if ((await select.innerText()).includes(option)) return;
  }
  throw new Error(`could not pick ${option} in ${label}`);
}

/** A full-page screenshot from the top (the sticky header stays where it belongs). */
async function snap(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  await shot(page, name);
}

/** Type into a region tree and pick the village whose name contains `village`. */
async function pickVillage(page: Page, label: string, search: string, village: string) {
  await dropdownsClosed(page);
  const box = page.getByLabel(label);
  await box.click();
  await box.fill(search);
  await page.locator(".ant-select-dropdown:visible .ant-select-tree-title", { hasText: village }).first().click();
  await dropdownsClosed(page);
  expect(await page.locator(".ant-select", { has: box }).innerText()).toContain(village);
}

const today = chinaDate(new Date());
const year = Number(today.slice(0, 4));
/** A person born on `birth` (YYYYMMDD); an odd sequence number is a man (GB 11643). */
const someone = (name: string, birth: string, seq: number) => ({ name, id: makeIdNumber("422801", birth, seq), birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`, male: seq % 2 === 1 });
const facts = (p: ReturnType<typeof someone>) => `${p.male ? "男" : "女"} · ${p.birthDate} · ${ageOn(p.birthDate, today)} 岁`;
const person = someone("向光明", `${year - 34}0315`, 11);
const head = someone("田大山", `${year - 48}0101`, 31);
const spouse = someone("覃秀英", `${year - 46}0606`, 42);
const masked = (id: string) => `${id.slice(0, 4)}**********${id.slice(-4)}`;

describe("S-LABOR entry by hand in the browser (人员登记, edit with history and version check, 一户一表, 数据质量)", () => {
  it("a township 信息采集员 registers, edits, enters a household and fixes a record from the quality list", async () => {
    const { context, page } = await platform.e2e.loginAs("舞阳坝街道信息采集员");
    const menu = await openLaborMenu(page);

    // ---- 人员登记 from the list's 新增人员 button.
    await menu.getByRole("link", { name: "人员信息" }).click();
    await page.getByRole("heading", { name: "人员信息" }).waitFor();
    await page.getByRole("button", { name: /新增人员/ }).click();
    await page.getByRole("heading", { name: "人员登记" }).waitFor();

    // The 身份证号 is checked here (GB 11643): a wrong check digit is refused before anything is sent.
    const idBox = page.getByLabel("身份证号");
    await idBox.fill(person.id.slice(0, 17) + (person.id[17] === "1" ? "2" : "1"));
    await page.getByLabel("姓名").click();
    await page.getByText("身份证号校验位错误（GB 11643）").first().waitFor();
    await idBox.fill(person.id);
    await page.getByLabel("姓名").fill(person.name);
    await expect.poll(async () => page.getByTestId("id-facts").innerText()).toBe(facts(person));

    await choose(page, "民族", "土家族", { search: true });
    await choose(page, "文化程度", "初中");
    await pickVillage(page, "常住地", "官坡", "官坡社区居委会");
    await pickVillage(page, "户籍地", "官坡", "官坡社区居委会");
    await choose(page, "与户主关系", "户主");
    // Transfer fields only once the person is at work.
    expect(await page.getByTestId("transfer-fields").count()).toBe(0);
    await choose(page, "就业状态", "就业");
    await choose(page, "转移就业去向", "省外");
    await choose(page, "外出方式", "自发");
    await page.getByLabel("外出月数").fill("10");
    await page.getByText("计为转移劳动力").waitFor();
    await choose(page, "擅长技能", "电工", { search: true });
    await page.getByRole("textbox", { name: /联系电话/ }).fill("13812345678");
    await snap(page, "labor-person-form.png");
    await page.getByRole("button", { name: /保存登记/ }).click();

    // The record: masked, a 转移劳动力.
    await page.getByRole("heading", { name: person.name }).waitFor();
    expect(await page.getByTestId("person-id-number").innerText()).toBe(masked(person.id));
    expect(await page.getByTestId("person-phone").innerText()).toBe("138****5678");
    await page.getByText("转移劳动力", { exact: true }).first().waitFor();
    const detailUrl = page.url();

    // ---- Edit, while someone else edits the same record in another tab (optimistic version check).
    await page.getByRole("button", { name: /编\s*辑/ }).click();
    await page.getByRole("heading", { name: `修改人员信息：${person.name}` }).waitFor();
    // The key is shown masked and not editable; the phone field starts empty (X2) and is kept when left empty.
    expect(await page.getByTestId("id-masked").inputValue()).toBe(masked(person.id));
    expect(await page.getByRole("textbox", { name: /联系电话/ }).inputValue()).toBe("");
    await page.getByText("已登记 138****5678").waitFor();

    const other = await context.newPage();
    await other.goto(`${detailUrl}/edit`);
    await other.getByRole("heading", { name: `修改人员信息：${person.name}` }).waitFor();
    await other.getByLabel("备注").fill("已电话回访核实");
    await other.getByRole("button", { name: /保存修改/ }).click();
    await other.getByRole("heading", { name: person.name }).waitFor();
    await other.close();

    await choose(page, "文化程度", "高中");
    await page.getByRole("button", { name: /保存修改/ }).click();
    const dialog = page.getByRole("dialog");
    await dialog.locator(".ant-modal-confirm-title", { hasText: "该记录已被他人修改" }).waitFor();
    await page.getByTestId("version-conflict").waitFor();
    await snap(page, "labor-person-conflict.png");
    await dialog.getByRole("button", { name: /重新加载/ }).click();
    await page.getByTestId("version-conflict").waitFor({ state: "detached" });
    expect(await page.getByLabel("备注").inputValue()).toBe("已电话回访核实");
    await choose(page, "文化程度", "高中");
    await page.getByRole("button", { name: /保存修改/ }).click();

    // Back on the record: the history row (who, when, field, old → new); the phone as it was.
    await page.getByRole("heading", { name: person.name }).waitFor();
    const change = page.getByTestId("person-history").locator("tbody tr", { hasText: "文化程度" });
    await change.waitFor();
    const text = await change.innerText();
    expect(text).toContain("初中");
    expect(text).toContain("高中");
    expect(text).toContain("手工修改");
    await page.getByTestId("person-history").locator("tbody tr", { hasText: "已电话回访核实" }).waitFor();
    expect(await page.getByTestId("person-phone").innerText()).toBe("138****5678");

    // ---- 入户调查（一户一表）: a household of two.
    await menu.getByRole("link", { name: "入户调查" }).click();
    await page.getByRole("heading", { name: "入户调查（一户一表）" }).waitFor();
    await pickVillage(page, "所在村（社区）", "土桥", "土桥社区居委会");
    await page.getByLabel("家庭住址").fill("土桥社区三组8号");
    await page.getByLabel("第1名成员姓名").fill(head.name);
    await page.getByLabel("第1名成员身份证号").fill(head.id);
    await choose(page, "第1名成员就业状态", "务农");
    await page.getByRole("button", { name: /添加成员/ }).click();
    await choose(page, "第2名成员与户主关系", "配偶");
    await page.getByLabel("第2名成员姓名").fill(spouse.name);
    // First with a number already registered (the person above): refused, and marked on that member's row.
    await page.getByLabel("第2名成员身份证号").fill(person.id);
    await choose(page, "第2名成员就业状态", "就业");
    // The rest of the survey in the row's expansion.
    await page.getByTestId("members").locator(".ant-table-row").nth(1).getByRole("button", { name: /更多信息/ }).click();
    const more = page.getByTestId("member-more-2");
    await more.waitFor();
    await choose(page, "转移就业去向", "省内县外");
    await more.getByLabel("外出月数").fill("11");
    await more.getByText("计为转移劳动力").waitFor();
    await page.getByRole("button", { name: /保存本户/ }).click();
    await page.getByTestId("save-problems").getByText(`第 2 名成员（${spouse.name}）：该身份证号已登记`).waitFor();
    await page.getByTestId("members").locator(".ant-form-item-explain-error", { hasText: "该身份证号已登记" }).waitFor();
    await page.getByLabel("第2名成员身份证号").fill(spouse.id);
    // The server's mark goes once the number is changed.
    await page.getByTestId("members").locator(".ant-form-item-explain-error", { hasText: "该身份证号已登记" }).waitFor({ state: "detached" });
    // Sex, birth date and age from each member's 身份证号.
    await expect.poll(async () => (await page.getByTestId("id-facts").allInnerTexts()).join(" | ")).toBe(`${facts(head)} | ${facts(spouse)}`);
    await snap(page, "labor-household-entry.png");
    await page.getByRole("button", { name: /保存本户/ }).click();

    // The household page: the automatic 户编号 (village code + sequence) and both members.
    await page.getByTestId("household-no").waitFor();
    expect(await page.getByTestId("household-no").innerText()).toBe("4228010010040001");
    const members = page.getByTestId("household-members").locator("tbody tr");
    await expect.poll(async () => members.count()).toBe(2);
    expect(await members.nth(0).innerText()).toContain(head.name);
    expect(await members.nth(1).innerText()).toContain("配偶");
    await snap(page, "labor-household.png");

    // ---- 数据质量: the household's members lack 民族, 文化程度, 联系电话; follow the fix-list to the edit form.
    await menu.getByRole("link", { name: "数据质量" }).click();
    await page.getByRole("heading", { name: "数据质量" }).waitFor();
    const summary = page.getByTestId("quality-summary").locator(".ant-table-row", { hasText: "舞阳坝街道" });
    await summary.waitFor();
    await page.getByLabel("舞阳坝街道缺少调查必填项").click();
    const list = page.getByTestId("quality-fix-list");
    const row = list.locator(".ant-table-row", { hasText: head.name });
    await row.waitFor();
    expect(await row.innerText()).toContain("缺少入户调查必填项");
    expect(await list.locator(".ant-table-row", { hasText: person.name }).count()).toBe(0);
    await page.locator("canvas").first().waitFor();
    await page.locator(".ant-message-notice").first().waitFor({ state: "detached" });
    await snap(page, "labor-quality.png");

    await row.getByRole("link", { name: /修改/ }).click();
    await page.getByRole("heading", { name: `修改人员信息：${head.name}` }).waitFor();
    await choose(page, "民族", "土家族", { search: true });
    await choose(page, "文化程度", "初中");
    await page.getByRole("textbox", { name: /联系电话/ }).fill("13900001111");
    await page.getByRole("button", { name: /保存修改/ }).click();
    // Back on the same fix-list; the fixed record is no longer on it, the other member still is.
    await page.getByRole("heading", { name: "数据质量" }).waitFor();
    await list.locator(".ant-table-row", { hasText: spouse.name }).waitFor();
    await expect.poll(async () => list.locator(".ant-table-row", { hasText: head.name }).count()).toBe(0);

    // 人员信息 with 更多条件: 性别 女 finds the one woman registered.
    await menu.getByRole("link", { name: "人员信息" }).click();
    await page.getByText("共 3 人").waitFor();
    await page.getByRole("button", { name: /更多条件/ }).click();
    await choose(page, "性别", "女");
    await page.getByRole("button", { name: /查\s*询/ }).click();
    await page.getByText("共 1 人").waitFor();
    expect(await page.locator(".ant-table-row").innerText()).toContain(spouse.name);
    await snap(page, "labor-persons-more.png");
    await context.close();
  });
});

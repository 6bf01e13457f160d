/**
 * Issue 4 in Chromium: a township department fills a 附件2 with three rows, the department head and the leader in
 * charge sign it, the county account admin and permission admin carry it out, the PDF carries the Chinese field
 * names and the rows, and the 申请台账 shows it. Screenshots go to e2e/artifacts/.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { platformAndBrowser, pickOption, shot } from "./browser.js";
import { makeIdNumber } from "../src/core/idcard.js";

const platform = platformAndBrowser();

async function openForm(page: Page, number: string) {
  await page.goto(`${platform.server.url}/forms`);
  await page.getByRole("cell", { name: number }).click();
  await page.getByText("申请内容").first().waitFor();
}

describe("附件2 from a township, through sign-off and execution (P14, P16, X4)", () => {
  it("fills, signs, executes, prints and lists a form", async () => {
    const people = [
      { name: "向春燕", id: makeIdNumber("422801", "19920304", 122), phone: "13971110001" },
      { name: "田国华", id: makeIdNumber("422801", "19881111", 131), phone: "13971110002" },
      { name: "冉小梅", id: makeIdNumber("422801", "19950607", 142), phone: "13971110003" },
    ];
    // 1. The township department fills the form.
    const filer = await platform.e2e.loginAs("舞阳坝街道信息采集员");
    const p = filer.page;
    await p.getByTestId("main-menu").getByRole("link", { name: "申请表" }).click();
    await p.getByRole("button", { name: /填写申请表/ }).click();
    await p.locator(".ant-dropdown-menu-item", { hasText: "操作员账户权限申请表" }).click();
    await p.getByText("填写操作员账户权限申请表（附件2）").waitFor();
    await p.getByLabel("联系电话").fill("13871234567");
    for (let i = 0; i < people.length; i++) {
      if (i > 0) await p.getByRole("button", { name: /添加一行/ }).click();
      await p.getByLabel(`第${i + 1}行姓名`).fill(people[i]!.name);
      await p.getByLabel(`第${i + 1}行身份证号`).fill(people[i]!.id);
      await p.getByLabel(`第${i + 1}行联系方式`).fill(people[i]!.phone);
      await pickOption(p, `第${i + 1}行岗位角色`, "信息采集员");
      await p.getByLabel(`第${i + 1}行具体要求`).fill("新增信息采集员，分配岗位权限");
    }
    // A wrong check digit is flagged as typed and blocks submission.
    const bad = people[2]!.id.slice(0, 17) + (people[2]!.id[17] === "1" ? "2" : "1");
    await p.getByLabel("第3行身份证号").fill(bad);
    await p.getByText(/第 3 行：身份证号校验位错误/).waitFor();
    expect(await p.getByRole("button", { name: /提交申请表/ }).isDisabled()).toBe(true);
    await shot(p, "form-fill-invalid.png");
    await p.getByLabel("第3行身份证号").fill(people[2]!.id);
    await p.getByText(/第 3 行：/).waitFor({ state: "detached" });
    await shot(p, "form-fill.png");
    await p.getByRole("button", { name: /提交申请表/ }).click();
    await p.getByText(/已提交，编号 SQ2-/).waitFor();
    await p.getByTestId("form-number").filter({ hasText: /SQ2-/ }).waitFor();
    const number = (await p.getByTestId("form-number").innerText()).trim();
    expect(number).toMatch(/^SQ2-\d{4}-\d{4}$/);
    await filer.context.close();

    // 2. 申请部门意见, then 所在单位意见.
    for (const [label, button] of [["舞阳坝街道人社服务中心主任", "签署申请部门意见"], ["舞阳坝街道分管领导", "签署所在单位意见"]] as const) {
      const s = await platform.e2e.loginAs(label);
      await openForm(s.page, number);
      await s.page.getByRole("button", { name: button }).click();
      await s.page.getByRole("dialog").getByRole("button", { name: /同\s*意/ }).click();
      await s.page.getByText("已签署").waitFor();
      await s.context.close();
    }

    // 3. The county account admin carries out the account parts, the permission admin the rights parts.
    for (const [label, button] of [["恩施市账户管理员（A角）", "办理账户"], ["恩施市权限管理员", "办理权限"]] as const) {
      const s = await platform.e2e.loginAs(label);
      await openForm(s.page, number);
      for (let i = 0; i < 3; i++) {
        await s.page.getByRole("button", { name: button }).first().click();
        await s.page.getByRole("button", { name: /确认办理/ }).click();
        await s.page.getByText("已办理").first().waitFor();
        await s.page.waitForTimeout(300);
      }
      if (button === "办理权限") {
        await s.page.locator(".ant-tag", { hasText: "已办结" }).first().waitFor();
        await shot(s.page, "form-done.png");
        // The PDF, downloaded through the page, carries the attachment's field names and the rows.
        const [download] = await Promise.all([s.page.waitForEvent("download"), s.page.getByRole("button", { name: /下载打印版/ }).click()]);
        const file = path.join(mkdtempSync(path.join(tmpdir(), "e2e-form-")), "form.pdf");
        await download.saveAs(file);
        const text = execFileSync("pdftotext", [file, "-"]).toString().replace(/\s+/g, "");
        for (const label2 of ["操作员账户权限申请表", "子系统名称", "申请部门意见", "所在单位意见", "岗位角色名称", number, ...people.map((x) => x.name), ...people.map((x) => x.id)]) {
          expect(text).toContain(label2);
        }
        writeFileSync(path.join(path.dirname(file), "text.txt"), text);
        // 4. The 申请台账.
        await s.page.goto(`${platform.server.url}/forms`);
        await s.page.getByText("全部").click();
        await s.page.getByRole("cell", { name: number }).waitFor();
        await shot(s.page, "form-ledger.png");
      }
      await s.context.close();
    }
  });
});

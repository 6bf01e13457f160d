/**
 * 业务需求运维管理 in Chromium (issue 5): a county requirement taken from the 申请表 to 关闭 through the real UI, each step
 * by the actor the measure names (R1–R12), both PDFs downloaded and their text checked (R13, R14, X4), and the 需求台账
 * with its charts (R4). Screenshots go to e2e/artifacts/requirements-*.png.
 */
import { mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { platformAndBrowser, shot as shotAs } from "./browser.js";

const DOWNLOADS = mkdtempSync(path.join(tmpdir(), "req-e2e-"));

const platform = platformAndBrowser();
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

const shot = (page: Page, name: string) => shotAs(page, `requirements-${name}.png`);

async function loginAs(labelPart: string): Promise<Page> {
  const { context, page } = await platform.e2e.loginAs(labelPart);
  contexts.push(context);
  page.on("pageerror", (e) => pageErrors.push(`${labelPart}: ${String(e)}`));
  return page;
}

async function openRequirement(page: Page, id: number) {
  await page.goto(`${platform.server.url}/requirements/${id}`);
  await page.getByTestId("req-status").waitFor();
}

/** Click a step button, fill the modal, confirm, and wait for the new status. */
async function step(page: Page, button: string, fill: (dialog: ReturnType<Page["getByRole"]>) => Promise<void>, status: string) {
  await page.getByRole("button", { name: button, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  await fill(dialog);
  await dialog.getByRole("button", { name: /确\s*认/ }).click();
  await page.getByTestId("req-status").filter({ hasText: status }).waitFor({ timeout: 15_000 });
}

const none = async () => {};

async function pdfText(page: Page, button: string, file: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
  const target = path.join(DOWNLOADS, file);
  await download.saveAs(target);
  return execFileSync("pdftotext", ["-layout", target, "-"]).toString("utf8");
}

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
});

describe("业务需求 from 申请表 to 关闭 in the browser (R1–R14)", () => {
  it("county path through every actor, both PDFs, the ledger and its charts", async () => {
    // 1. 恩施市就业局 fills the 申请表 (R13) and submits it (R8).
    const sub = await loginAs("恩施市就业局需求提出人");
    expect(await sub.getByTestId("main-menu").innerText()).toContain("业务需求管理");
    await sub.goto(`${platform.server.url}/requirements/new`);
    await sub.getByText("业务需求申请表").first().waitFor();
    await sub.getByLabel("子系统名称").click();
    await sub.locator(".ant-select-item-option", { hasText: "零工驿站子系统" }).click();
    await sub.getByLabel("联系人电话").fill("13907186666");
    await sub.getByLabel("变更").check();
    await sub.getByLabel("州级对口业务部门").click();
    await sub.locator(".ant-select-item-option", { hasText: "州人社局就业促进科" }).click();
    await sub.getByLabel("需求名称").fill("零工驿站增加零工技能标签筛选");
    await sub.getByPlaceholder(/准确描述需求内容/).fill("零工人员列表增加“技能标签”多选筛选，便于按工种推荐零工。");
    await sub.waitForFunction(() => [...document.querySelectorAll(".ant-select-dropdown")].every((e) => !e.checkVisibility()));
    await shot(sub, "1-form");
    await sub.getByRole("button", { name: "保存并提交" }).click();
    await sub.getByRole("dialog").getByRole("button", { name: /确\s*定/ }).click();
    await sub.getByTestId("req-status").filter({ hasText: "待申请部门审核" }).waitFor({ timeout: 15_000 });
    const id = Number(new URL(sub.url()).pathname.split("/").pop());
    expect(id).toBeGreaterThan(0);

    // 2. Its leader in charge signs, 3. the counterpart 州 department reviews (R8).
    const lead = await loginAs("恩施市就业局分管领导");
    await openRequirement(lead, id);
    await step(lead, "审核通过（签字盖章）", none, "待州级业务部门审核");
    const head = await loginAs("州人社局就业促进科科长");
    await openRequirement(head, id);
    await step(head, "州级业务部门审核通过", none, "待州信息中心受理");

    // 4. The 信息中心 has the vendor evaluate (R9).
    const mgr = await loginAs("州信息中心需求管理员");
    await openRequirement(mgr, id);
    await step(mgr, "组织运维公司评估", none, "待运维公司受理");

    // 5. The vendor's queue; it accepts (编号) and evaluates.
    const ven = await loginAs("运维公司项目负责人");
    await ven.goto(`${platform.server.url}/requirements/queue`);
    await ven.getByRole("link", { name: "零工驿站增加零工技能标签筛选" }).waitFor();
    await shot(ven, "2-vendor-queue");
    await openRequirement(ven, id);
    await step(ven, "受理并编号", none, "运维公司评估中");
    const number = (await ven.getByTestId("req-number").innerText()).trim();
    expect(number).toMatch(/^XQ-\d{4}-\d{4}$/);
    await step(ven, "提交评估意见", async (d) => {
      await d.getByLabel("实施计划").fill("新增技能标签字段与筛选，6 个工作日完成。");
      await d.getByLabel("预计开发工作日").fill("6");
      await d.getByLabel("运维公司评估意见").fill("需求明确，技术上可实施。");
    }, "待信息中心审定");

    // 6. The 信息中心 approves with a development deadline (R10).
    await openRequirement(mgr, id);
    await step(mgr, "同意实施并确定开发期限", none, "开发中");

    // 7. Internal test (R11), then the 信息中心 and the business department test and sign.
    await openRequirement(ven, id);
    await step(ven, "内部测试通过，提请测试", async (d) => d.getByLabel("内部测试内容与结论").fill("技能标签筛选用例 8 个全部通过。"), "测试确认中");
    await openRequirement(mgr, id);
    await step(mgr, "测试通过（签字确认）", async (d) => d.getByLabel("测试结果").fill("信息中心测试通过。"), "测试确认中");
    await openRequirement(sub, id);
    await step(sub, "测试通过（签字确认）", async (d) => d.getByLabel("测试结果").fill("业务测试通过，筛选结果正确。"), "待制定发布上线计划");

    // 8. The vendor's 发布上线计划 and its result (R12).
    await openRequirement(ven, id);
    const start = new Date(Date.now() + 2 * 3_600_000);
    const end = new Date(Date.now() + 4 * 3_600_000);
    const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
    await step(ven, "填报发布上线计划", async (d) => {
      await d.getByLabel("影响业务范围").fill("零工驿站子系统零工人员列表");
      const inputs = ven.locator(".ant-modal .ant-picker-range input");
      await inputs.nth(0).click();
      await inputs.nth(0).fill(local(start));
      await inputs.nth(0).press("Enter");
      await inputs.nth(1).fill(local(end));
      await inputs.nth(1).press("Enter");
      await ven.waitForFunction(() => [...document.querySelectorAll(".ant-picker-dropdown")].every((e) => !e.checkVisibility()));
      await shot(ven, "3-release-plan");
    }, "待发布上线");
    await step(ven, "反馈发布结果", async (d) => d.getByLabel(/结果说明/).fill("已按计划发布上线，运行正常。"), "已关闭");
    await shot(ven, "4-closed");

    // 9. Both PDFs from the submitter's page, checked by their text (X4).
    await openRequirement(sub, id);
    const app = await pdfText(sub, "申请表 PDF", "application.pdf");
    for (const s of ["业务需求申请表", `编号：${number}`, "零工驿站子系统", "恩施市就业局", "需求描述", "零工驿站增加零工技能标签筛选", "州级业务部门意见", "运维公司", "需求明确，技术上可实施"]) expect(app, s).toContain(s);
    const rel = await pdfText(sub, "发布确认单 PDF", "release.pdf");
    for (const s of ["业务需求程序发布确认单", `编号：${number}`, "业务部门测试确认", "业务测试通过，筛选结果正确", "发布上线计划", "零工驿站子系统零工人员列表", "运维公司项目负责人"]) expect(rel, s).toContain(s);
    await shot(sub, "5-detail");

    // 10. The 需求台账 and its charts (R4).
    await mgr.goto(`${platform.server.url}/requirements`);
    await mgr.getByRole("link", { name: number }).waitFor();
    await mgr.getByText("需求统计（与上方筛选条件一致）").waitFor();
    await mgr.locator("canvas").first().waitFor();
    expect(await mgr.locator("canvas").count()).toBeGreaterThanOrEqual(6);
    await mgr.waitForTimeout(800);
    await shot(mgr, "6-ledger");
    expect(pageErrors).toEqual([]);
  });
});

/**
 * S-SHARE in Chromium: a 恩施市 共享用工审核员 reviews enterprises and declarations in the review queue; the 共享用工专员
 * ranks candidate pairs (score explained), proposes one, records both enterprises' answers with the signed papers
 * uploaded (the enterprise side is operator-recorded: docs/decisions.md D17), opens the drafted agreement, records
 * each worker's signed consent, uploads the stamped scan, puts it into effect and prints the PDF (its text checked);
 * then 结算, 返岗与争议, 补贴 and 统计. Screenshots: docs/screenshots/sharing-*.png.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { ARTIFACTS, platformAndBrowser, shot } from "./browser.js";
import { makeIdNumber } from "../src/core/idcard.js";
import { makeCreditCode } from "../src/sharing/rules.js";
import { DEMO_SCAN } from "../src/sharing/demo.js";

const platform = platformAndBrowser();
const DOCS = path.resolve(ARTIFACTS, "../../docs/screenshots");

async function call<T = any>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  const r = await page.evaluate(async ({ method, url, body }) => {
    const s = await (await fetch("/api/session")).json();
    const res = await fetch(url, { method, headers: { "content-type": "application/json", "x-csrf-token": s.csrfToken }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }, { method, url, body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as T;
}

async function snap(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await shot(page, name);
  mkdirSync(DOCS, { recursive: true });
  copyFileSync(path.join(ARTIFACTS, name), path.join(DOCS, name));
}

const scanFile = { name: "签字扫描件.png", mimeType: "image/png", buffer: DEMO_SCAN };
/** Upload the scan through the visible modal's upload button. */
async function uploadInModal(page: Page) {
  await page.locator(".ant-modal:visible input[type=file]").setInputFiles(scanFile);
  await page.locator(".ant-modal:visible").getByText(/已上传/).waitFor();
}
const ok = (name: string) => new RegExp(name.split("").join("\\s*"));

describe("S-SHARE in the browser", () => {
  it("review → match → answers → consents → agreement in effect → PDF; the other pages", async () => {
    const officer = await platform.e2e.loginAs("恩施市共享用工专员");
    const reviewer = await platform.e2e.loginAs("恩施市共享用工审核员");
    const op = officer.page, rv = reviewer.page;

    // The officer registers two enterprises (the form's requests, sent directly to keep the test short).
    const ent = (k17: string, name: string, legalRep: string, regionCode: string, industry: string) => call(op, "POST", "/api/share/enterprises", {
      creditCode: makeCreditCode(k17), name, legalRep, industry, regionCode, contactName: "向春燕", contactIdNumber: makeIdNumber("422801", "19850312", 22), contactPhone: "13972700001",
    });
    const tea = await ent("91422801MA4E0CH1X", "恩施市润邦硒茶加工有限公司", "向明德", "422801003", "农副食品加工业");
    const ware = await ent("91422801MA4E2DT3K", "恩施州鄂西电商物流仓储有限公司", "覃海波", "422801001", "仓储业");

    // The reviewer's queue: 待审核 → 通过.
    await rv.goto(`${platform.server.url}/share/enterprises`);
    await rv.getByText("恩施市润邦硒茶加工有限公司").waitFor();
    await rv.locator(".ant-radio-button-wrapper", { hasText: "待审核" }).first().click();
    await snap(rv, "sharing-enterprises.png");
    for (let i = 0; i < 2; i++) {
      await rv.getByRole("button", { name: ok("通过") }).first().click();
      await rv.getByText("审核完成").first().waitFor();
      await rv.waitForTimeout(400);
    }
    await expect.poll(async () => rv.getByRole("button", { name: ok("通过") }).count()).toBe(0);

    const year = new Date().getFullYear() + 1;
    await call(op, "POST", "/api/share/declarations", { enterpriseId: tea.id, kind: "surplus", post: "茶叶分拣包装工", skills: ["分拣", "包装"], headcount: 3, dateFrom: `${year}-10-15`, dateTo: `${year}-12-15`,
      workers: [["向秀兰", 2], ["田大勇", 3], ["覃春花", 4]].map(([name, n]) => ({ name, idNumber: makeIdNumber("422801", `1990010${n}`, 30 + Number(n)), contractEnd: `${year + 1}-06-30` })) });
    await call(op, "POST", "/api/share/declarations", { enterpriseId: ware.id, kind: "shortage", post: "电商仓储分拣包装员", skills: ["分拣", "包装"], headcount: 3, dateFrom: `${year}-10-20`, dateTo: `${year}-11-30`, payMonthly: 4200, hours: "两班倒", conditions: "包住", workers: [] });
    await rv.goto(`${platform.server.url}/share/declarations`);
    await rv.getByText("茶叶分拣包装工").waitFor();
    await snap(rv, "sharing-declarations.png");
    for (let i = 0; i < 2; i++) {
      await rv.getByRole("button", { name: ok("通过") }).first().click();
      await rv.getByText("审核完成").first().waitFor();
      await rv.waitForTimeout(400);
    }

    // 撮合: the ranked pair with its explanation; propose; both answers with the signed papers.
    await op.goto(`${platform.server.url}/share/match`);
    await op.getByText("恩施州鄂西电商物流仓储有限公司").first().waitFor();
    await op.locator(".ant-table-row-expand-icon").first().click();
    await op.getByText(/缺工要求技能 2 项，富余人员具备 2 项/).first().waitFor();
    await snap(op, "sharing-match.png");
    await op.getByRole("button", { name: "推荐对接" }).first().click();
    await op.locator(".ant-modal:visible").getByRole("button", { name: ok("推荐") }).click();
    await op.getByText("已向双方企业推荐").waitFor();
    for (const side of ["调出", "调入"]) {
      await op.getByRole("button", { name: "登记企业答复" }).first().click();
      await op.locator(".ant-modal:visible").getByText(new RegExp(`^${side}：`)).click();
      await uploadInModal(op);
      await op.locator(".ant-modal:visible").getByRole("button", { name: ok("登记") }).click();
      await op.getByText("企业答复已记录").first().waitFor();
      await op.waitForTimeout(400);
    }
    await op.getByText("双方同意").waitFor();

    // The agreement (drafted with the clauses' defaults), each worker's consent, the stamped scan, in effect.
    const props = await call<{ id: number; surplusId: number }[]>(op, "GET", "/api/share/proposals");
    const decl = await call<{ workers: { id: number }[] }>(op, "GET", `/api/share/declarations/${props[0]!.surplusId}`);
    const a = await call<{ id: number; number: string }>(op, "POST", "/api/share/agreements", {
      proposalId: props[0]!.id, workerIds: decl.workers.map((w) => w.id), headcount: 3, dateFrom: `${year}-10-20`, dateTo: `${year}-11-30`, headcountRule: "经双方协商一致并经职工本人同意，可在申报人数内增减",
      workPlace: "恩施市舞阳坝街道金桂大道66号", post: "电商仓储分拣包装员", hoursRest: "每日工作不超过8小时，每周至少休息1日", payMonthly: 4200, payDay: 10, workerFee: 0,
      socialInsurance: "职工社会保险由甲方继续按规定缴纳", protection: "乙方提供劳动防护用品并进行岗前安全培训", injuryLiability: "职工在乙方工作期间发生工伤的，由甲方依法承担工伤保险责任",
    });
    await op.goto(`${platform.server.url}/share/agreements/${a.id}`);
    await op.getByText(`共享用工协议 ${a.number}`).waitFor();
    for (let i = 0; i < 3; i++) {
      await op.getByRole("button", { name: "登记本人意愿" }).first().click();
      if (i === 2) await op.locator(".ant-modal:visible").getByText("不同意", { exact: true }).click();
      await uploadInModal(op);
      await op.locator(".ant-modal:visible").getByRole("button", { name: ok("登记") }).click();
      await op.getByText("已办理").first().waitFor();
      await op.waitForTimeout(500);
    }
    await op.locator("input[type=file]").first().setInputFiles(scanFile);
    await op.getByText("查看扫描件").waitFor();
    await op.getByRole("button", { name: "协议生效" }).click();
    await op.getByText("履行中").first().waitFor();
    await op.getByText("共享中").first().waitFor();
    await snap(op, "sharing-agreement.png");
    const [dl] = await Promise.all([op.waitForEvent("download"), op.getByRole("button", { name: /打印协议/ }).click()]);
    const file = path.join(ARTIFACTS, "sharing-agreement.pdf");
    await dl.saveAs(file);
    const text = execFileSync("pdftotext", [file, "-"]).toString().replace(/\s+/g, "");
    for (const s of ["共享用工协议", a.number, "恩施市润邦硒茶加工有限公司", "恩施州鄂西电商物流仓储有限公司", "向秀兰", "田大勇", "劳动关系不变", "工伤保险责任", "社会保险", "劳动保护", "（盖章）"]) expect(text).toContain(s);
    expect(text).not.toContain("覃春花");

    // The other pages.
    for (const [who, p, name, wait] of [[op, "/share/settlements", "sharing-settlements.png", a.number], [op, "/share/returns", "sharing-returns.png", "待确认返岗"], [rv, "/share/subsidy", "sharing-subsidy.png", "补贴申请名单"], [op, "/share/stats", "sharing-stats.png", "目标完成情况"]] as const) {
      await who.goto(`${platform.server.url}${p}`);
      await who.getByText(wait).first().waitFor();
      await snap(who, name);
    }
    writeFileSync(path.join(ARTIFACTS, "sharing-done.txt"), "ok");
    await officer.context.close();
    await reviewer.context.close();
  });
});

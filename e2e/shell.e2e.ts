/**
 * Issue 15 in Chromium: what a bureau user meets first.
 * - The 待办 inbox as each role of an 附件2's path (filer, 部门负责人, 分管领导, account admin, permission admin) and of
 *   the requirement workflow: the item shows on the home page with a working link, and clears when the step is done;
 *   notices are marked read from the bell.
 * - Links from data: every menu link and home-tile link, as each demo role, opens without an error page or a failed
 *   API call; and axe-core finds no serious or critical accessibility fault on any of those pages.
 * - The responsive shell: screenshots at 1440 px and 390 px (home, a list, a form, a detail page) for docs/screenshots.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { platformAndBrowser, shot } from "./browser.js";
import { makeIdNumber } from "../src/core/idcard.js";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const platform = platformAndBrowser();

/** A logged-in context (CSP bypassed so that axe-core can be injected; the app itself is unchanged). */
async function loginAs(label: string, viewport = { width: 1440, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const e2e = platform.e2e;
  const context = await e2e.browser.newContext({ viewport, locale: "zh-CN", timezoneId: "Asia/Shanghai", bypassCSP: true });
  const page = await context.newPage();
  const qr = await e2e.openLogin(page);
  const sim = await context.newPage();
  await e2e.scanAndConfirm(sim, qr, e2e.identity(label).label);
  await sim.close();
  await page.getByTestId("greeting").waitFor({ timeout: 20_000 });
  return { context, page };
}

/** Call the API from the page, with the session's CSRF token. */
async function apiCall<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  return page.evaluate(async ({ method, url, body }) => {
    const s = await (await fetch("/api/session")).json();
    const r = await fetch(url, { method, headers: { "content-type": "application/json", "x-csrf-token": s.csrfToken }, body: body === undefined ? undefined : JSON.stringify(body) });
    return r.json();
  }, { method, url, body }) as Promise<T>;
}

async function home(page: Page) {
  await page.goto(`${platform.server.url}/`);
  await page.getByTestId("home-inbox").waitFor();
  await page.locator('[data-testid="home-inbox"] .ant-skeleton').waitFor({ state: "detached" });
}

const item = (page: Page, kind: string) => page.locator(`[data-testid="home-inbox"] [data-testid="inbox-item"][data-kind="${kind}"]`);

/** The inbox item of this kind is on the home page; its link opens the form. */
async function openFromInbox(page: Page, kind: string, formId: number) {
  await home(page);
  await item(page, kind).waitFor();
  await item(page, kind).getByRole("link", { name: /去办理/ }).click();
  await page.waitForURL(`**/forms/${formId}`);
  await page.getByText("申请内容").first().waitFor();
}

async function expectCleared(page: Page, kind: string) {
  await home(page);
  expect(await item(page, kind).count()).toBe(0);
}

describe("待办 as each role of an 附件2 and of a requirement (issue 15)", () => {
  it("shows what waits with a working link, and clears when it is done", async () => {
    // The 舞阳坝 filer files and submits an 附件2 (through the API: the form UI has its own test, e2e/forms.e2e.ts).
    const filer = await loginAs("舞阳坝街道信息采集员");
    const s = await apiCall<{ account: { unitId: number } }>(filer.page, "GET", "/api/session");
    const pos = await apiCall<{ id: number; name: string }[]>(filer.page, "GET", "/api/forms/positions?subsystem=LABOR");
    const created = await apiCall<{ id: number }>(filer.page, "POST", "/api/forms", {
      kind: "operator", subsystem: "LABOR", applicantUnitId: s.account.unitId, applyDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
      contactName: "联系人", contactPhone: "13800001111",
      rows: [{ category: "add", name: "谭晓燕", idNumber: makeIdNumber("422801", "19930405", 611), phone: "13972220001", roleKind: "operator", positionId: pos.find((p) => p.name === "信息采集员")!.id }],
    });
    const formId = created.id;
    await openFromInbox(filer.page, "forms.draft", formId);
    await filer.page.getByRole("button", { name: /^提\s*交$/ }).click();
    await filer.page.getByText("已提交").first().waitFor();
    await expectCleared(filer.page, "forms.draft");
    await filer.context.close();

    // 申请部门负责人: the bell counts the notice; the inbox item opens the form; only 申请部门意见 is offered.
    const head = await loginAs("舞阳坝街道人社服务中心主任");
    await home(head.page);
    expect(await head.page.getByTestId("duties").innerText()).toContain("申请部门负责人");
    await shot(head.page, "inbox-home.png");
    await openFromInbox(head.page, "forms.sign.dept", formId);
    expect(await head.page.getByRole("button", { name: "签署所在单位意见" }).count()).toBe(0);
    await head.page.getByRole("button", { name: "签署申请部门意见" }).click();
    await head.page.locator(".ant-modal-footer").getByRole("button", { name: /同\s*意/ }).click();
    await head.page.getByText("已签署").first().waitFor();
    await expectCleared(head.page, "forms.sign.dept");
    // Notices: the drawer lists them; 全部标为已读 clears the badge.
    await head.page.getByTestId("notice-bell").click();
    await head.page.getByRole("tab", { name: /通知/ }).click();
    await head.page.getByTestId("notice-item").first().waitFor();
    await shot(head.page, "inbox-notices.png");
    await head.page.getByRole("button", { name: /全部标为已读/ }).click();
    await head.page.locator('[data-testid="notice-item"][data-unread="1"]').first().waitFor({ state: "detached" });
    await head.context.close();

    // 所在单位分管领导.
    const leader = await loginAs("舞阳坝街道分管领导");
    await openFromInbox(leader.page, "forms.sign.unit", formId);
    expect(await leader.page.getByRole("button", { name: "签署申请部门意见" }).count()).toBe(0);
    await leader.page.getByRole("button", { name: "签署所在单位意见" }).click();
    await leader.page.locator(".ant-modal-footer").getByRole("button", { name: /同\s*意/ }).click();
    await leader.page.getByText("已签署").first().waitFor();
    await expectCleared(leader.page, "forms.sign.unit");
    await leader.context.close();

    // The county's account admin, then its permission admin.
    for (const [label, kind, button] of [["恩施市账户管理员（A角）", "forms.execute.account", "办理账户"], ["恩施市权限管理员", "forms.execute.grant", "办理权限"]] as const) {
      const admin = await loginAs(label);
      await openFromInbox(admin.page, kind, formId);
      await admin.page.getByRole("button", { name: button }).click();
      await admin.page.getByRole("button", { name: /确认办理/ }).click();
      await admin.page.getByText("已办理").first().waitFor();
      await expectCleared(admin.page, kind);
      await admin.context.close();
    }

    // A requirement at the 州信息中心需求管理员's step: the link opens the requirement or 我的待办.
    const mgr = await loginAs("州信息中心需求管理员");
    await home(mgr.page);
    expect(await mgr.page.getByTestId("duties").innerText()).toContain("业务需求管理员");
    const req = mgr.page.locator('[data-testid="home-inbox"] [data-testid="inbox-item"][data-kind^="requirements."]').first();
    await req.waitFor();
    await req.getByRole("link", { name: /去办理/ }).click();
    await mgr.page.waitForURL(/\/requirements\/(queue|\d+)$/);
    await mgr.page.locator(".ant-table, .ant-descriptions").first().waitFor();
    expect(await mgr.page.locator(".ant-result").count()).toBe(0);
    await mgr.context.close();
  });
});

/** The demo roles whose pages are visited: every role kind, level and duty of the demo. */
const ROLES = [
  "州级账户管理员（A角）", "州级权限管理员", "恩施市账户管理员（A角）", "恩施市权限管理员", "恩施市就业局操作员", "舞阳坝街道信息采集员",
  "恩施市新入职操作员", "州就业局数据分析员", "州人社局分管领导", "州人社信息中心主任", "舞阳坝街道人社服务中心主任", "州信息中心需求管理员",
  "运维公司项目负责人", "州人社局就业促进科需求提出人", "恩施市就业局分管领导（需求审核）",
];

interface AxeFinding { id: string; impact: string; help: string; nodes: number; target: string }

async function axeFindings(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return (r.violations as { id: string; impact: string; help: string; nodes: { target: string[]; html: string; failureSummary?: string }[] }[])
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, target: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} ${n.html.slice(0, 160)} ${(n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 160)}`).join(" | ") }));
  });
}

/** Wait until the page has settled: no spinner, no skeleton. */
async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
  await page.locator(".ant-spin-spinning, .ant-skeleton-active").first().waitFor({ state: "detached", timeout: 15_000 }).catch(() => {});
}

describe("every menu and home-tile link as each demo role; axe-core on every page (issue 15)", () => {
  for (const role of ROLES) {
    it(`${role}: every page opens without an error page or a failed request, with 0 serious or critical axe findings`, async () => {
      const problems: string[] = [];
      const a11y: string[] = [];
      const { context, page } = await loginAs(role);
      const failed: string[] = [];
      page.on("response", (r) => {
        if (r.url().includes("/api/") && r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
      });
      await settle(page);
      // Open every submenu, then read the menu's links and the home page's own links (tiles, 待办).
      // (The locator is re-evaluated on every use: click the first closed one until none is left; `.all()` + nth(i) would skip.)
      const closed = page.locator('[data-testid="main-menu"] .ant-menu-submenu:not(.ant-menu-submenu-open) > .ant-menu-submenu-title');
      for (let n = await closed.count(); n > 0 && (await closed.count()) > 0; n--) {
        const before = await closed.count();
        await closed.first().click();
        await expect.poll(() => closed.count()).toBeLessThan(before);
      }
      const menuLinks = await page.locator('[data-testid="main-menu"] a[href]').evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
      const homeLinks = await page.locator(".ant-layout-content a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
      const links = [...new Set(["/", ...menuLinks, ...homeLinks].filter((h) => h.startsWith("/") && !h.startsWith("/api/")))];
      for (const link of links) {
        if (link.includes("/:")) problems.push(`placeholder link ${link}`);
        failed.length = 0;
        await page.goto(`${platform.server.url}${link}`);
        await settle(page);
        const errorPage = await page.locator(".ant-result-error, .ant-result-403, .ant-result-404, .ant-result-500, .ant-message-error").count();
        const body = await page.locator("body").innerText();
        if (errorPage || /请求内容不符合要求|服务器内部错误/.test(body)) problems.push(`${link} shows an error page`);
        if (failed.length) problems.push(`${link} → ${failed.join(", ")}`);
        for (const f of await axeFindings(page)) a11y.push(`${link}: ${f.impact} ${f.id} (${f.nodes}) ${f.help} — ${f.target}`);
      }
      await context.close();
      console.log(`${role}: ${links.length} pages`);
      if (a11y.length) console.log(`${role} axe findings:\n${a11y.join("\n")}`);
      expect(problems).toEqual([]);
      expect(a11y).toEqual([]);
    }, 600_000);
  }
});

describe("the shell at 1440 px and 390 px (issue 15: responsive shell)", () => {
  it("home, a list, a form and a detail page: the menu is a drawer on the phone, nothing wider than the screen", async () => {
    for (const [width, height, suffix] of [[1440, 900, "1440"], [390, 844, "390"]] as const) {
      const { context, page } = await loginAs("恩施市就业局操作员", { width, height });
      await home(page);
      const forms = await apiCall<{ id: number }[]>(page, "GET", "/api/forms");
      const pages: [string, string][] = [["/", "home"], ["/labor/persons", "list"], ["/forms/new?kind=operator", "form"]];
      if (forms[0]) pages.push([`/forms/${forms[0].id}`, "detail"]);
      else pages.push(["/me", "detail"]);
      for (const [link, name] of pages) {
        await page.goto(`${platform.server.url}${link}`);
        await settle(page);
        // The page itself never scrolls sideways (tables scroll inside their card).
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${link} at ${width}px`).toBeLessThanOrEqual(1);
        const margin = await page.evaluate(() => getComputedStyle(document.body).margin);
        expect(margin).toBe("0px");
        await shot(page, `shell-${name}-${suffix}.png`);
      }
      if (width < 768) {
        expect(await page.locator(".ant-layout-sider").count()).toBe(0);
        await page.getByTestId("menu-toggle").click();
        await page.locator(".ant-drawer-open [data-testid=main-menu]").waitFor();
        await shot(page, "shell-menu-390.png");
      }
      await context.close();
    }
  });
});

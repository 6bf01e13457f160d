/**
 * Shared browser helpers for the end-to-end tests: Debian's Chromium through playwright-core, and the real QR login
 * through the e-SSC simulator page (the citizen's phone).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, expect } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium.js";
import { startServer, type RunningServer } from "./server.js";

export const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));

const OPEN_DROPDOWNS = ".ant-select-dropdown, .ant-picker-dropdown";
const allDropdownsClosed = () => [...document.querySelectorAll(".ant-select-dropdown, .ant-picker-dropdown")].every((e) => !(e as HTMLElement).checkVisibility());

/**
 * Wait until no antd dropdown is open. Under load antd sometimes leaves one open after a pick: close it as a person
 * would, with Escape; if one is still open, fail naming it (and keep a picture in the artifacts).
 */
export async function dropdownsClosed(page: Page) {
  try {
    await page.waitForFunction(allDropdownsClosed, undefined, { timeout: 8000 });
    return;
  } catch {
    await page.keyboard.press("Escape");
  }
  try {
    await page.waitForFunction(allDropdownsClosed, undefined, { timeout: 8000 });
  } catch (e) {
    await page.screenshot({ path: path.join(ARTIFACTS, "failure-dropdown.png") });
    const open = await page.evaluate((sel) => [...document.querySelectorAll(sel)].filter((x) => (x as HTMLElement).checkVisibility()).map((x) => `${x.className}: ${(x as HTMLElement).innerText.slice(0, 200)}`), OPEN_DROPDOWNS);
    throw new Error(`dropdown still open: ${open.join(" | ")}`, { cause: e });
  }
}

export interface DemoIdentity {
  name: string;
  idNumber: string;
  label: string;
}

export class E2E {
  identities: DemoIdentity[] = [];
  private constructor(
    readonly url: string,
    readonly browser: Browser,
  ) {}

  static async open(url: string): Promise<E2E> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const e = new E2E(url, browser);
    const res = await fetch(`${url}/api/essc-sim/identities`);
    e.identities = ((await res.json()) as { identities: DemoIdentity[] }).identities;
    return e;
  }

  identity(labelPart: string): DemoIdentity {
    const found = this.identities.find((i) => i.label.includes(labelPart));
    if (!found) throw new Error(`no demo identity labelled ${labelPart}`);
    return found;
  }

  newContext(): Promise<BrowserContext> {
    return this.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai", acceptDownloads: true });
  }

  /** Open the login page, wait for the real QR image, and return the QR content shown for the simulator. */
  async openLogin(page: Page): Promise<string> {
    await page.goto(`${this.url}/login`);
    await page.getByText("请使用电子社保卡扫码登录").waitFor();
    const img = page.getByTestId("qr-image");
    await img.waitFor();
    expect(await img.getAttribute("src")).toMatch(/^data:image\/png;base64,/);
    await page.getByText("待扫码").waitFor();
    return (await page.getByTestId("qr-content").locator("code").innerText()).trim();
  }

  /** The phone: paste the QR content, scan, pick the demo card, confirm. */
  async scanAndConfirm(sim: Page, qrContent: string, cardLabel: string, opts: { screenshot?: string } = {}) {
    await sim.goto(`${this.url}/essc-sim`);
    await sim.getByText("电子社保卡（演示模拟器）").waitFor();
    await sim.getByTestId("sim-qr-input").fill(qrContent);
    await sim.getByRole("button", { name: /扫\s*码/ }).click();
    await sim.getByRole("button", { name: /确认登录/ }).waitFor();
    await sim.getByText(cardLabel, { exact: true }).click();
    if (opts.screenshot) await shot(sim, opts.screenshot);
    await sim.getByRole("button", { name: /确认登录/ }).click();
    await sim.getByTestId("sim-result").waitFor();
  }

  /** A fresh browser context logged in as the demo card whose label contains `labelPart`. */
  async loginAs(labelPart: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await this.newContext();
    const page = await context.newPage();
    const qr = await this.openLogin(page);
    const sim = await context.newPage();
    await this.scanAndConfirm(sim, qr, this.identity(labelPart).label);
    await sim.close();
    await page.getByTestId("account-name").waitFor({ timeout: 15_000 });
    return { context, page };
  }

  close() {
    return this.browser.close();
  }
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });

/** Pick an option of an antd Select found by its accessible label. */
export async function pickOption(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByLabel(label).click();
  await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: option }).first().click();
}

/**
 * The platform (startServer) and a browser for one test file: started before its tests, closed after them. A file's
 * own afterAll hooks, registered later, run before these close.
 */
export function platformAndBrowser(): { readonly server: RunningServer; readonly e2e: E2E } {
  const held = {} as { server: RunningServer; e2e: E2E };
  beforeAll(async () => {
    held.server = await startServer();
    held.e2e = await E2E.open(held.server.url);
  });
  afterAll(async () => {
    await held.e2e?.close();
    await held.server?.close();
  });
  return held;
}

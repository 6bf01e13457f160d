/**
 * Printable forms (X4): HTML rendered to an A4 PDF by Debian's Chromium (playwright-core) with the Noto Sans CJK font.
 * One browser process is started on first use and reused; it holds no state another instance would need.
 */
import { chromium, type Browser } from "playwright-core";
import QRCode from "qrcode";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

let browser: Promise<Browser> | null = null;

function getBrowser(): Promise<Browser> {
  if (!browser) {
    browser = chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }).catch((e) => {
      browser = null;
      throw e;
    });
  }
  return browser;
}

export async function closePdfBrowser() {
  if (browser) {
    const b = await browser.catch(() => null);
    browser = null;
    await b?.close();
  }
}

export async function htmlToPdf(html: string): Promise<Buffer> {
  const b = await getBrowser();
  const page = await b.newPage();
  try {
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({ format: "A4", printBackground: true, margin: { top: "18mm", bottom: "16mm", left: "16mm", right: "16mm" } });
  } finally {
    await page.close();
  }
}

export const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export async function qrDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { margin: 0, width: 160, errorCorrectionLevel: "M" });
}

/** The shared page frame of every official form: title, number, QR to the record, bordered table styles. */
export function formPage(opts: { title: string; attachment: string; number: string; qr: string; body: string; footer?: string }): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
  * { box-sizing: border-box; }
  body { font-family: "Noto Sans CJK SC", "Noto Sans CJK", sans-serif; font-size: 11pt; color: #000; margin: 0; }
  .attach { font-size: 11pt; }
  h1 { text-align: center; font-size: 17pt; margin: 6mm 0 3mm; letter-spacing: 1px; }
  .meta { display: flex; justify-content: space-between; align-items: flex-end; margin-bottom: 2mm; font-size: 10pt; }
  .qr { text-align: center; font-size: 7pt; }
  .qr img { width: 22mm; height: 22mm; display: block; }
  table { width: 100%; border-collapse: collapse; table-layout: fixed; }
  td, th { border: 1px solid #000; padding: 2mm 1.5mm; vertical-align: middle; word-break: break-all; }
  th { font-weight: normal; background: #fff; }
  .label { text-align: center; width: 18%; }
  .sign { height: 26mm; vertical-align: top; position: relative; }
  .sign .line { position: absolute; bottom: 2mm; right: 4mm; }
  .small { font-size: 9pt; }
  .center { text-align: center; }
  .footer { margin-top: 3mm; font-size: 9pt; }
  </style></head><body>
  <div class="attach">${esc(opts.attachment)}</div>
  <h1>${esc(opts.title)}</h1>
  <div class="meta"><div>编号：${esc(opts.number)}</div><div class="qr"><img src="${opts.qr}" alt="二维码"/>扫码核验</div></div>
  ${opts.body}
  ${opts.footer ? `<div class="footer">${opts.footer}</div>` : ""}
  </body></html>`;
}

/** Helpers for the S-LABOR integration tests: multipart uploads through the real HTTP layer, and polling a commit. */
import type { Client } from "./harness.js";
import { multipart } from "./multipart.js";

export { multipart };

export async function upload(c: Client, fileName: string, bytes: Buffer) {
  const m = multipart(fileName, bytes);
  return c.request("POST", "/api/labor/import", m.body, m.headers);
}

/** Commit and wait for the end, through the progress endpoint as the browser does. Returns the progress values seen. */
export async function commitAndWait(c: Client, batchId: number): Promise<{ final: Record<string, unknown>; seen: number[] }> {
  const start = await c.post(`/api/labor/import/${batchId}/commit`, { wait: false });
  if (start.statusCode !== 202) throw new Error(`commit: ${start.statusCode} ${start.body}`);
  const seen: number[] = [];
  for (let i = 0; i < 600; i++) {
    const r = await c.get(`/api/labor/import/${batchId}`);
    const v = r.json() as Record<string, unknown>;
    seen.push(Number(v.progress));
    if (v.status === "committed" || v.status === "failed") return { final: v, seen };
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error("commit did not finish");
}

/** Helpers shared by the requirement tests (src/requirements/*.test.ts): the demo actors, form bodies, steps, snapshots. */
import { expect } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Client, TestEnv } from "./harness.js";
import { requirements, requirementSteps } from "../requirements/schema.js";
import { auditLog } from "../core/db/schema.js";
import { chinaToday } from "../core/time.js";

export { multipart, PNG_1x1, TINY_PDF } from "./multipart.js";

export const ACTORS = {
  sub: "州人社局就业促进科需求提出人",
  head: "州人社局就业促进科科长",
  svcHead: "州人社局政务服务科科长",
  mgr: "州信息中心需求管理员",
  ven: "运维公司项目负责人",
  esSub: "恩施市就业局需求提出人",
  esLead: "恩施市就业局分管领导",
  lcSub: "利川市就业局需求提出人",
} as const;
export type Who = keyof typeof ACTORS;

export async function loginAll(env: TestEnv): Promise<Record<Who, Client>> {
  const out = {} as Record<Who, Client>;
  for (const [k, label] of Object.entries(ACTORS) as [Who, string][]) out[k] = await env.login(label);
  return out;
}

export const form = (over: Record<string, unknown> = {}) => ({
  title: "测试需求",
  subsystem: "LABOR",
  contactName: "向明",
  contactPhone: "13907180001",
  type: "new",
  urgency: "normal",
  description: "## 需求\n增加筛选条件。",
  ...over,
});

export async function create(c: Client, over: Record<string, unknown> = {}): Promise<number> {
  const res = await c.post("/api/requirements", form(over));
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { id: number }).id;
}

export async function act(c: Client, id: number, action: string, body: Record<string, unknown> = {}) {
  const res = await c.post(`/api/requirements/${id}/actions/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json() as { id: number; status: string; number: string | null; dueDate: string | null };
}

export async function detail(c: Client, id: number) {
  const res = await c.get(`/api/requirements/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Record<string, any>;
}

export const today = () => chinaToday();

/** Status, step count and audit rows of a requirement: compared before and after a refused step ("nothing changed"). */
export async function snapshot(env: TestEnv, id: number) {
  const db = env.ctx.db;
  const [r] = await db.select().from(requirements).where(eq(requirements.id, id));
  const [steps] = await db.select({ n: sql<number>`count(*)::int` }).from(requirementSteps).where(eq(requirementSteps.requirementId, id));
  const [audits] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(sql`${auditLog.objectType} = 'requirement' and ${auditLog.objectId} = ${String(id)} and ${auditLog.outcome} = 'success'`);
  return { row: r, steps: Number(steps!.n), audits: Number(audits!.n) };
}


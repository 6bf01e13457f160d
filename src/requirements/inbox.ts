/**
 * 待办 of the requirement workflow (issue 15, R6, R10, X3): the requirements on which this person can take a step
 * now (the same list as 我的待办, src/requirements/ledger.ts myQueue), grouped by step, with the earliest 本环节期限
 * and overdue flagged; and the person's duties in the workflow, named for the home page.
 */
import type { Queryable } from "../core/db/client.js";
import type { Principal } from "../core/access/principal.js";
import type { InboxItem } from "../core/module.js";
import { myQueue } from "./ledger.js";
import { unitInfo } from "./org.js";

export async function requirementsInbox(q: Queryable, p: Principal, now: Date): Promise<InboxItem[]> {
  if (!p.permissions.has("req.read")) return [];
  const { items } = await myQueue(q, p, now);
  const groups = new Map<string, typeof items>();
  for (const i of items) groups.set(i.status, [...(groups.get(i.status) ?? []), i]);
  return [...groups.entries()].map(([status, list]) => {
    const dues = list.map((i) => i.dueDate).filter((d): d is string => !!d).sort();
    return {
      kind: `requirements.${status}`,
      title: `业务需求：${list[0]!.statusName}`,
      count: list.length,
      link: list.length === 1 ? `/requirements/${list[0]!.id}` : "/requirements/queue",
      due: dues[0] ?? null,
      overdue: list.some((i) => i.overdue),
    };
  });
}

export async function requirementDuties(q: Queryable, p: Principal): Promise<string[]> {
  if (!p.permissions.has("req.read")) return [];
  const unit = await unitInfo(q, p.unitId);
  const at = unit ? `（${unit.name}）` : "";
  const out: string[] = [];
  if (p.permissions.has("req.manage")) out.push(`业务需求管理员${at}`);
  if (p.permissions.has("req.evaluate") || p.permissions.has("req.release")) out.push(`运维公司项目负责人${at}`);
  if (p.permissions.has("req.review")) out.push(`业务需求审核人${at}`);
  if (p.permissions.has("req.submit")) out.push(`业务需求提出人${at}`);
  return out;
}

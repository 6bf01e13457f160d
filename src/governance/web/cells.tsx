/** Compact table cells shared by the governance pages (so that a ledger fits the screen without scrolling sideways). */
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { Typography } from "antd";
import { LEVEL_NAMES, fmtTime } from "../../web/labels.js";
import type { Level } from "../../web/types.js";

const small = { fontSize: 12 } as const;

/** 姓名 (link to the account) over the masked 身份证号 (X2). */
export function PersonCell({ id, name, idNumberMasked }: { id: number; name: string; idNumberMasked: string | null }) {
  return (
    <div style={{ lineHeight: 1.5 }}>
      <Link to={`/gov/accounts/${id}`}>{name}</Link>
      <div><Typography.Text type="secondary" style={{ ...small, fontFamily: "monospace" }}>{idNumberMasked ?? "—"}</Typography.Text></div>
    </div>
  );
}

/** 组织机构 · 层级 over the unit. */
export function OrgCell({ orgName, level, unitName }: { orgName: string; level?: Level; unitName?: string | null }) {
  return (
    <div style={{ lineHeight: 1.5 }}>
      {orgName}
      {level && <Typography.Text type="secondary" style={small}> · {LEVEL_NAMES[level]}</Typography.Text>}
      {unitName !== undefined && <div><Typography.Text type="secondary" style={small}>{unitName ?? "未指定单位"}</Typography.Text></div>}
    </div>
  );
}

/** A time, who, and optional notes (reason, form) on small lines. */
export function WhenWhoCell({ at, who, notes }: { at: string | null; who?: string | null; notes?: (string | null | undefined)[] }) {
  if (!at) return <Typography.Text type="secondary">—</Typography.Text>;
  const extra = (notes ?? []).filter((x): x is string => !!x);
  return (
    <div style={{ lineHeight: 1.5 }}>
      {fmtTime(at)}
      {who && <div><Typography.Text type="secondary" style={small}>{who}</Typography.Text></div>}
      {extra.map((n, i) => <div key={i}><Typography.Text type="secondary" style={small}>{n}</Typography.Text></div>)}
    </div>
  );
}

export function Small({ children }: { children: ReactNode }) {
  return <Typography.Text type="secondary" style={small}>{children}</Typography.Text>;
}

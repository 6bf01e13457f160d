/** 使用说明 of a page (issue 15): the registry entry's `help`, for the account's role kind, from a button beside the breadcrumb. */
import { useState } from "react";
import { Button, Modal, Typography } from "antd";
import { QuestionCircleOutlined } from "@ant-design/icons";
import type { PageEntry } from "./module.js";
import type { RoleKind } from "./types.js";

export function helpText(entry: PageEntry, role: RoleKind): string | null {
  const h = entry.help;
  if (!h) return null;
  if (typeof h === "string") return h;
  return h[role] ?? h.operator ?? Object.values(h)[0] ?? null;
}

export function PageHelp({ entry, role }: { entry: PageEntry; role: RoleKind }) {
  const [open, setOpen] = useState(false);
  const text = helpText(entry, role);
  if (!text) return null;
  return (
    <>
      <Button size="small" type="link" icon={<QuestionCircleOutlined />} onClick={() => setOpen(true)} data-testid="page-help">
        使用说明
      </Button>
      <Modal open={open} title={`使用说明：${entry.label}`} onCancel={() => setOpen(false)} footer={<Button type="primary" onClick={() => setOpen(false)}>知道了</Button>}>
        {text.split("\n").map((line, i) => (
          <Typography.Paragraph key={i}>{line}</Typography.Paragraph>
        ))}
      </Modal>
    </>
  );
}

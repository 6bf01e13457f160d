/**
 * 人员离岗登记 (P13, 第十四条): the leave and departure records in the account admin's subtree — open ones (the person is
 * suspended; a 脱岗 clears rights at three months) and past ones (returned) — with 登记返岗 on open records and a way to
 * record a new one for an active account within the admin's duties.
 */
import { useMemo, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Card, Empty, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import { api } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";
import { ACCOUNT_STATUS, ROLE_KIND_NAMES } from "../../web/labels.js";
import { PersonCell, Small, WhenWhoCell } from "./cells.js";
import type { AccountRow, RoleKind } from "../../web/types.js";
import { canManageAccount } from "../rules.js";
import { ReturnDialog, StaffStatusDialog } from "./StaffDialogs.js";
import { actorViewOf, chinaToday, levelOfCode, targetViewOf, type StaffStatusKind } from "./common.js";

interface Row {
  id: number;
  accountId: number;
  kind: StaffStatusKind;
  kindName: string;
  startDate: string;
  expectedEndDate: string | null;
  endedDate: string | null;
  note: string;
  grantsCleared: number;
  recordedAt: string;
  recordedByName: string | null;
  name: string;
  idNumberMasked: string | null;
  orgCode: string;
  orgName: string;
  roleKind: RoleKind;
  status: string;
  rightsClearDate: string;
}

export default function StaffStatusPage() {
  const s = useCurrentSession();
  const qc = useQueryClient();
  const actor = useMemo(() => actorViewOf(s), [s]);
  const [tab, setTab] = useState<"open" | "ended">("open");
  const [recording, setRecording] = useState<{ id: number; name: string } | null>(null);
  const [returning, setReturning] = useState<Row | null>(null);
  const list = useQuery({ queryKey: ["gov", "staff-status"], queryFn: () => api.get<Row[]>("/api/gov/staff-status") });
  const accounts = useQuery({
    queryKey: ["gov", "accounts", { status: "active" }],
    queryFn: () => api.get<AccountRow[]>("/api/gov/accounts?status=active"),
  });
  const manageable = (accounts.data ?? []).filter((a) => canManageAccount(actor, targetViewOf(a)) === null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ["gov"] });
  const open = (list.data ?? []).filter((r) => !r.endedDate);
  const ended = (list.data ?? []).filter((r) => r.endedDate);
  const today = chinaToday();
  const canReturn = (r: Row) => canManageAccount(actor, { accountId: r.accountId, roleKind: r.roleKind, level: levelOfCode(r.orgCode), orgCode: r.orgCode }) === null;

  const table = (rows: Row[], isOpen: boolean) => (
    <Table<Row>
      rowKey="id"
      size="middle"
      tableLayout="fixed"
      loading={list.isLoading}
      dataSource={rows}
      pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty description={isOpen ? "没有未返岗的登记" : "没有已结束的登记"} /> }}
      columns={[
        { title: "姓名 / 身份证号", dataIndex: "name", width: 150, render: (_: string, r: Row) => <PersonCell id={r.accountId} name={r.name} idNumberMasked={r.idNumberMasked} /> },
        { title: "组织机构 / 角色", width: 120, render: (_: unknown, r: Row) => <>{r.orgName}<div><Small>{ROLE_KIND_NAMES[r.roleKind]}</Small></div></> },
        { title: "类别", dataIndex: "kindName", width: 120 },
        {
          title: isOpen ? "开始 / 预计结束" : "开始 / 返岗",
          width: 110,
          render: (_: unknown, r: Row) => <>{r.startDate}<div><Small>{isOpen ? (r.expectedEndDate ? `至 ${r.expectedEndDate}` : "未定") : `${r.endedDate} 返岗`}</Small></div></>,
        },
        {
          title: "权限清理",
          width: 140,
          render: (_: unknown, r: Row) =>
            r.grantsCleared > 0 ? (
              <Tag color="red">已清理 {r.grantsCleared} 项</Tag>
            ) : isOpen && r.kind === "off_duty" ? (
              <Typography.Text type={r.rightsClearDate <= today ? "danger" : "secondary"} style={{ fontSize: 12 }}>满三个月清理：{r.rightsClearDate}</Typography.Text>
            ) : (
              <Small>未清理授权</Small>
            ),
        },
        { title: "账户状态", dataIndex: "status", width: 80, render: (v: string) => <Tag color={ACCOUNT_STATUS[v]?.color}>{ACCOUNT_STATUS[v]?.text ?? v}</Tag> },
        { title: "说明", dataIndex: "note", width: 130, render: (v: string) => v || "—" },
        { title: "登记", width: 150, render: (_: unknown, r: Row) => <WhenWhoCell at={r.recordedAt} who={r.recordedByName} /> },
        ...(isOpen ? [{ title: "操作", width: 80, render: (_: unknown, r: Row) => canReturn(r) && <a onClick={() => setReturning(r)}>登记返岗</a> }] : []),
      ]}
    />
  );

  return (
    <Card
      title="人员离岗登记"
      extra={
        <Select
          showSearch={{ optionFilterProp: "label" }}
          style={{ width: 280 }}
          placeholder="选择人员，登记离岗/脱岗"
          aria-label="选择人员登记离岗"
          value={null}
          loading={accounts.isLoading}
          options={manageable.map((a) => ({ value: a.id, label: `${a.name}（${a.orgName}·${ROLE_KIND_NAMES[a.roleKind]}）` }))}
          onChange={(v: number) => {
            const a = manageable.find((x) => x.id === v);
            if (a) setRecording({ id: a.id, name: a.name });
          }}
        />
      }
    >
      <Typography.Paragraph type="secondary">
        人员退休、离职、调岗，脱岗三个月以上（病假、产假等），接受纪检监察或司法机关调查，或有其他不能正常履职情形的，及时清理其权限（第十四条）。
        登记后账户立即暂停；返岗后已清理的权限须重新授权。
      </Typography.Paragraph>
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as "open" | "ended")}
          items={[
            { key: "open", label: `未返岗（${open.length}）`, children: table(open, true) },
            { key: "ended", label: `已返岗（${ended.length}）`, children: table(ended, false) },
          ]}
        />
      </Space>
      <StaffStatusDialog account={recording} open={!!recording} onClose={() => setRecording(null)} onDone={refresh} />
      <ReturnDialog record={returning} open={!!returning} onClose={() => setReturning(null)} onDone={refresh} />
    </Card>
  );
}

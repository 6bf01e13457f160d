/**
 * 账户管理台账 (P7(3)): one row per change of an account — created, changed, disabled, suspended (P13), moved, role
 * changed, cancelled — by whom, when, why and on which request form (附件1/附件2), within the viewer's subtree (P9);
 * filtered and paged on the server, and exported to Excel with the same filters.
 */
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Card, Table, Tag, Typography } from "antd";
import { api, qs } from "../../web/api.js";
import { ACCOUNT_STATUS, ROLE_KIND_NAMES } from "../../web/labels.js";
import type { Level, RoleKind } from "../../web/types.js";
import { ACCOUNT_ACTION_NAMES, ACTION_COLORS, type AccountAction } from "./common.js";
import { ExportButton, LedgerFilterBar, ledgerPagination, type LedgerFilter } from "./LedgerFilters.js";
import { OrgCell, PersonCell, Small, WhenWhoCell } from "./cells.js";

interface Row {
  id: number;
  at: string;
  action: AccountAction;
  actionName: string;
  reason: string | null;
  formRef: string | null;
  byName: string | null;
  accountId: number;
  name: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  roleKind: RoleKind;
  status: string;
  orgName: string;
  level: Level;
  unitName: string | null;
  summary: string;
}

export default function AccountLedgerPage() {
  const [filter, setFilter] = useState<LedgerFilter>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useQuery({
    queryKey: ["gov", "ledger", "accounts", filter, page],
    queryFn: () => api.get<{ total: number; items: Row[] }>(`/api/gov/ledgers/accounts${qs({ ...filter, ...page })}`),
    placeholderData: keepPreviousData,
  });
  return (
    <Card title="账户管理台账" extra={<ExportButton url="/api/gov/ledgers/accounts/export" filter={filter} name="账户管理台账" />}>
      <Typography.Paragraph type="secondary">
        账户管理员建立账户管理台账（第八条第三项）：每一次创建、变更、停用、暂停、返岗、调动、角色变更、注销，记录办理人、时间、原因和申请表编号。
      </Typography.Paragraph>
      <LedgerFilterBar
        value={filter}
        onChange={(f) => {
          setFilter(f);
          setPage((p) => ({ ...p, page: 1 }));
        }}
        actions={(Object.keys(ACCOUNT_ACTION_NAMES) as AccountAction[]).map((k) => ({ value: k, label: ACCOUNT_ACTION_NAMES[k] }))}
      />
      <Table<Row>
        rowKey="id"
        size="small"
        tableLayout="fixed"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={ledgerPagination(page, setPage, list.data?.total ?? 0)}
        columns={[
          { title: "变更时间 / 办理人", dataIndex: "at", width: 150, render: (v: string, r) => <WhenWhoCell at={v} who={r.byName} /> },
          { title: "操作类别", dataIndex: "action", width: 130, render: (v: AccountAction, r) => <Tag color={ACTION_COLORS[v]} style={{ whiteSpace: "normal" }}>{r.actionName}</Tag> },
          { title: "姓名 / 身份证号", dataIndex: "name", width: 150, render: (_: string, r) => <PersonCell id={r.accountId} name={r.name} idNumberMasked={r.idNumberMasked} /> },
          { title: "组织机构 / 单位", width: 170, render: (_, r) => <OrgCell orgName={r.orgName} level={r.level} unitName={r.unitName} /> },
          {
            title: "角色 / 当前状态",
            dataIndex: "roleKind",
            width: 110,
            render: (v: RoleKind, r) => <>{ROLE_KIND_NAMES[v]}<br /><Tag color={ACCOUNT_STATUS[r.status]?.color}>{ACCOUNT_STATUS[r.status]?.text ?? r.status}</Tag></>,
          },
          { title: "变更内容", dataIndex: "summary", width: 220, render: (v: string) => v || "—" },
          {
            title: "原因 / 申请表编号",
            width: 160,
            render: (_, r) => (r.reason || r.formRef ? <>{r.reason ?? ""}{r.formRef && <div><Small>{r.formRef}</Small></div>}</> : <Small>—</Small>),
          },
        ]}
      />
    </Card>
  );
}

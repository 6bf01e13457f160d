/**
 * 权限管理台账 (P8(3)): one row per grant — a position given to an operator, or a subsystem given to a permission
 * admin — with who granted it and when, who revoked it and when, why, and on which request forms, within the
 * viewer's subtree (P9); filtered and paged on the server, exported to Excel with the same filters (the workbook also
 * carries the positions sheet).
 */
import { useMemo, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Card, Select, Table, Tag, Typography } from "antd";
import { api, qs } from "../../web/api.js";
import { ROLE_KIND_NAMES } from "../../web/labels.js";
import { AREA_NAMES } from "../../web/subsystems.js";
import type { Level, RoleKind, Subsystem } from "../../web/types.js";
import { AREA_CODES, functionNames, useCatalogue } from "./common.js";
import { ExportButton, LedgerFilterBar, ledgerPagination, type LedgerFilter } from "./LedgerFilters.js";
import { OrgCell, PersonCell, Small, WhenWhoCell } from "./cells.js";

interface Row {
  id: number;
  kind: "position" | "admin_subsystem";
  subsystem: Subsystem;
  subsystemName: string;
  positionName: string | null;
  permissions: string[] | null;
  grantedAt: string;
  grantedByName: string | null;
  reason: string | null;
  formRef: string | null;
  revokedAt: string | null;
  revokedByName: string | null;
  revokeReason: string | null;
  revokeFormRef: string | null;
  accountId: number;
  name: string;
  idNumberMasked: string | null;
  roleKind: RoleKind;
  orgName: string;
  level: Level;
  unitName: string | null;
  grantName: string;
  state: string;
}

export default function PermissionLedgerPage() {
  const [filter, setFilter] = useState<LedgerFilter>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const catalogue = useCatalogue();
  const fnames = useMemo(() => functionNames(catalogue.data), [catalogue.data]);
  const list = useQuery({
    queryKey: ["gov", "ledger", "permissions", filter, page],
    queryFn: () => api.get<{ total: number; items: Row[] }>(`/api/gov/ledgers/permissions${qs({ ...filter, ...page })}`),
    placeholderData: keepPreviousData,
  });
  const update = (f: LedgerFilter) => {
    setFilter(f);
    setPage((p) => ({ ...p, page: 1 }));
  };
  return (
    <Card title="权限管理台账" extra={<ExportButton url="/api/gov/ledgers/permissions/export" filter={filter} name="权限管理台账" />}>
      <Typography.Paragraph type="secondary">
        权限管理员建立权限管理台账（第九条第三项）：每一项授权的授权人、授权时间、撤销人、撤销时间、原因和申请表编号。
      </Typography.Paragraph>
      <LedgerFilterBar
        value={filter}
        onChange={update}
        actions={[
          { value: "granted", label: "期间内授权" },
          { value: "revoked", label: "期间内撤销" },
          { value: "active", label: "当前有效" },
        ]}
        extra={
          <Select aria-label="子系统"
            allowClear
            placeholder="子系统"
            style={{ width: 220 }}
            value={filter.subsystem}
            onChange={(v?: string) => update({ ...filter, subsystem: v })}
            options={AREA_CODES.map((c) => ({ value: c, label: AREA_NAMES[c] }))}
          />
        }
      />
      <Table<Row>
        rowKey="id"
        size="small"
        tableLayout="fixed"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={ledgerPagination(page, setPage, list.data?.total ?? 0)}
        columns={[
          { title: "姓名 / 身份证号", dataIndex: "name", width: 150, render: (_: string, r) => <PersonCell id={r.accountId} name={r.name} idNumberMasked={r.idNumberMasked} /> },
          { title: "组织机构 / 单位", width: 160, render: (_, r) => <OrgCell orgName={r.orgName} level={r.level} unitName={r.unitName} /> },
          { title: "角色类型", dataIndex: "roleKind", width: 90, render: (v: RoleKind) => ROLE_KIND_NAMES[v] },
          {
            title: "授权内容",
            width: 280,
            render: (_, r) => (
              <div style={{ lineHeight: 1.5 }}>
                <Typography.Text strong>{r.grantName}</Typography.Text>
                {r.kind === "position" && <div><Small>{r.subsystemName}</Small></div>}
                {r.permissions?.length ? (
                  <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 1, tooltip: r.permissions.map((c) => fnames.get(c)?.name ?? c).join("、") }}>
                    {r.permissions.map((c) => fnames.get(c)?.name ?? c).join("、")}
                  </Typography.Paragraph>
                ) : null}
              </div>
            ),
          },
          { title: "授权", width: 160, render: (_, r) => <WhenWhoCell at={r.grantedAt} who={r.grantedByName} notes={[r.reason, r.formRef]} /> },
          { title: "状态", dataIndex: "state", width: 70, render: (v: string) => <Tag color={v === "有效" ? "green" : "default"}>{v}</Tag> },
          { title: "撤销", width: 160, render: (_, r) => <WhenWhoCell at={r.revokedAt} who={r.revokedByName} notes={[r.revokeReason, r.revokeFormRef]} /> },
        ]}
      />
    </Card>
  );
}

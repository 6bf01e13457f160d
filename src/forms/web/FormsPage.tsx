/**
 * 账户权限申请 (P10, P14–P16): the forms I deal with — to sign, to carry out, my department's — with the 申请台账
 * export for admins and the deadlines that are near or missed (X3).
 */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { Alert, App as AntApp, Button, Card, Dropdown, Segmented, Select, Space, Table, Tag, Typography } from "antd";
import { DownloadOutlined, PlusOutlined } from "@ant-design/icons";
import { api, qs } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { SUBSYSTEM_INFO } from "../../web/subsystems.js";
import { FormStats } from "./FormStats.js";
import { CLOCK_NAMES, download, FORM_KIND_NAMES, FORM_STATUS, type FormKind, type FormListItem, type FormStatus } from "./common.js";

interface Overdue {
  formId: number;
  number: string | null;
  unit: string;
  clock: string;
  dueDate: string;
  overdue: boolean;
}

export default function FormsPage() {
  const s = useCurrentSession();
  const nav = useNavigate();
  const { message } = AntApp.useApp();
  const [view, setView] = useState<"todo" | "all">("todo");
  const [fileMenu, setFileMenu] = useState(false);
  const [status, setStatus] = useState<FormStatus | undefined>();
  const [kind, setKind] = useState<FormKind | undefined>();
  const list = useQuery({
    queryKey: ["forms", view, status, kind],
    queryFn: () => api.get<FormListItem[]>(`/api/forms${qs({ todo: view === "todo" ? true : undefined, status, kind })}`),
  });
  const overdue = useQuery({ queryKey: ["forms-overdue"], queryFn: () => api.get<Overdue[]>("/api/forms/overdue") });
  const canFile = !!s.account.unitId;
  const canExport = hasPermission(s, "gov.account.read");

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      {overdue.data && overdue.data.length > 0 && (
        <Alert
          type={overdue.data.some((o) => o.overdue) ? "error" : "warning"}
          showIcon
          message="办理时限提醒"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {overdue.data.map((o) => (
                <li key={`${o.formId}-${o.clock}`}>
                  <a onClick={() => nav(`/forms/${o.formId}`)}>{o.number ?? "草稿申请表"}</a>（{o.unit}）{CLOCK_NAMES[o.clock] ?? o.clock}，
                  时限 {o.dueDate}{o.overdue ? <Tag color="red" style={{ marginLeft: 8 }}>已超时</Tag> : <Tag color="orange" style={{ marginLeft: 8 }}>即将到期</Tag>}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Card
        title="账户权限申请"
        extra={
          <Space>
            {canExport && (
              <Button icon={<DownloadOutlined />} onClick={() => download("/api/forms/ledger.xlsx", "申请台账.xlsx").catch((e: Error) => message.error(e.message))}>
                导出申请台账
              </Button>
            )}
            {canFile && (
              <Dropdown
                trigger={["click"]}
                open={fileMenu}
                onOpenChange={setFileMenu}
                autoFocus
                menu={{
                  items: [
                    { key: "operator", label: FORM_KIND_NAMES.operator },
                    ...(s.account.level !== "township" ? [{ key: "admin", label: FORM_KIND_NAMES.admin }] : []),
                  ],
                  onClick: ({ key }) => nav(`/forms/new?kind=${key}`),
                }}
              >
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  aria-haspopup="menu"
                  aria-expanded={fileMenu}
                  // Keyboard (issue 15): Enter and Space click the button; ArrowDown opens the menu too.
                  onKeyDown={(e) => {
                    if (e.key === "ArrowDown") {
                      e.preventDefault();
                      setFileMenu(true);
                    }
                  }}
                >
                  填写申请表
                </Button>
              </Dropdown>
            )}
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented value={view} onChange={(v) => setView(v as "todo" | "all")} options={[{ label: "待我处理", value: "todo" }, { label: "全部", value: "all" }]} />
          <Select aria-label="状态" allowClear placeholder="状态" style={{ width: 160 }} value={status} onChange={setStatus}
            options={Object.entries(FORM_STATUS).map(([value, v]) => ({ value, label: v.text }))} />
          <Select aria-label="表别" allowClear placeholder="表别" style={{ width: 260 }} value={kind} onChange={setKind}
            options={Object.entries(FORM_KIND_NAMES).map(([value, label]) => ({ value, label }))} />
        </Space>
        <Table<FormListItem>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          onRow={(r) => ({ onClick: () => nav(`/forms/${r.id}`), style: { cursor: "pointer" } })}
          locale={{ emptyText: view === "todo" ? "暂无待您处理的申请表" : "暂无申请表" }}
          columns={[
            { title: "编号", dataIndex: "number", render: (v: string | null) => v ?? <Typography.Text type="secondary">（草稿）</Typography.Text> },
            { title: "表别", dataIndex: "kind", render: (k: FormKind) => (k === "admin" ? "附件1 管理员" : "附件2 操作员") },
            { title: "子系统", dataIndex: "subsystem", render: (v: string | null) => (v ? SUBSYSTEM_INFO[v as keyof typeof SUBSYSTEM_INFO]?.short ?? v : "—") },
            { title: "申请部门", dataIndex: "applicantUnit" },
            { title: "申请日期", dataIndex: "applyDate" },
            { title: "提交人", dataIndex: "submitter" },
            { title: "状态", dataIndex: "status", render: (st: FormStatus) => <Tag color={FORM_STATUS[st].color}>{FORM_STATUS[st].text}</Tag> },
            {
              title: "时限",
              dataIndex: "deadline",
              render: (d: FormListItem["deadline"]) =>
                d ? <Tag color={d.status === "missed" ? "red" : d.status === "met" ? "green" : "blue"}>{d.dueDate}{d.status === "missed" ? " 超时" : d.status === "met" ? " 按时" : ""}</Tag> : "—",
            },
            { title: "扫描件", dataIndex: "hasScan", render: (v: boolean) => (v ? <Tag color="green">已归档</Tag> : "—") },
          ]}
        />
      </Card>
      {canExport && <FormStats />}
    </Space>
  );
}

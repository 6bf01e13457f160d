/**
 * 长期未登录账户清理 (P7(4)): account admins periodically verify and clear accounts that have not logged in for a long
 * time. The threshold (default 90 days; never-logged-in accounts count from creation) is set by the 州 account admins;
 * a daily job scans each level and this page shows the last scan, the next one, and the live candidates within the
 * admin's duties. The selected candidates are disabled in one all-or-nothing action with one reason — never deleted.
 */
import { useState } from "react";
import { Link } from "react-router-dom";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App as AntApp, Button, Card, Descriptions, Empty, InputNumber, Space, Table, Tag, Typography } from "antd";
import { ReloadOutlined, StopOutlined } from "@ant-design/icons";
import { api } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";
import { LEVEL_NAMES, ROLE_KIND_NAMES, fmtTime } from "../../web/labels.js";
import type { RoleKind } from "../../web/types.js";
import { ActionDialog, FormRefField, ReasonField, opt } from "./ActionDialog.js";
import type { IdleCandidate } from "../cleanup.js";
import type { Json } from "../../core/http/schemas.js";

/** An idle account as the server answers it (src/governance/cleanup.ts). */
type Candidate = Json<IdleCandidate>;

interface Overview {
  thresholdDays: number;
  nextScanAt: string | null;
  lastScan: { scannedAt: string; candidateCount: number; thresholdDays: number; trigger: "job" | "manual" } | null;
  candidates: Candidate[];
}

export default function CleanupPage() {
  const s = useCurrentSession();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const prefecture = s.account.level === "prefecture";
  const q = useQuery({ queryKey: ["gov", "cleanup"], queryFn: () => api.get<Overview>("/api/gov/cleanup") });
  const [selected, setSelected] = useState<number[]>([]);
  const [disabling, setDisabling] = useState(false);
  const [threshold, setThreshold] = useState<number | null>(null);
  const [busy, setBusy] = useState<"scan" | "threshold" | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ["gov"] });

  const scan = async () => {
    setBusy("scan");
    try {
      const r = await api.post<{ candidateCount: number }>("/api/gov/cleanup/scan");
      void message.success(`扫描完成，发现 ${r.candidateCount} 个长期未登录账户`);
      refresh();
    } catch {
      // shown by the API client
    } finally {
      setBusy(null);
    }
  };
  const saveThreshold = async () => {
    if (threshold === null) return;
    setBusy("threshold");
    try {
      const r = await api.put<{ idleDays: number }>("/api/gov/cleanup/settings", { idleDays: threshold });
      void message.success(`长期未登录天数已设为 ${r.idleDays} 天`);
      setThreshold(null);
      refresh();
    } catch {
      // shown by the API client
    } finally {
      setBusy(null);
    }
  };

  const d = q.data;
  const chosen = (d?.candidates ?? []).filter((c) => selected.includes(c.id));
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card title="长期未登录账户清理" loading={!d} extra={<Button icon={<ReloadOutlined />} loading={busy === "scan"} onClick={() => void scan()}>立即扫描</Button>}>
        <Typography.Paragraph type="secondary">
          账户管理员定期核实、清理长期未登录的账户（第八条第四项）。系统每日自动扫描；停用不删除账户，账户管理台账和审计记录完整保留。
        </Typography.Paragraph>
        {d && (
          <Descriptions bordered size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label="长期未登录天数">
              {prefecture ? (
                <Space>
                  <InputNumber
                    aria-label="长期未登录天数"
                    min={7}
                    max={730}
                    value={threshold ?? d.thresholdDays}
                    onChange={(v) => setThreshold(typeof v === "number" ? v : null)}
                    suffix="天"
                    style={{ width: 120 }}
                  />
                  <Button type="primary" size="small" disabled={threshold === null || threshold === d.thresholdDays} loading={busy === "threshold"} onClick={() => void saveThreshold()}>
                    保存
                  </Button>
                </Space>
              ) : (
                <span>{d.thresholdDays} 天<Typography.Text type="secondary">（由州级账户管理员设置）</Typography.Text></span>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="上次扫描">
              {d.lastScan ? (
                <span data-testid="cleanup-last-scan">
                  {fmtTime(d.lastScan.scannedAt)}（{d.lastScan.trigger === "job" ? "每日自动" : "手动"}，阈值 {d.lastScan.thresholdDays} 天，发现 {d.lastScan.candidateCount} 个）
                </span>
              ) : (
                "尚未扫描"
              )}
            </Descriptions.Item>
            <Descriptions.Item label="下次自动扫描">{d.nextScanAt ? fmtTime(d.nextScanAt) : "—"}</Descriptions.Item>
          </Descriptions>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
          从未登录的账户自创建之日起计算。{prefecture ? "州级账户管理员清理州级账户及县（市）账户管理员、权限管理员账户；" : ""}
          县（市）账户管理员清理本县（市）及所辖乡镇的操作员账户（第八条）。
        </Typography.Paragraph>
      </Card>

      <Card
        title={`清理对象（${d?.candidates.length ?? 0}）`}
        extra={
          <Button danger type="primary" icon={<StopOutlined />} disabled={!chosen.length} onClick={() => setDisabling(true)}>
            停用所选{chosen.length ? `（${chosen.length}）` : ""}
          </Button>
        }
      >
        <Table<Candidate>
          rowKey="id"
          size="middle"
          loading={q.isLoading}
          dataSource={d?.candidates ?? []}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
          pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={`没有超过 ${d?.thresholdDays ?? 90} 天未登录的账户`} /> }}
          columns={[
            { title: "姓名", dataIndex: "name", width: 110, render: (v: string, r) => <Link to={`/gov/accounts/${r.id}`}>{v}</Link> },
            { title: "身份证号", dataIndex: "idNumberMasked", width: 170, render: (v: string | null) => <span style={{ fontFamily: "monospace" }}>{v ?? "—"}</span> },
            {
              title: "组织机构 / 单位",
              render: (_, r) => (
                <div style={{ lineHeight: 1.5 }}>
                  {r.orgName}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}> · {LEVEL_NAMES[r.level]}</Typography.Text>
                  <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.unitName ?? "未指定单位"}</Typography.Text></div>
                </div>
              ),
            },
            { title: "角色", dataIndex: "roleKind", width: 110, render: (v: RoleKind) => ROLE_KIND_NAMES[v] },
            { title: "最近登录", dataIndex: "lastLoginAt", width: 170, render: (v: string | null) => (v ? fmtTime(v) : <Tag color="orange">从未登录</Tag>) },
            { title: "未登录天数", dataIndex: "idleDays", width: 110, align: "right", render: (v: number) => <Typography.Text type="danger">{v} 天</Typography.Text> },
            { title: "创建时间", dataIndex: "createdAt", width: 170, render: (v: string) => fmtTime(v) },
          ]}
        />
      </Card>

      {disabling && (
        <ActionDialog<{ reason: string; formRef?: string }>
          open
          title={`停用长期未登录账户（${chosen.length} 个）`}
          okText="停用"
          danger
          initialValues={{ reason: `超过${d?.thresholdDays ?? 90}天未登录，经核实予以停用` }}
          intro={
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`将停用：${chosen.map((c) => c.name).join("、")}`}
              description="全部停用或全部不停用：任何一个账户不符合条件时，本次不停用任何账户。停用不删除账户，会话立即结束。"
            />
          }
          onClose={() => setDisabling(false)}
          onSubmit={async (v) => {
            const r = await api.post<{ disabled: number; sessionsEnded: number }>("/api/gov/cleanup/disable", {
              accountIds: chosen.map((c) => c.id), reason: v.reason.trim(), formRef: opt(v.formRef),
            }, { silent: true });
            setSelected([]);
            refresh();
            return `已停用 ${r.disabled} 个账户`;
          }}
        >
          <ReasonField label="停用原因" />
          <FormRefField />
        </ActionDialog>
      )}
    </Space>
  );
}

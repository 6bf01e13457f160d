/**
 * 权限复核 (access review campaigns, issue 3; supports P8(2)–(4) and X5 least privilege): the campaigns of the
 * viewer's subtree with their progress, and 发起复核 — a permission admin puts every live grant they are responsible for
 * (optionally one subsystem they hold) under review until a deadline. Each campaign opens its detail page.
 */
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, DatePicker, Form, Input, Progress, Select, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { api } from "../../web/api.js";
import { useCurrentSession } from "../../web/session.js";
import { fmtTime } from "../../web/labels.js";
import { AREA_NAMES } from "../../web/subsystems.js";
import type { Subsystem } from "../../web/types.js";
import { ActionDialog } from "./ActionDialog.js";
import type { CampaignRow } from "./common.js";

export default function CampaignsPage() {
  const s = useCurrentSession();
  const qc = useQueryClient();
  const nav = useNavigate();
  const [starting, setStarting] = useState(false);
  const list = useQuery({ queryKey: ["gov", "campaigns"], queryFn: () => api.get<CampaignRow[]>("/api/gov/review-campaigns") });
  const canStart = s.account.roleKind === "permission_admin" && s.adminSubsystems.length > 0;
  const quarter = Math.floor(dayjs().month() / 3) + 1;

  return (
    <Card
      title="权限复核"
      extra={canStart && <Button type="primary" icon={<PlusOutlined />} onClick={() => setStarting(true)}>发起复核</Button>}
    >
      <Typography.Paragraph type="secondary">
        权限管理员定期对本级（县级含所辖乡镇）操作员的岗位授权、州级对县（市）权限管理员的子系统权限逐项复核：确认保留或撤销；截止日仍未复核的条目单独列出。
      </Typography.Paragraph>
      <Table<CampaignRow>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(r) => ({ onClick: () => nav(`/gov/campaigns/${r.id}`), style: { cursor: "pointer" } })}
        columns={[
          { title: "复核名称", dataIndex: "title", render: (v: string, r) => <Link to={`/gov/campaigns/${r.id}`}>{v}</Link> },
          { title: "层级", dataIndex: "levelName", width: 150 },
          { title: "范围", dataIndex: "subsystem", width: 190, render: (v: Subsystem | null) => (v ? AREA_NAMES[v] : "全部所管子系统") },
          { title: "截止日期", dataIndex: "deadline", width: 120, render: (v: string, r) => <>{v}{r.overdue && <Tag color="red" style={{ marginInlineStart: 6 }}>已逾期</Tag>}</> },
          {
            title: "进度",
            width: 220,
            render: (_, r) => (
              <Progress
                percent={r.items ? Math.round(((r.items - r.pending) / r.items) * 100) : 100}
                size="small"
                aria-label={`进度 ${r.items - r.pending}/${r.items}`}
                format={() => `${r.items - r.pending}/${r.items}`}
                status={r.overdue ? "exception" : r.status === "closed" ? "success" : "active"}
              />
            ),
          },
          {
            title: "状态",
            dataIndex: "status",
            width: 150,
            render: (v: string, r) =>
              v === "open" ? <Tag color="processing">进行中</Tag> : <><Tag>已结束</Tag>{r.unansweredAtClose ? <Typography.Text type="danger">未复核 {r.unansweredAtClose}</Typography.Text> : null}</>,
          },
          { title: "发起", width: 180, render: (_, r) => <>{r.starterName}<br /><Typography.Text type="secondary">{fmtTime(r.startedAt)}</Typography.Text></> },
        ]}
      />
      {starting && (
        <ActionDialog<{ title: string; deadline: Dayjs; subsystem?: Subsystem }>
          open
          title="发起权限复核"
          okText="发起"
          initialValues={{ title: `${dayjs().year()}年第${quarter}季度权限复核`, deadline: dayjs().add(14, "day") }}
          intro={
            <Typography.Paragraph type="secondary">
              复核范围为 {s.account.orgName} 您负责设置的全部有效授权{s.account.level === "prefecture" ? "（州级操作员的岗位、县（市）权限管理员的子系统权限）" : "（本级及所辖乡镇操作员的岗位）"}，可限定为您管理的一个子系统。
            </Typography.Paragraph>
          }
          onClose={() => setStarting(false)}
          onSubmit={async (v) => {
            const c = await api.post<{ id: number; items: number }>("/api/gov/review-campaigns", {
              title: v.title.trim(), deadline: v.deadline.format("YYYY-MM-DD"), subsystem: v.subsystem ?? null,
            }, { silent: true });
            void qc.invalidateQueries({ queryKey: ["gov", "campaigns"] });
            nav(`/gov/campaigns/${c.id}`);
            return `已发起权限复核，共 ${c.items} 项授权待复核`;
          }}
        >
          <Form.Item name="title" label="复核名称" rules={[{ required: true, whitespace: true, message: "请填写复核名称" }, { max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="deadline" label="截止日期" rules={[{ required: true, message: "请选择截止日期" }]}>
            <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isBefore(dayjs(), "day")} />
          </Form.Item>
          <Form.Item name="subsystem" label="子系统" extra="不选则复核您管理的全部子系统">
            <Select allowClear placeholder="全部所管子系统" options={s.adminSubsystems.map((x) => ({ value: x, label: AREA_NAMES[x] }))} />
          </Form.Item>
        </ActionDialog>
      )}
    </Card>
  );
}

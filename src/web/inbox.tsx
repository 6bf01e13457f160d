/**
 * The shell's 待办 and notices (issue 15): the bell in the header with the unread count, a drawer with what waits
 * (every module's inbox kinds, GET /api/inbox) and the notices (read and unread), and the 待办事项 list of the home
 * page. Kinds come from the modules; the shell shows whatever they return, each linking to where it is done.
 */
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Badge, Button, Drawer, Empty, List, Space, Tabs, Tag, Tooltip, Typography } from "antd";
import { BellOutlined, CheckOutlined, RightOutlined } from "@ant-design/icons";
import { api } from "./api.js";
import { fmtTime } from "./labels.js";

export interface InboxEntry {
  module: string;
  kind: string;
  title: string;
  count: number;
  link: string;
  due: string | null;
  overdue: boolean;
}
export interface InboxAnswer {
  items: InboxEntry[];
  total: number;
  unread: number;
  failed: string[];
}
export interface NoticeRow {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export const INBOX_KEY = ["inbox"] as const;
const NOTICES_KEY = ["inbox", "notices"] as const;

/** The inbox, polled in the background (a poll does not reset the idle timeout). */
export function useInbox(opts: { fresh?: boolean } = {}) {
  return useQuery({
    refetchOnMount: opts.fresh ? "always" : true,
    queryKey: INBOX_KEY,
    queryFn: () => api.get<InboxAnswer>("/api/inbox", { background: true, silent: true }),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    staleTime: 10_000,
  });
}

/** The list of what waits: title, count, deadline (overdue in red), linking to where it is done. */
export function InboxList({ items, onOpen, compact }: { items: InboxEntry[]; onOpen?: () => void; compact?: boolean }) {
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无待办事项" data-testid="inbox-empty" />;
  return (
    <List
      size={compact ? "small" : "default"}
      dataSource={items}
      data-testid="inbox-list"
      renderItem={(i) => (
        <List.Item
          key={`${i.module}:${i.kind}`}
          data-testid="inbox-item"
          data-kind={i.kind}
          extra={
            <Link to={i.link} onClick={onOpen} aria-label={`去办理：${i.title}`}>
              去办理 <RightOutlined />
            </Link>
          }
        >
          <Space wrap size={8}>
            <Link to={i.link} onClick={onOpen} style={{ fontWeight: 500 }}>
              {i.title}
            </Link>
            <Badge count={i.count} overflowCount={999} color={i.overdue ? "#c41d1d" : "#1559c2"} />
            {i.due && (
              <Tag color={i.overdue ? "red" : "default"}>
                {i.overdue ? "已超期：" : "期限："}
                {i.due}
              </Tag>
            )}
          </Space>
        </List.Item>
      )}
    />
  );
}

function NoticeList({ onOpen }: { onOpen: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const notices = useQuery({ queryKey: NOTICES_KEY, queryFn: () => api.get<{ items: NoticeRow[]; unread: number }>("/api/inbox/notices") });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: NOTICES_KEY });
    void queryClient.invalidateQueries({ queryKey: INBOX_KEY, exact: true });
  };
  const readOne = useMutation({ mutationFn: (id: number) => api.post(`/api/inbox/notices/${id}/read`), onSuccess: refresh });
  const readAll = useMutation({ mutationFn: () => api.post("/api/inbox/notices/read-all"), onSuccess: refresh });
  const open = (n: NoticeRow) => {
    if (!n.readAt) readOne.mutate(n.id);
    if (n.link) {
      onOpen();
      navigate(n.link);
    }
  };
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Button size="small" icon={<CheckOutlined />} disabled={!notices.data?.unread} loading={readAll.isPending} onClick={() => readAll.mutate()}>
        全部标为已读
      </Button>
      <List
        loading={notices.isLoading}
        dataSource={notices.data?.items ?? []}
        locale={{ emptyText: "暂无通知" }}
        data-testid="notice-list"
        renderItem={(n) => (
          <List.Item
            key={n.id}
            data-testid="notice-item"
            data-unread={n.readAt ? "0" : "1"}
            actions={n.readAt ? [] : [<Button key="read" type="link" size="small" onClick={() => readOne.mutate(n.id)}>标为已读</Button>]}
          >
            <List.Item.Meta
              avatar={<Badge status={n.readAt ? "default" : "processing"} />}
              title={
                n.link ? (
                  <Typography.Link onClick={() => open(n)} strong={!n.readAt}>
                    {n.title}
                  </Typography.Link>
                ) : (
                  <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                )
              }
              description={
                <>
                  {n.body && <div>{n.body}</div>}
                  <Typography.Text type="secondary">{fmtTime(n.createdAt)}</Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Space>
  );
}

/** The header's bell: unread notices as the badge; the drawer shows 待办 and 通知. */
export function NoticeBell() {
  const inbox = useInbox();
  const [open, setOpen] = useState(false);
  const unread = inbox.data?.unread ?? 0;
  const waiting = inbox.data?.total ?? 0;
  const label = `待办 ${waiting} 项，未读通知 ${unread} 条`;
  return (
    <>
      <Tooltip title={label}>
        <Badge count={unread} size="small" overflowCount={99}>
          <Button
            type="text"
            aria-label={label}
            data-testid="notice-bell"
            icon={<BellOutlined style={{ color: "#fff", fontSize: 18 }} />}
            onClick={() => setOpen(true)}
          />
        </Badge>
      </Tooltip>
      <Drawer title="待办与通知" open={open} onClose={() => setOpen(false)} width={440} data-testid="notice-drawer">
        {inbox.data?.failed.length ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="部分子系统的待办暂时无法读取，请稍后刷新" /> : null}
        <Tabs
          items={[
            { key: "todo", label: `待办事项（${waiting}）`, children: <InboxList items={inbox.data?.items ?? []} onOpen={() => setOpen(false)} compact /> },
            { key: "notices", label: `通知（未读 ${unread}）`, children: <NoticeList onOpen={() => setOpen(false)} /> },
          ]}
        />
      </Drawer>
    </>
  );
}

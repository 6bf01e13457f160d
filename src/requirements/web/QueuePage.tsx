/**
 * 我的待办: the requirements on which this account can take a step now (for the 运维公司 this is its queue, R6), with the
 * steps open to it, the current deadline and whether it is overdue (X3).
 */
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { Button, Card, Empty, Space, Table, Tag } from "antd";
import { api } from "../../web/api.js";
import { ACTION_NAMES, type ReqListItem } from "./common.js";
import { requirementColumns } from "./columns.js";

export default function QueuePage() {
  const nav = useNavigate();
  const q = useQuery({ queryKey: ["req-queue"], queryFn: () => api.get<{ items: ReqListItem[] }>("/api/requirements/queue") });
  const overdue = q.data?.items.filter((i) => i.overdue).length ?? 0;
  return (
    <Card title={<Space>我的待办{overdue > 0 && <Tag color="red">{overdue} 项已逾期</Tag>}</Space>} loading={q.isLoading}>
      {q.data && !q.data.items.length ? (
        <Empty description="暂无待办业务需求" />
      ) : (
        <Table<ReqListItem>
          rowKey="id"
          size="small"
          dataSource={q.data?.items}
          pagination={false}
          scroll={{ x: 1500 }}
          columns={[
            ...requirementColumns({ showHolder: false }),
            {
              title: "可办理",
              dataIndex: "allowedActions",
              width: 260,
              render: (acts: ReqListItem["allowedActions"], r: ReqListItem) => (
                <Space wrap size={4}>
                  {(acts ?? []).map((a) => <Button key={a} size="small" type="link" onClick={() => nav(`/requirements/${r.id}`)}>{ACTION_NAMES[a]}</Button>)}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

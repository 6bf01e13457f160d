/**
 * 户信息（一户一表）(S-LABOR, X2, P9): one household as GET /api/labor/households/:id gives it — 户编号, village,
 * address — and its members within the operator's data scope, 身份证号 masked; each member links to the record and,
 * with labor.person.update, to its edit form; 登记下一户 (labor.person.create) goes on with the survey.
 */
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Descriptions, Space, Table, Typography } from "antd";
import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { Link, useNavigate, useParams } from "react-router-dom";
import { api } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { fmtTime } from "../../web/labels.js";
import { nameOf } from "./common.js";
import type { HouseholdMember } from "../service.js";

type Member = HouseholdMember;

interface Household {
  id: number;
  householdNo: string;
  villageCode: string;
  villageName: string | null;
  address: string | null;
  createdAt: string;
  members: Member[];
}

export default function HouseholdPage() {
  const { id } = useParams();
  const s = useCurrentSession();
  const navigate = useNavigate();
  const canEdit = hasPermission(s, "labor.person.update");
  const q = useQuery({ queryKey: ["labor", "household", id], queryFn: () => api.get<Household>(`/api/labor/households/${id}`, { silent: true }), retry: false });

  if (q.isError) return <Alert type="error" showIcon message={(q.error as Error).message} />;
  if (!q.data) return <Card loading />;
  const h = q.data;

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Space>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>返回</Button>
        <Typography.Title level={4} style={{ margin: 0 }}>户编号 {h.householdNo}</Typography.Title>
        {hasPermission(s, "labor.person.create") && (
          <Button icon={<PlusOutlined />} onClick={() => navigate("/labor/households/new")}>登记下一户</Button>
        )}
      </Space>
      <Card size="small" title="户信息">
        <Descriptions size="small" bordered column={2}>
          <Descriptions.Item label="户编号"><span data-testid="household-no">{h.householdNo}</span></Descriptions.Item>
          <Descriptions.Item label="所在村（社区）">{h.villageName ?? h.villageCode}</Descriptions.Item>
          <Descriptions.Item label="家庭住址">{h.address ?? "—"}</Descriptions.Item>
          <Descriptions.Item label="登记时间">{fmtTime(h.createdAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={`家庭成员（${h.members.length} 人）`}>
        <Table<Member>
          data-testid="household-members"
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={h.members}
          columns={[
            { title: "姓名", dataIndex: "name", render: (v: string, m) => <Link to={`/labor/persons/${m.id}`}>{v}</Link> },
            { title: "与户主关系", dataIndex: "relation", render: (v: string | null) => nameOf("relation", v) },
            { title: "身份证号", dataIndex: "idNumberMasked" },
            { title: "性别", dataIndex: "sex", render: (v: string) => nameOf("sex", v) },
            { title: "出生日期", dataIndex: "birthDate" },
            { title: "年龄", dataIndex: "age" },
            { title: "就业状态", dataIndex: "employmentStatus", render: (v: string | null) => nameOf("employmentStatus", v) },
            ...(canEdit ? [{
              title: "操作", key: "ops", render: (_: unknown, m: Member) => (
                <Link to={`/labor/persons/${m.id}/edit`}><EditOutlined /> 修改</Link>
              ),
            }] : []),
          ]}
        />
      </Card>
    </Space>
  );
}

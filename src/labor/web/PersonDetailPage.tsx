/**
 * 人员详情 (S-LABOR, X2): the record's fields by their Chinese names, its household (一户一表), and its change history
 * (who, when, field, old → new). 身份证号 and phone are masked; 查看完整身份证号 (labor.person.reveal-id only) asks
 * for a reason, the server audits it, and only that answer carries the clear values. 编辑 (labor.person.update) opens
 * the edit form; the household's 户编号 opens the household page.
 */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Modal, Space, Table, Tag, Typography } from "antd";
import { ArrowLeftOutlined, EditOutlined, EyeOutlined } from "@ant-design/icons";
import { Link, useNavigate, useParams } from "react-router-dom";
import { api, ApiError } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { fmtTime } from "../../web/labels.js";
import { nameOf, yesNo } from "./common.js";
import type { personDetail } from "../service.js";
import type { Json } from "../../core/http/schemas.js";

/** The answer of GET /api/labor/persons/:id, as the server builds it (src/labor/service.ts personDetail). */
type Detail = Json<Awaited<ReturnType<typeof personDetail>>>;
type Change = Detail["history"][number];

const SOURCE_NAMES: Record<string, string> = { manual: "手工修改", survey: "入户调查", import: "批量导入" };
const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? "—" : String(v));

export default function PersonDetailPage() {
  const { id } = useParams();
  const s = useCurrentSession();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [asking, setAsking] = useState(false);
  const [revealed, setRevealed] = useState<{ idNumber: string; phone: string | null } | null>(null);
  const [revealing, setRevealing] = useState(false);
  const q = useQuery({
    queryKey: ["labor", "person", id],
    queryFn: () => api.get<Detail>(`/api/labor/persons/${id}`, { silent: true }),
    retry: false,
  });

  const reveal = async () => {
    const { reason } = await form.validateFields();
    setRevealing(true);
    try {
      const r = await api.post<{ idNumber: string; phone: string | null }>(`/api/labor/persons/${id}/reveal`, { reason: reason.trim() });
      setRevealed(r);
      setAsking(false);
      form.resetFields();
      void message.success("已显示完整信息，本次查看已记录审计日志");
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    } finally {
      setRevealing(false);
    }
  };

  if (q.isError) return <Alert type="error" showIcon message={(q.error as Error).message} />;
  if (!q.data) return <Card loading />;
  const { person: p, household, history } = q.data;

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Space>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>返回</Button>
        <Typography.Title level={4} style={{ margin: 0 }}>{p.name}</Typography.Title>
        {p.isTransfer && <Tag color="blue">转移劳动力</Tag>}
        {p.returnee && <Tag color="cyan">返乡人员</Tag>}
        {p.poverty && <Tag color="orange">脱贫人口</Tag>}
        {p.monitored && <Tag color="red">监测对象</Tag>}
        {hasPermission(s, "labor.person.update") && (
          <Button icon={<EditOutlined />} onClick={() => navigate(`/labor/persons/${p.id}/edit`)}>编辑</Button>
        )}
      </Space>
      <Card
        size="small"
        title="基本信息"
        extra={hasPermission(s, "labor.person.reveal-id") && !revealed && (
          <Button icon={<EyeOutlined />} onClick={() => setAsking(true)}>查看完整身份证号</Button>
        )}
      >
        <Descriptions size="small" bordered column={3}>
          <Descriptions.Item label="姓名">{p.name}</Descriptions.Item>
          <Descriptions.Item label="身份证号"><span data-testid="person-id-number">{revealed ? revealed.idNumber : p.idNumberMasked}</span></Descriptions.Item>
          <Descriptions.Item label="联系电话"><span data-testid="person-phone">{revealed ? dash(revealed.phone) : dash(p.phoneMasked)}</span></Descriptions.Item>
          <Descriptions.Item label="性别">{nameOf("sex", p.sex)}</Descriptions.Item>
          <Descriptions.Item label="出生日期">{p.birthDate}（{p.age} 岁）</Descriptions.Item>
          <Descriptions.Item label="民族">{nameOf("ethnicity", p.ethnicity)}</Descriptions.Item>
          <Descriptions.Item label="文化程度">{nameOf("education", p.education)}</Descriptions.Item>
          <Descriptions.Item label="常住地">{p.villageName ?? p.regionCode}</Descriptions.Item>
          <Descriptions.Item label="户籍地">{p.hukouCode ? p.hukouName ?? p.hukouCode : "—"}</Descriptions.Item>
          <Descriptions.Item label="与户主关系">{nameOf("relation", p.relation)}</Descriptions.Item>
          <Descriptions.Item label="就业状态">{nameOf("employmentStatus", p.employmentStatus)}</Descriptions.Item>
          <Descriptions.Item label="转移就业去向">{nameOf("transferDest", p.transferDest)}</Descriptions.Item>
          <Descriptions.Item label="外出方式">{nameOf("transferChannel", p.transferChannel)}</Descriptions.Item>
          <Descriptions.Item label="务工行业">{nameOf("industry", p.industry)}</Descriptions.Item>
          <Descriptions.Item label="职业">{nameOf("occupation", p.occupation)}</Descriptions.Item>
          <Descriptions.Item label="月收入（元）">{dash(p.monthlyIncome)}</Descriptions.Item>
          <Descriptions.Item label="外出月数">{dash(p.monthsAway)}</Descriptions.Item>
          <Descriptions.Item label="外出时间">{dash(p.leftDate)}</Descriptions.Item>
          <Descriptions.Item label="务工地点">{dash(p.workPlace)}</Descriptions.Item>
          <Descriptions.Item label="技能等级">{nameOf("skillLevel", p.skillLevel)}</Descriptions.Item>
          <Descriptions.Item label="擅长技能">{p.skills.length ? p.skills.map((k) => nameOf("skills", k)).join("、") : "—"}</Descriptions.Item>
          <Descriptions.Item label="职业资格证书">{dash(p.certificates)}</Descriptions.Item>
          <Descriptions.Item label="培训意愿">{nameOf("trainingWish", p.trainingWish)}</Descriptions.Item>
          <Descriptions.Item label="就业意愿">{nameOf("employmentWish", p.employmentWish)}</Descriptions.Item>
          <Descriptions.Item label="是否转移劳动力">{yesNo(p.isTransfer)}</Descriptions.Item>
          <Descriptions.Item label="是否返乡">{yesNo(p.returnee)}</Descriptions.Item>
          <Descriptions.Item label="是否脱贫人口">{yesNo(p.poverty)}</Descriptions.Item>
          <Descriptions.Item label="是否监测对象">{yesNo(p.monitored)}</Descriptions.Item>
          <Descriptions.Item label="备注" span={2}>{dash(p.remarks)}</Descriptions.Item>
          <Descriptions.Item label="登记">{fmtTime(p.createdAt)} {p.createdByName ?? ""}</Descriptions.Item>
          <Descriptions.Item label="最近修改">{fmtTime(p.updatedAt)} {p.updatedByName ?? ""}</Descriptions.Item>
          <Descriptions.Item label="版本">{p.version}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title={household ? <>家庭成员（户编号 <Link to={`/labor/households/${household.id}`}>{household.householdNo}</Link>）</> : "家庭成员"}>
        {household ? (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={household.members}
            columns={[
              { title: "姓名", dataIndex: "name", render: (v: string, m) => (m.id === p.id ? v : <Link to={`/labor/persons/${m.id}`}>{v}</Link>) },
              { title: "与户主关系", dataIndex: "relation", render: (v: string | null) => nameOf("relation", v) },
              { title: "身份证号", dataIndex: "idNumberMasked" },
              { title: "性别", dataIndex: "sex", render: (v: string) => nameOf("sex", v) },
              { title: "年龄", dataIndex: "age" },
              { title: "就业状态", dataIndex: "employmentStatus", render: (v: string | null) => nameOf("employmentStatus", v) },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">未登记户信息</Typography.Text>
        )}
      </Card>

      <Card size="small" title="变更记录">
        <Table<Change>
          data-testid="person-history"
          rowKey="id"
          size="small"
          dataSource={history}
          locale={{ emptyText: "登记后尚无变更" }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: "时间", dataIndex: "at", render: (v: string) => fmtTime(v), width: 170 },
            { title: "操作人", dataIndex: "actorName", render: (v: string | null) => v ?? "系统" },
            { title: "来源", dataIndex: "source", render: (v: string, c) => `${SOURCE_NAMES[v] ?? v}${c.batchId ? `（批次 ${c.batchId}）` : ""}` },
            { title: "字段", dataIndex: "fieldName" },
            { title: "原值", dataIndex: "oldValue", render: (v: string | null) => dash(v) },
            { title: "新值", dataIndex: "newValue", render: (v: string | null) => dash(v) },
          ]}
        />
      </Card>

      <Modal
        open={asking}
        title="查看完整身份证号、联系电话"
        okText="查看"
        cancelText="取消"
        confirmLoading={revealing}
        onOk={() => void reveal()}
        onCancel={() => setAsking(false)}
        destroyOnHidden
      >
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="查看完整个人信息将记录审计日志（查看人、时间、原因），请仅在工作需要时查看。" />
        <Form form={form} layout="vertical">
          <Form.Item label="查看原因" name="reason" rules={[{ required: true, whitespace: true, min: 2, message: "请填写查看原因（至少2个字）" }]}>
            <Input.TextArea rows={3} maxLength={200} showCount placeholder="例如：核对社保补贴申领人身份" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

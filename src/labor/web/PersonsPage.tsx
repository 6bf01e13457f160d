/**
 * 人员信息 (S-LABOR, X2, P9): search the registry within the operator's data scope — region tree, 就业状态, flags
 * (转移劳动力, 返乡, 脱贫人口, 监测对象, 劳动年龄内), age range and name, and under 更多条件 性别, 文化程度, 民族,
 * 转移去向, 外出方式 and 擅长技能 — as a paged table with 身份证号 and phone masked; 导出 downloads the filtered list as
 * xlsx (labor.export). A row opens the record's detail page; 新增人员 (labor.person.create) opens the entry form.
 */
import { useState } from "react";
import { useQuery, keepPreviousData } from "@tanstack/react-query";
import { App as AntApp, Badge, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from "antd";
import { DownOutlined, DownloadOutlined, PlusOutlined, SearchOutlined, UpOutlined } from "@ant-design/icons";
import { useNavigate } from "react-router-dom";
import { api, download, qs } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { RegionTreeSelect, codeOptions, nameOf, type PersonListItem } from "./common.js";

interface Filters {
  region?: string;
  q?: string;
  status?: string[];
  flags?: string[];
  ageMin?: number | null;
  ageMax?: number | null;
  sex?: string;
  education?: string;
  ethnicity?: string;
  transferDest?: string;
  transferChannel?: string;
  skill?: string;
}

/** The filters under 更多条件: one code each (the API's filterQuery takes them as stored codes). */
const MORE_FILTERS = [
  { name: "sex", label: "性别", list: "sex" },
  { name: "education", label: "文化程度", list: "education" },
  { name: "ethnicity", label: "民族", list: "ethnicity" },
  { name: "transferDest", label: "转移去向", list: "transferDest" },
  { name: "transferChannel", label: "外出方式", list: "transferChannel" },
  { name: "skill", label: "擅长技能", list: "skills" },
] as const;

const FLAG_OPTIONS = [
  { value: "workingAge", label: "劳动年龄内" },
  { value: "transfer", label: "转移劳动力" },
  { value: "returnee", label: "返乡人员" },
  { value: "poverty", label: "脱贫人口" },
  { value: "monitored", label: "监测对象" },
];

function toParams(f: Filters): Record<string, string | number | undefined> {
  const p: Record<string, string | number | undefined> = {
    region: f.region, q: f.q?.trim() || undefined, status: f.status?.length ? f.status.join(",") : undefined,
    ageMin: f.ageMin ?? undefined, ageMax: f.ageMax ?? undefined,
  };
  for (const m of MORE_FILTERS) p[m.name] = f[m.name] || undefined;
  for (const k of f.flags ?? []) p[k] = "true";
  return p;
}

export default function PersonsPage() {
  const s = useCurrentSession();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [exporting, setExporting] = useState(false);
  const [more, setMore] = useState(false);
  const moreSet = MORE_FILTERS.filter((m) => filters[m.name]).length;
  const params = toParams(filters);
  const list = useQuery({
    queryKey: ["labor", "persons", params, page, pageSize],
    queryFn: () => api.get<{ items: PersonListItem[]; total: number }>(`/api/labor/persons${qs({ ...params, page, pageSize })}`),
    placeholderData: keepPreviousData,
  });

  const search = () => {
    setFilters(form.getFieldsValue());
    setPage(1);
  };
  const exportXlsx = async () => {
    setExporting(true);
    try {
      await download(`/api/labor/persons/export${qs(params)}`, "劳动力资源信息.xlsx");
      void message.success("已导出当前筛选结果（身份证号、联系电话已脱敏）");
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }}>
        <Typography.Title level={4} style={{ margin: 0 }}>人员信息</Typography.Title>
        {hasPermission(s, "labor.person.create") && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate("/labor/persons/new")}>新增人员</Button>
        )}
      </Space>
      <Card size="small">
        <Form form={form} layout="inline" onFinish={search} style={{ rowGap: 12 }}>
          <Form.Item label="地区" name="region">
            <RegionTreeSelect session={s} />
          </Form.Item>
          <Form.Item label="姓名" name="q">
            <Input allowClear placeholder="姓名或完整身份证号" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label="就业状态" name="status">
            <Select mode="multiple" allowClear options={codeOptions("employmentStatus")} style={{ minWidth: 180 }} placeholder="全部" maxTagCount={2} />
          </Form.Item>
          <Form.Item label="人员类别" name="flags">
            <Select mode="multiple" allowClear options={FLAG_OPTIONS} style={{ minWidth: 180 }} placeholder="全部" maxTagCount={2} />
          </Form.Item>
          <Form.Item label="年龄">
            <Space.Compact>
              <Form.Item name="ageMin" noStyle><InputNumber min={0} max={120} placeholder="最小" style={{ width: 80 }} aria-label="最小年龄" /></Form.Item>
              <Form.Item name="ageMax" noStyle><InputNumber min={0} max={120} placeholder="最大" style={{ width: 80 }} aria-label="最大年龄" /></Form.Item>
            </Space.Compact>
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>查询</Button>
              <Button onClick={() => { form.resetFields(); setFilters({}); setPage(1); }}>重置</Button>
              {hasPermission(s, "labor.export") && (
                <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>导出</Button>
              )}
              <Button type="link" icon={more ? <UpOutlined /> : <DownOutlined />} onClick={() => setMore((x) => !x)} aria-expanded={more}>
                更多条件{moreSet > 0 && <Badge count={moreSet} size="small" style={{ marginLeft: 4 }} />}
              </Button>
            </Space>
          </Form.Item>
          {/* Kept mounted when folded: a folded condition still applies, and the badge counts it. */}
          <div style={{ display: more ? "flex" : "none", flexWrap: "wrap", rowGap: 12, width: "100%" }} data-testid="more-filters">
            {MORE_FILTERS.map((m) => (
              <Form.Item key={m.name} label={m.label} name={m.name}>
                <Select allowClear showSearch optionFilterProp="label" options={codeOptions(m.list)} style={{ width: 160 }} placeholder="全部" popupMatchSelectWidth={false} />
              </Form.Item>
            ))}
          </div>
        </Form>
      </Card>
      <Card size="small">
        <Table<PersonListItem>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          onRow={(r) => ({ onClick: () => navigate(`/labor/persons/${r.id}`), style: { cursor: "pointer" } })}
          pagination={{
            current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100],
            showTotal: (t) => `共 ${t} 人`,
            onChange: (p, ps) => { setPage(p); setPageSize(ps); },
          }}
          columns={[
            { title: "姓名", dataIndex: "name", render: (v: string) => <Typography.Link>{v}</Typography.Link> },
            { title: "身份证号", dataIndex: "idNumberMasked", render: (v: string) => <span data-testid="id-masked">{v}</span> },
            { title: "性别", dataIndex: "sex", render: (v: string) => nameOf("sex", v) },
            { title: "年龄", dataIndex: "age" },
            { title: "民族", dataIndex: "ethnicity", render: (v: string | null) => nameOf("ethnicity", v) },
            { title: "文化程度", dataIndex: "education", render: (v: string | null) => nameOf("education", v) },
            { title: "常住地", dataIndex: "villageName", render: (v: string | null, r) => v ?? r.regionCode },
            { title: "就业状态", dataIndex: "employmentStatus", render: (v: string | null) => nameOf("employmentStatus", v) },
            { title: "转移去向", dataIndex: "transferDest", render: (v: string | null) => nameOf("transferDest", v) },
            {
              title: "类别",
              key: "flags",
              render: (_: unknown, r) => (
                <Space size={2} wrap>
                  {r.isTransfer && <Tag color="blue">转移</Tag>}
                  {r.returnee && <Tag color="cyan">返乡</Tag>}
                  {r.poverty && <Tag color="orange">脱贫</Tag>}
                  {r.monitored && <Tag color="red">监测</Tag>}
                </Space>
              ),
            },
            { title: "联系电话", dataIndex: "phoneMasked", render: (v: string | null) => v ?? "—" },
          ]}
        />
      </Card>
    </Space>
  );
}

/** 零工列表 (S-GIG, X2, P9): workers in scope, masked, filtered by name/身份证号, skill and 困难零工; a row opens the detail. */
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Button, Card, Checkbox, Input, Select, Space, Table, Tag } from "antd";
import { UserAddOutlined } from "@ant-design/icons";
import { useNavigate } from "react-router-dom";
import { api, qs } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { HARDSHIP_NAME, LEVEL_NAME, daysText, useSkills, yuan, type Page } from "./common.js";

interface WorkerItem {
  id: number;
  name: string;
  sex: string;
  idNumberMasked: string;
  phoneMasked: string | null;
  villageName: string | null;
  hardship: string[];
  status: string;
  registeredVia: string;
  wageMinFen: number | null;
  wageMaxFen: number | null;
  availableDays: number;
  skills: { code: string; name: string; level: number }[];
}

export default function WorkersPage() {
  const session = useCurrentSession();
  const navigate = useNavigate();
  const skills = useSkills();
  const [f, setF] = useState<{ q?: string; skill?: string; hardship?: boolean; page: number }>({ page: 1 });
  const list = useQuery({ queryKey: ["gig", "workers", f], queryFn: () => api.get<Page<WorkerItem>>(`/api/gig/workers${qs({ q: f.q, skill: f.skill, hardship: f.hardship ? "true" : undefined, page: f.page, pageSize: 20 })}`), placeholderData: keepPreviousData });
  return (
    <Card title="零工列表" extra={hasPermission(session, "gig.worker.manage") && <Button type="primary" icon={<UserAddOutlined />} onClick={() => navigate("/gig/workers/new")}>零工登记</Button>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder="姓名或身份证号" onSearch={(q) => setF({ ...f, q: q || undefined, page: 1 })} style={{ width: 220 }} />
        <Select allowClear placeholder="技能" aria-label="技能" style={{ width: 160 }} options={(skills.data?.items ?? []).map((s) => ({ value: s.code, label: s.name }))} onChange={(skill) => setF({ ...f, skill, page: 1 })} />
        <Checkbox onChange={(e) => setF({ ...f, hardship: e.target.checked, page: 1 })}>只看困难零工</Checkbox>
      </Space>
      <Table<WorkerItem>
        rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 800 }}
        onRow={(r) => ({ onClick: () => navigate(`/gig/workers/${r.id}`), style: { cursor: "pointer" } })}
        pagination={{ current: f.page, total: list.data?.total ?? 0, pageSize: 20, showSizeChanger: false, onChange: (page) => setF({ ...f, page }) }}
        columns={[
          { title: "姓名", dataIndex: "name", render: (v, r) => <Space>{v}{r.registeredVia === "proxy" && <Tag>代办</Tag>}</Space> },
          { title: "身份证号", dataIndex: "idNumberMasked" },
          { title: "居住地", dataIndex: "villageName" },
          { title: "技能", dataIndex: "skills", render: (s: WorkerItem["skills"]) => s.map((x) => <Tag key={x.code}>{x.name}·{LEVEL_NAME[x.level]}</Tag>) },
          { title: "期望日薪（元）", render: (_, r) => (r.wageMinFen ? `${yuan(r.wageMinFen)}–${yuan(r.wageMaxFen)}` : "—") },
          { title: "可工作日", dataIndex: "availableDays", render: daysText },
          { title: "困难零工", dataIndex: "hardship", render: (h: string[]) => h.map((x) => <Tag color="volcano" key={x}>{HARDSHIP_NAME[x]}</Tag>) },
        ]}
      />
    </Card>
  );
}

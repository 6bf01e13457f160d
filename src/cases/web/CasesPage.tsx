/** 办件查询 (S-CASES): cases in the operator's scope with their live level; 证件号 masked (X2); export to Excel. */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Input, Select, Space, Table, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { Link } from "react-router-dom";
import { api, download, qs } from "../../web/api.js";
import { fmtTime } from "../../web/labels.js";
import { LEVEL, LevelTag, type CaseItem, type Level, type OrgAnswer } from "./common.js";

export default function CasesPage() {
  const [f, setF] = useState<{ q?: string; level?: Level; windowCode?: string }>({});
  const [page, setPage] = useState(1);
  const org = useQuery({ queryKey: ["cases", "org"], queryFn: () => api.get<OrgAnswer>("/api/cases/org") });
  const list = useQuery({ queryKey: ["cases", "list", f, page], queryFn: () => api.get<{ items: CaseItem[]; total: number }>(`/api/cases${qs({ ...f, page, pageSize: 20 })}`) });
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>办件查询</Typography.Title>
      <Card size="small">
        <Space wrap>
          <Input.Search placeholder="办件编号、申请人或事项名称" allowClear style={{ width: 280 }} onSearch={(v) => { setPage(1); setF({ ...f, q: v || undefined }); }} />
          <Select placeholder="状态" allowClear style={{ width: 140 }} value={f.level} onChange={(v) => { setPage(1); setF({ ...f, level: v }); }} options={Object.entries(LEVEL).map(([k, v]) => ({ value: k, label: v.text }))} />
          <Select placeholder="窗口" allowClear style={{ width: 260 }} value={f.windowCode} onChange={(v) => { setPage(1); setF({ ...f, windowCode: v }); }} options={(org.data?.windows ?? []).map((w) => ({ value: w.code, label: `${w.hall} ${w.name}` }))} />
          <Button icon={<DownloadOutlined />} onClick={() => void download(`/api/cases/export${qs(f)}`, "办件清单.xlsx")}>导出 Excel</Button>
        </Space>
      </Card>
      <Table<CaseItem>
        rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []}
        pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage, showTotal: (t) => `共 ${t} 件` }}
        columns={[
          { title: "办件编号", dataIndex: "projid", render: (v: string, r) => <Link to={`/cases/case/${r.id}`}>{v}</Link> },
          { title: "事项名称", dataIndex: "serviceName" },
          { title: "类型", dataIndex: "caseType" },
          { title: "申请人", dataIndex: "applicantName" },
          { title: "证件号码", dataIndex: "applicantCardNo" },
          { title: "受理人", dataIndex: "acceptStaff" },
          { title: "受理时间", dataIndex: "acceptedAt", render: fmtTime },
          { title: "承诺时限", render: (_, r) => `${r.promiseLimit} ${r.limitUnit}` },
          { title: "承诺办结", dataIndex: "promiseDueAt", render: fmtTime },
          { title: "状态", dataIndex: "level", render: (v: Level) => <LevelTag level={v} /> },
        ]}
      />
    </Space>
  );
}

/**
 * 预警看板 (S-CASES) for the hall's screen: open cases per window by level, the most urgent ones listed; large type;
 * refreshes itself every 30 seconds (TanStack Query refetchInterval), filterable by department and window.
 */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Card, Col, Row, Select, Space, Table, Typography } from "antd";
import { api, qs } from "../../web/api.js";
import { fmtTime } from "../../web/labels.js";
import { LevelTag, type Level, type OrgAnswer } from "./common.js";

interface Counts { open: number; warning: number; yellow: number; red: number; paused: number }
interface Board {
  at: string;
  total: Counts;
  windows: (Counts & { windowCode: string; windowName: string; hall: string; departmentCode: string })[];
  urgent: { id: number; projid: string; serviceName: string; windowName: string; acceptStaff: string | null; applicantName: string; promiseDueAt: string | null; level: Level }[];
}

const BIG = { fontSize: 40, fontWeight: 700, lineHeight: 1.1 };
function Tile({ title, value, color }: { title: string; value: number; color: string }) {
  return (
    <Card size="small" style={{ borderTop: `4px solid ${color}` }}>
      <div style={{ fontSize: 18, color: "#666" }}>{title}</div>
      <div style={{ ...BIG, color }} data-testid={`board-${title}`}>{value}</div>
    </Card>
  );
}

export default function BoardPage() {
  const [f, setF] = useState<{ departmentCode?: string; windowCode?: string }>({});
  const org = useQuery({ queryKey: ["cases", "org"], queryFn: () => api.get<OrgAnswer>("/api/cases/org") });
  const b = useQuery({ queryKey: ["cases", "board", f], queryFn: () => api.get<Board>(`/api/cases/board${qs(f)}`), refetchInterval: 30_000, refetchIntervalInBackground: true });
  const d = b.data;
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>办件预警看板</Typography.Title>
        <Space wrap>
          <Select placeholder="全部部门" allowClear style={{ width: 300 }} value={f.departmentCode} onChange={(v) => setF({ departmentCode: v })} options={(org.data?.departments ?? []).map((x) => ({ value: x.code, label: x.name }))} />
          <Select placeholder="全部窗口" allowClear style={{ width: 260 }} value={f.windowCode} onChange={(v) => setF({ ...f, windowCode: v })} options={(org.data?.windows ?? []).filter((w) => !f.departmentCode || w.departmentCode === f.departmentCode).map((w) => ({ value: w.code, label: `${w.hall} ${w.name}` }))} />
          <Typography.Text type="secondary" style={{ fontSize: 16 }}>更新于 {d ? fmtTime(d.at) : "—"}（每 30 秒自动刷新）</Typography.Text>
        </Space>
      </Space>
      <Row gutter={12}>
        <Col span={5}><Tile title="在办" value={d?.total.open ?? 0} color="#1677ff" /></Col>
        <Col span={5}><Tile title="预警" value={d?.total.warning ?? 0} color="#fa8c16" /></Col>
        <Col span={5}><Tile title="黄牌" value={d?.total.yellow ?? 0} color="#d4b106" /></Col>
        <Col span={5}><Tile title="红牌" value={d?.total.red ?? 0} color="#cf1322" /></Col>
        <Col span={4}><Tile title="特别程序" value={d?.total.paused ?? 0} color="#722ed1" /></Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Card title={<span style={{ fontSize: 20 }}>各窗口</span>} size="small">
            <Table size="middle" rowKey="windowCode" pagination={false} loading={b.isLoading} dataSource={d?.windows ?? []} style={{ fontSize: 18 }} columns={[
              { title: "窗口", render: (_, r) => <span style={{ fontSize: 18 }}>{r.hall.replace(/政务服务中心$/, "")} {r.windowName}</span> },
              { title: "在办", dataIndex: "open", render: (v: number) => <span style={{ fontSize: 20 }}>{v}</span> },
              { title: "预警", dataIndex: "warning", render: (v: number) => <span style={{ fontSize: 20, color: v ? "#fa8c16" : undefined }}>{v}</span> },
              { title: "黄牌", dataIndex: "yellow", render: (v: number) => <span style={{ fontSize: 20, color: v ? "#d4b106" : undefined }}>{v}</span> },
              { title: "红牌", dataIndex: "red", render: (v: number) => <span style={{ fontSize: 20, color: v ? "#cf1322" : undefined }}>{v}</span> },
            ]} />
          </Card>
        </Col>
        <Col span={12}>
          <Card title={<span style={{ fontSize: 20 }}>临近或超过时限的办件</span>} size="small">
            <Table size="middle" rowKey="id" pagination={false} dataSource={d?.urgent ?? []} columns={[
              { title: "事项", dataIndex: "serviceName", render: (v: string) => <span style={{ fontSize: 18 }}>{v}</span> },
              { title: "窗口", dataIndex: "windowName" },
              { title: "申请人", dataIndex: "applicantName" },
              { title: "承诺办结", dataIndex: "promiseDueAt", render: (v: string | null) => <span style={{ fontSize: 16 }}>{fmtTime(v)}</span> },
              { title: "状态", dataIndex: "level", render: (v: Level) => <LevelTag level={v} /> },
            ]} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

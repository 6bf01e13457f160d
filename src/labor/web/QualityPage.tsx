/**
 * 数据质量 (S-LABOR, X2, P9): the registry's data-quality checks per township within the operator's data scope — possible
 * duplicates (same name and birth date), impossible ages, missing 入户调查 items, inconsistent transfer data — as a
 * sortable summary table and a stacked bar chart (GET /api/labor/quality), and the fix-list of one township for one kind
 * (GET /api/labor/quality/:township?kind=…). Each row of the fix-list opens the person's edit form, which returns here
 * after saving. The chosen area, township and kind are kept in the address, so the list survives the round trip.
 * 身份证号 are masked as everywhere in lists (X2).
 */
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Space, Table, Tabs, Tag, Typography } from "antd";
import { EditOutlined } from "@ant-design/icons";
import ReactECharts from "echarts-for-react";
import { Link, useLocation, useSearchParams } from "react-router-dom";
import { api, qs } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { RegionTreeSelect } from "./common.js";

type Kind = "duplicate" | "age" | "missing" | "inconsistent";

interface TownshipSummary {
  townshipCode: string;
  townshipName: string;
  persons: number;
  duplicate: number;
  age: number;
  missing: number;
  inconsistent: number;
}

interface FixItem {
  id: number;
  name: string;
  idNumberMasked: string;
  birthDate: string;
  regionCode: string;
  villageName: string | null;
  kind: Kind;
  reason: string;
}

const KINDS: { key: Kind; title: string; color: string }[] = [
  { key: "duplicate", title: "疑似重复登记", color: "#cf1322" },
  { key: "age", title: "年龄异常", color: "#d46b08" },
  { key: "missing", title: "缺少调查必填项", color: "#1677ff" },
  { key: "inconsistent", title: "转移就业信息不一致", color: "#7cb305" },
];
const KIND_TITLE = Object.fromEntries(KINDS.map((k) => [k.key, k.title])) as Record<Kind, string>;
const LIMIT = 500;
const problemsOf = (r: TownshipSummary) => r.duplicate + r.age + r.missing + r.inconsistent;

function FixList({ township, townshipName, kind, counts, onKind }: {
  township: string; townshipName: string; kind: Kind; counts: Record<Kind, number> | undefined; onKind: (k: Kind) => void;
}) {
  const s = useCurrentSession();
  const location = useLocation();
  const canEdit = hasPermission(s, "labor.person.update");
  const q = useQuery({
    queryKey: ["labor", "quality", township, kind],
    queryFn: () => api.get<{ items: FixItem[] }>(`/api/labor/quality/${township}${qs({ kind, limit: LIMIT })}`),
  });
  const items = q.data?.items ?? [];
  // The edit form goes back to this very list after saving.
  const from = location.pathname + location.search;
  return (
    <Card size="small" title={`问题清单：${townshipName}`} data-testid="quality-fix-list">
      <Tabs
        activeKey={kind}
        onChange={(k) => onKind(k as Kind)}
        items={KINDS.map((k) => ({ key: k.key, label: counts ? `${k.title}（${counts[k.key]}）` : k.title }))}
      />
      {items.length >= LIMIT && <Alert type="info" showIcon style={{ marginBottom: 8 }} message={`仅列出前 ${LIMIT} 条；处理后刷新可继续查看其余记录`} />}
      <Table<FixItem>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={items}
        locale={{ emptyText: "没有此类问题" }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 条` }}
        columns={[
          { title: "姓名", dataIndex: "name", render: (v: string, r) => <Link to={`/labor/persons/${r.id}`}>{v}</Link> },
          { title: "身份证号", dataIndex: "idNumberMasked" },
          { title: "出生日期", dataIndex: "birthDate" },
          { title: "常住地", dataIndex: "villageName", render: (v: string | null, r) => v ?? r.regionCode },
          { title: "问题说明", dataIndex: "reason" },
          {
            title: "操作", key: "ops", width: 90,
            render: (_: unknown, r) => (canEdit ? (
              <Link to={`/labor/persons/${r.id}/edit`} state={{ from }}><EditOutlined /> 修改</Link>
            ) : <Link to={`/labor/persons/${r.id}`}>查看</Link>),
          },
        ]}
      />
    </Card>
  );
}

export default function QualityPage() {
  const s = useCurrentSession();
  const [params, setParams] = useSearchParams();
  const region = params.get("region") ?? undefined;
  const township = params.get("township");
  const kind = KINDS.find((k) => k.key === params.get("kind"))?.key ?? "duplicate";
  const q = useQuery({ queryKey: ["labor", "quality", "summary", region], queryFn: () => api.get<{ items: TownshipSummary[] }>(`/api/labor/quality${qs({ region })}`) });
  const rows = useMemo(() => q.data?.items ?? [], [q.data]);
  const current = rows.find((r) => r.townshipCode === township);

  const set = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) if (v) p.set(k, v); else p.delete(k);
    setParams(p, { replace: true });
  };
  const open = (code: string, k: Kind) => set({ township: code, kind: k });

  const chart = {
    animationDuration: 400,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: rows.length > 8 ? 90 : 40 },
    xAxis: { type: "category", data: rows.map((r) => r.townshipName), axisLabel: { rotate: rows.length > 8 ? 40 : 0, interval: 0 } },
    yAxis: { type: "value", name: "人", minInterval: 1 },
    series: KINDS.map((k) => ({ name: k.title, type: "bar", stack: "total", barMaxWidth: 48, itemStyle: { color: k.color }, data: rows.map((r) => r[k.key]) })),
  };
  const count = (k: Kind) => ({
    title: KIND_TITLE[k],
    dataIndex: k,
    align: "right" as const,
    sorter: (a: TownshipSummary, b: TownshipSummary) => a[k] - b[k],
    render: (v: number, r: TownshipSummary) => (v > 0
      ? <Typography.Link onClick={() => open(r.townshipCode, k)} aria-label={`${r.townshipName}${KIND_TITLE[k]}`}>{v.toLocaleString("zh-CN")}</Typography.Link>
      : <Typography.Text type="secondary">0</Typography.Text>),
  });

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>数据质量</Typography.Title>
      <Card size="small">
        <Space direction="vertical" style={{ width: "100%" }}>
          <Typography.Text>
            按乡镇（街道）检查信息库中的疑似重复登记（姓名、出生日期相同而身份证号不同）、年龄异常、缺少入户调查必填项和转移就业信息不一致的记录。点击数字查看问题清单，逐条修改。
          </Typography.Text>
          {s.account.level !== "township" && (
            <Space>
              <Typography.Text>地区</Typography.Text>
              <RegionTreeSelect session={s} value={region} onChange={(v) => set({ region: v && v.length === 12 ? v.slice(0, 9) : v, township: undefined })} aria-label="地区" />
            </Space>
          )}
        </Space>
      </Card>
      <Card size="small" title="各乡镇（街道）问题汇总" loading={q.isLoading}>
        {q.isError && <Alert type="error" showIcon message={(q.error as Error).message} />}
        {rows.length > 0 && (
          <ReactECharts
            option={chart}
            style={{ height: 300 }}
            notMerge
            onEvents={{ click: (e: { dataIndex: number; seriesIndex: number }) => { const r = rows[e.dataIndex]; const k = KINDS[e.seriesIndex]; if (r && k) open(r.townshipCode, k.key); } }}
          />
        )}
        <Table<TownshipSummary>
          data-testid="quality-summary"
          rowKey="townshipCode"
          size="small"
          pagination={false}
          dataSource={rows}
          locale={{ emptyText: "数据范围内没有登记人员" }}
          rowClassName={(r) => (r.townshipCode === township ? "ant-table-row-selected" : "")}
          columns={[
            { title: "乡镇（街道）", dataIndex: "townshipName", sorter: (a, b) => a.townshipCode.localeCompare(b.townshipCode) },
            { title: "登记人数", dataIndex: "persons", align: "right", sorter: (a, b) => a.persons - b.persons, render: (v: number) => v.toLocaleString("zh-CN") },
            ...KINDS.map((k) => count(k.key)),
            {
              title: "问题合计", key: "total", align: "right",
              sorter: (a, b) => problemsOf(a) - problemsOf(b),
              render: (_: unknown, r) => {
                const n = problemsOf(r);
                return n ? <Tag color={n / Math.max(r.persons, 1) > 0.1 ? "red" : "orange"}>{n.toLocaleString("zh-CN")}</Tag> : <Tag color="green">0</Tag>;
              },
            },
          ]}
        />
      </Card>
      {township && (
        <FixList
          key={township}
          township={township}
          townshipName={current?.townshipName ?? township}
          kind={kind}
          counts={current}
          onKind={(k) => set({ kind: k })}
        />
      )}
    </Space>
  );
}

/**
 * 零工详情 (S-GIG): the worker (masked), skills, the labor registry's record of the same person (常住地, skills — read
 * through S-LABOR, never copied), recommended postings with 为什么推荐, applications and credit.
 */
import { useQuery } from "@tanstack/react-query";
import { Card, Descriptions, Empty, List, Space, Table, Tag } from "antd";
import { Link, useParams } from "react-router-dom";
import { api } from "../../web/api.js";
import { hasPermission, useCurrentSession } from "../../web/session.js";
import { APPLICATION_STATUS, HARDSHIP_NAME, LEVEL_NAME, PAY_UNIT, Reasons, StatusTag, daysText, yuan, type Reason } from "./common.js";

interface Detail {
  worker: { id: number; name: string; sex: string; birthDate: string; villageName: string | null; idNumberMasked: string; phoneMasked: string | null; wantedWork: string | null; wageMinFen: number | null; wageMaxFen: number | null; availableDays: number; areaTownships: string[]; hardship: string[]; status: string; registeredVia: string };
  skills: { code: string; name: string; level: number }[];
  registry: { personId: number | null; regionName: string | null; skills: string[]; skillLevel: string | null; employmentStatus: string | null } | null;
  applications: { id: number; status: string; startDate: string; endDate: string; title: string; postingId: number; employerName: string }[];
  credit: { credit: number; avgRating: number | null; ratings: number; noShows: number };
}
interface Rec { postingId: number; title: string; startDate: string; endDate: string; payUnit: string; payFen: number; employerName: string; urgent: boolean; score: number; reasons: Reason[] }

export default function WorkerDetailPage() {
  const { id } = useParams();
  const session = useCurrentSession();
  const d = useQuery({ queryKey: ["gig", "worker", id], queryFn: () => api.get<Detail>(`/api/gig/workers/${id}`) });
  const recs = useQuery({ queryKey: ["gig", "worker", id, "recs"], queryFn: () => api.get<{ items: Rec[] }>(`/api/gig/workers/${id}/recommendations`), enabled: hasPermission(session, "gig.match.manage") });
  if (!d.data) return <Card loading />;
  const { worker: w, skills, registry, credit } = d.data;
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Card title={`零工详情：${w.name}`}>
        <Descriptions column={{ xs: 1, sm: 2, md: 3 }} size="small">
          <Descriptions.Item label="身份证号">{w.idNumberMasked}</Descriptions.Item>
          <Descriptions.Item label="联系电话">{w.phoneMasked ?? "—"}</Descriptions.Item>
          <Descriptions.Item label="居住地">{w.villageName}</Descriptions.Item>
          <Descriptions.Item label="技能">{skills.map((s) => <Tag key={s.code}>{s.name}·{LEVEL_NAME[s.level]}</Tag>)}</Descriptions.Item>
          <Descriptions.Item label="求职意向">{w.wantedWork ?? "—"}</Descriptions.Item>
          <Descriptions.Item label="期望日薪">{w.wageMinFen ? `${yuan(w.wageMinFen)}–${yuan(w.wageMaxFen)} 元` : "—"}</Descriptions.Item>
          <Descriptions.Item label="可工作日">{daysText(w.availableDays)}</Descriptions.Item>
          <Descriptions.Item label="困难零工">{w.hardship.length ? w.hardship.map((h) => <Tag color="volcano" key={h}>{HARDSHIP_NAME[h]}</Tag>) : "否"}</Descriptions.Item>
          <Descriptions.Item label="信用">{credit.credit} 分（{credit.ratings} 次评价，爽约 {credit.noShows} 次）</Descriptions.Item>
          <Descriptions.Item label="登记方式">{w.registeredVia === "proxy" ? "代办" : w.registeredVia === "self" ? "本人" : "工作人员"}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="劳动力资源信息库中的记录" size="small">
        {registry ? (
          <Descriptions column={{ xs: 1, sm: 2, md: 4 }} size="small">
            <Descriptions.Item label="常住地">{registry.regionName}</Descriptions.Item>
            <Descriptions.Item label="就业状态">{registry.employmentStatus ?? "—"}</Descriptions.Item>
            <Descriptions.Item label="技能">{registry.skills.join("、") || "—"}</Descriptions.Item>
            <Descriptions.Item label="技能等级">{registry.skillLevel ?? "—"}</Descriptions.Item>
            {registry.personId && <Descriptions.Item label="档案"><Link to={`/labor/persons/${registry.personId}`}>查看</Link></Descriptions.Item>}
          </Descriptions>
        ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="劳动力资源信息库中没有此人（按身份证号关联）" />}
      </Card>
      {recs.data && (
        <Card title="推荐岗位" size="small">
          <List dataSource={recs.data.items} locale={{ emptyText: "暂无符合条件的岗位" }} renderItem={(r) => (
            <List.Item>
              <List.Item.Meta title={<Space><Link to={`/gig/postings/${r.postingId}`}>{r.title}</Link>{r.urgent && <Tag color="red">即时快招</Tag>}<span>{yuan(r.payFen)} {PAY_UNIT[r.payUnit]}</span><span>得分 {r.score}</span></Space>}
                description={<Space direction="vertical" size={0}><span>{r.employerName} · {r.startDate === r.endDate ? r.startDate : `${r.startDate} 至 ${r.endDate}`}</span><span>为什么推荐：<Reasons reasons={r.reasons} /></span></Space>} />
            </List.Item>
          )} />
        </Card>
      )}
      <Card title="报名与录用" size="small">
        <Table rowKey="id" size="small" dataSource={d.data.applications} pagination={false} scroll={{ x: 600 }} columns={[
          { title: "岗位", dataIndex: "title", render: (v, r) => <Link to={`/gig/postings/${r.postingId}`}>{v}</Link> },
          { title: "用工主体", dataIndex: "employerName" },
          { title: "日期", render: (_, r) => String(r.startDate).slice(0, 10) },
          { title: "状态", dataIndex: "status", render: (s) => <StatusTag map={APPLICATION_STATUS} value={s} /> },
        ]} />
      </Card>
    </Space>
  );
}

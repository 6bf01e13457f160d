/**
 * Shared pieces of the GIG pages (S-GIG station side): labels of the stored codes, money and time formatting, the
 * skill table query, and the shapes of the API answers (as they arrive over JSON).
 */
import { useQuery } from "@tanstack/react-query";
import { Tag } from "antd";
import { api } from "../../web/api.js";

export const STATION_KIND: Record<string, string> = { county_hub: "总站", branch: "分站", grassroots: "基层站", service_point: "服务点" };
export const SERVICE_NAME: Record<string, string> = { matching: "岗位匹配", guidance: "职业指导", training: "培训信息与需求", rights: "维权指导", tools: "工具借用", waiting_room: "候工休息", transport: "交通接送" };
export const LEVEL_NAME: Record<number, string> = { 1: "普工", 2: "熟练工", 3: "师傅" };
export const HARDSHIP_NAME: Record<string, string> = { long_idle: "长期待工", low_income: "低收入家庭", disabled: "残疾", older: "大龄" };
export const PAY_UNIT: Record<string, string> = { day: "元/天", half_day: "元/半天", hour: "元/小时", piece: "元/件" };
export const CHANNEL_NAME: Record<string, string> = { ssc_account: "社保卡账户", bank: "银行转账", wechat: "微信", alipay: "支付宝", cash: "现金" };
export const WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"];

export const POSTING_STATUS: Record<string, { text: string; color: string }> = {
  draft: { text: "草稿", color: "default" },
  pending_review: { text: "待审核", color: "orange" },
  published: { text: "已发布", color: "green" },
  filled: { text: "已招满", color: "blue" },
  closed: { text: "已关闭", color: "default" },
  rejected: { text: "已退回", color: "red" },
};
export const APPLICATION_STATUS: Record<string, { text: string; color: string }> = {
  pending: { text: "待确认", color: "orange" },
  hired: { text: "已录用", color: "green" },
  completed: { text: "已完成", color: "blue" },
  cancelled: { text: "已取消", color: "default" },
};
export const COMPLAINT_STATUS: Record<string, string> = { accepted: "受理", investigating: "调查", mediation: "调解", transferred: "移交劳动监察", closed: "已办结" };
export const OUTCOME_NAME: Record<string, string> = { upheld: "投诉成立", settled: "调解解决", rejected: "投诉不成立" };
export const VERIFICATION: Record<string, { text: string; color: string }> = { verified: { text: "已实名核验", color: "green" }, manual_review: { text: "待人工核验", color: "orange" }, rejected: { text: "核验未通过", color: "red" } };

export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? "—" : `${(fen / 100).toFixed(fen % 100 === 0 ? 0 : 2)}`);
export const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
export const daysText = (mask: number) => (mask === 127 ? "每天" : WEEKDAYS.filter((_, i) => mask & (1 << i)).map((d) => `周${d}`).join("、"));
export const timeOf = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleTimeString("zh-CN", { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Shanghai" }) : "—");
export const dateRange = (a: string, b: string) => (a === b ? a : `${a} 至 ${b}`);

export function StatusTag({ map, value }: { map: Record<string, { text: string; color: string }>; value: string }) {
  const s = map[value] ?? { text: value, color: "default" };
  return <Tag color={s.color}>{s.text}</Tag>;
}

export interface Skill {
  code: string;
  name: string;
  industry: string;
  builtin: boolean;
}
export function useSkills() {
  return useQuery({ queryKey: ["gig", "skills"], queryFn: () => api.get<{ items: Skill[] }>("/api/gig/skills"), staleTime: 60_000 });
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
export interface Reason {
  text: string;
  points: number;
}
export interface PostingItem {
  id: number;
  title: string;
  skillCode: string;
  skillName: string;
  industry: string;
  minLevel: number;
  villageCode: string;
  villageName: string | null;
  startDate: string;
  endDate: string;
  startMin: number;
  endMin: number;
  payUnit: string;
  payFen: number;
  payWithinDays: number;
  headcount: number;
  hiredCount: number;
  requirements: string | null;
  contactName: string;
  contactPhoneMasked: string;
  urgent: boolean;
  status: string;
  flags: string[];
  reviewNote: string | null;
  submittedAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  employerId: number;
  employerName: string;
  employerVerification: string;
}

/** Why a recommendation was made (为什么推荐): its reasons with their points. */
export function Reasons({ reasons }: { reasons: Reason[] }) {
  return (
    <span>
      {reasons.map((r, i) => (
        <Tag key={i} color={r.points > 15 ? "green" : r.points < 0 ? "red" : "default"} style={{ marginBottom: 4 }}>
          {r.text}
          {r.points ? `（${r.points > 0 ? "+" : ""}${r.points}）` : ""}
        </Tag>
      ))}
    </span>
  );
}

/** Shared labels and small pieces of the CASES pages (S-CASES). */
import { Tag } from "antd";

export type Level = "finished" | "paused" | "normal" | "warning" | "yellow" | "red";
export const LEVEL: Record<Level, { text: string; color: string }> = {
  finished: { text: "已办结", color: "default" },
  paused: { text: "特别程序中", color: "purple" },
  normal: { text: "正常", color: "green" },
  warning: { text: "预警", color: "orange" },
  yellow: { text: "黄牌", color: "gold" },
  red: { text: "红牌", color: "red" },
};
export const LevelTag = ({ level }: { level: Level }) => <Tag color={LEVEL[level].color}>{LEVEL[level].text}</Tag>;

export const CARD_STATUS: Record<string, { text: string; color: string }> = {
  pending: { text: "待确认", color: "default" },
  issued: { text: "已发出", color: "red" },
  appealed: { text: "申诉中", color: "processing" },
  escalated: { text: "已上报州级", color: "purple" },
  revoked: { text: "已撤销", color: "green" },
  cleared: { text: "已消除", color: "green" },
};
export const RATING = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"];

export interface CaseItem {
  id: number; projid: string; serviceName: string; caseType: string; applicantName: string; applicantCardNo: string; departmentName: string;
  windowCode: string | null; acceptStaff: string | null; divisionCode: string; acceptedAt: string; promiseLimit: number; limitUnit: string;
  promiseDueAt: string | null; finishedAt: string | null; level: Level;
}
export interface CardItem {
  id: number; caseId: number; level: "yellow" | "red"; specialId: number | null; status: string; windowCode: string | null; dueAt: string; issuedAt: string;
  issuedBy: string | null; appealReason: string | null; appealedAt: string | null; decision: string | null; decisionNote: string | null; decidedAt: string | null;
  projid: string; serviceName: string; acceptStaff: string | null; windowName: string | null;
}
export interface OrgAnswer {
  departments: { code: string; name: string; divisionCode: string }[];
  windows: { code: string; name: string; hall: string; departmentCode: string; divisionCode: string }[];
}
export const CardTag = ({ level }: { level: "yellow" | "red" }) => <Tag color={level === "red" ? "red" : "gold"}>{level === "red" ? "红牌" : "黄牌"}</Tag>;

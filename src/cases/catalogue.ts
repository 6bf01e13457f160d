/**
 * The 人社 services (事项) the bureau's halls handle, and the halls' departments and windows per county (S-CASES). Used
 * by the generator (demo, tests, benchmarks) and by the demo seed to set up the windows.
 */
import { divisionData } from "../core/org.js";

export interface ServiceItem {
  code: string;
  implSuffix: string;
  name: string;
  type: "即办件" | "承诺件" | "联办件" | "上报件";
  promise: number;
  unit: "工作日" | "工作小时";
  legal: number | null;
  dept: DeptKind;
  steps: string[];
}

export type DeptKind = "sb" | "jy" | "rc" | "ldgx" | "gs";

export const DEPT_KINDS: Record<DeptKind, { name: string; window: string }> = {
  sb: { name: "社会保险股", window: "社保综合窗口" },
  jy: { name: "就业促进股", window: "就业创业窗口" },
  rc: { name: "人才与职业能力建设股", window: "人才服务窗口" },
  ldgx: { name: "劳动人事争议仲裁院", window: "劳动仲裁窗口" },
  gs: { name: "工伤保险股", window: "工伤保险窗口" },
};

const S3 = ["受理", "审核", "办结"];
const S4 = ["受理", "审查", "审批", "办结"];

export const SERVICE_ITEMS: ServiceItem[] = [
  { code: "000115001000", implSuffix: "01", name: "失业保险金申领", type: "承诺件", promise: 3, unit: "工作日", legal: 10, dept: "jy", steps: S3 },
  { code: "000115002000", implSuffix: "01", name: "就业创业证申领", type: "即办件", promise: 0, unit: "工作日", legal: 5, dept: "jy", steps: ["受理", "办结"] },
  { code: "000115003000", implSuffix: "01", name: "失业登记", type: "即办件", promise: 0, unit: "工作日", legal: 3, dept: "jy", steps: ["受理", "办结"] },
  { code: "000115004000", implSuffix: "02", name: "就业困难人员认定", type: "承诺件", promise: 5, unit: "工作日", legal: 15, dept: "jy", steps: S4 },
  { code: "000115005000", implSuffix: "01", name: "创业担保贷款申请", type: "联办件", promise: 15, unit: "工作日", legal: 20, dept: "jy", steps: ["受理", "初审", "担保机构审核", "经办银行审核", "办结"] },
  { code: "000115006000", implSuffix: "01", name: "高校毕业生社保补贴申领", type: "承诺件", promise: 10, unit: "工作日", legal: 20, dept: "jy", steps: S4 },
  { code: "000115007000", implSuffix: "01", name: "职业资格证书补办", type: "承诺件", promise: 10, unit: "工作日", legal: 20, dept: "rc", steps: S3 },
  { code: "000115008000", implSuffix: "01", name: "技能提升补贴申领", type: "承诺件", promise: 10, unit: "工作日", legal: 20, dept: "rc", steps: S4 },
  { code: "000115009000", implSuffix: "01", name: "社会保障卡申领", type: "承诺件", promise: 5, unit: "工作日", legal: 15, dept: "sb", steps: ["受理", "制卡", "办结"] },
  { code: "000115010000", implSuffix: "01", name: "企业职工基本养老保险参保登记", type: "承诺件", promise: 4, unit: "工作小时", legal: 16, dept: "sb", steps: S3 },
  { code: "000115011000", implSuffix: "01", name: "养老保险待遇核定", type: "承诺件", promise: 10, unit: "工作日", legal: 20, dept: "sb", steps: S4 },
  { code: "000115012000", implSuffix: "01", name: "基本养老保险关系转移接续", type: "上报件", promise: 15, unit: "工作日", legal: 45, dept: "sb", steps: ["受理", "审核", "上报州社保局", "办结"] },
  { code: "000115013000", implSuffix: "01", name: "工伤认定申请", type: "承诺件", promise: 30, unit: "工作日", legal: 40, dept: "gs", steps: ["受理", "调查核实", "认定", "送达"] },
  { code: "000115014000", implSuffix: "01", name: "劳动能力鉴定申请", type: "承诺件", promise: 20, unit: "工作日", legal: 40, dept: "gs", steps: ["受理", "组织鉴定", "结论", "送达"] },
  { code: "000115015000", implSuffix: "01", name: "劳动人事争议仲裁申请", type: "承诺件", promise: 5, unit: "工作日", legal: 5, dept: "ldgx", steps: ["受理", "立案审查", "办结"] },
];

export interface HallWindow {
  code: string;
  name: string;
  hall: string;
  departmentCode: string;
  departmentName: string;
  divisionCode: string;
  deptKind: DeptKind;
}

/** The hall of each county (县级政务服务中心) with one window per department. */
export function hallWindows(): HallWindow[] {
  const out: HallWindow[] = [];
  for (const c of divisionData().counties) {
    let i = 1;
    for (const [kind, d] of Object.entries(DEPT_KINDS) as [DeptKind, (typeof DEPT_KINDS)[DeptKind]][]) {
      out.push({
        code: `${c.code}-W${String(i).padStart(2, "0")}`,
        name: `${d.window}`,
        hall: `${c.name}政务服务中心`,
        departmentCode: `${c.code}-${kind.toUpperCase()}`,
        departmentName: `${c.name}人力资源和社会保障局${d.name}`,
        divisionCode: c.code,
        deptKind: kind,
      });
      i++;
    }
  }
  return out;
}

export function serviceByCode(code: string): ServiceItem | undefined {
  return SERVICE_ITEMS.find((s) => s.code === code);
}

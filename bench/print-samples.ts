/**
 * Fixed sample data for the printed forms (the print benchmark and the screenshots in docs/screenshots): the same
 * shapes the modules pass to their templates, with demo people (not real 身份证号).
 */
import { qrSvg } from "../src/core/print.js";
import { FORM_NOTES, PLATFORM_NOTE, type FormPrint } from "../src/forms/pdf.js";

const SURNAMES = ["向", "田", "覃", "谭", "黄", "彭", "杨", "张", "李", "刘"];
const GIVEN = ["秀兰", "华", "丽", "志强", "建国", "文静", "海燕", "明", "红梅", "永福"];
const POSTS = ["信息采集员", "信息审核员", "数据统计员", "零工驿站管理员"];

export function sampleRows(n: number): FormPrint["rows"] {
  return Array.from({ length: n }, (_, i) => ({
    category: ["新增", "修改", "注销"][i % 3]!,
    name: `${SURNAMES[i % 10]}${GIVEN[(i * 3) % 10]}`,
    idNumber: `4228011990${String(1 + (i % 12)).padStart(2, "0")}${String(10 + (i % 18)).padStart(2, "0")}****`,
    phone: `1390718${String(1000 + i * 37).slice(-4)}`,
    post: POSTS[i % 4]!,
    requirement: i % 3 === 0 ? "新增账户，分配岗位权限" : i % 3 === 1 ? "修改联系方式信息" : "注销用户，收回岗位权限",
  }));
}

export async function sampleAttachment2(rows: number): Promise<FormPrint> {
  return {
    attachment: "附件2",
    title: "恩施州劳动力资源信息平台操作员账户权限申请表",
    number: "CZY-422801-2026-0007",
    qr: await qrSvg("https://lfp.enshi.example/forms/verify/CZY-422801-2026-0007"),
    notes: FORM_NOTES.operator,
    platformNote: PLATFORM_NOTE,
    subsystem: "劳动力资源信息库",
    unit: "恩施市舞阳坝街道人社服务中心",
    applyDate: "2026年3月2日",
    contactName: "向秀兰",
    contactPhone: "13800001111",
    rows: sampleRows(rows),
    dept: { opinion: "同意。", note: "平台内签署：田华，2026年3月2日 10:15", date: "2026年3月2日" },
    org: { opinion: "同意，请县级管理员办理。", note: "平台内签署：覃丽，2026年3月3日 09:02", date: "2026年3月3日" },
    accountResult: { text: "已创建账户 3 个。", note: "平台内办理：彭志强，2026年3月4日 14:30" },
    permissionResult: { text: "已分配岗位权限 3 项。", note: "平台内办理：杨文静，2026年3月4日 15:05" },
  };
}

export async function sampleAttachment1(rows: number): Promise<FormPrint> {
  const base = await sampleAttachment2(rows);
  return {
    ...base,
    attachment: "附件1",
    title: "恩施州劳动力资源信息平台管理员账户权限申请表",
    number: "GLY-422801-2026-0002",
    notes: FORM_NOTES.admin,
    subsystem: "",
    unit: "恩施市人力资源和社会保障局",
    rows: base.rows.map((r, i) => ({ ...r, post: i % 2 ? "账户管理员" : "权限管理员（劳动力资源信息库、零工驿站子系统）" })),
  };
}

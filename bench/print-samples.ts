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

const REQ_NOTES = (first: string) => [first, "2.子系统名称有：劳动力资源信息库、零工驿站子系统、共享用工子系统、人社数据分析子系统、人社政务服务办件分析预警，请根据实际业务需要填写。"];
const REQ_PLATFORM_NOTE =
  "本表由恩施州劳动力资源信息平台按记录生成；括号内“平台记录”为在平台上审核、测试或填报的人员和时间。纸质表签字盖章后扫描上传，与需求一并归档；扫描右上角二维码可核验本表。";

async function reqCommon(attachment: string, title: string, first: string) {
  return {
    attachment,
    title,
    number: "XQ-2026-0012",
    qr: await qrSvg("https://lfp.enshi.example/requirements/verify/XQ-2026-0012"),
    notes: REQ_NOTES(first),
    platformNote: REQ_PLATFORM_NOTE,
    system: "恩施州劳动力资源信息平台",
    subsystem: "零工驿站子系统",
    unit: "恩施市就业局",
    applyDate: "2026年3月2日",
    contactName: "覃丽",
    contactPhone: "13907185555",
    type: "change",
    urgency: "urgent",
  };
}

export async function sampleApplication() {
  return {
    ...(await reqCommon("附件1", "业务需求申请表", "1.编号由运维公司统一填写。")),
    title2: "零工驿站增加困难零工帮扶台账",
    description: "零工驿站子系统增加困难零工（待工长、低收入、残疾、大龄）帮扶台账。\n台账按乡镇（街道）汇总，可导出 Excel，供县市就业局每月报送。",
    urgencyReason: "年底前须报送困难零工帮扶情况",
    policy: ["关于做好困难零工帮扶工作的通知.pdf"],
    dept: { opinion: "同意提交州就业促进科", note: "平台记录：谭志强，恩施市就业局，2026年3月2日 15:20 审核通过", date: "2026年3月2日" },
    pref: { opinion: "同意，全州推广", note: "平台记录：黄建国，州人社局就业促进科，2026年3月3日 10:05 审核通过", date: "2026年3月3日" },
    evaluation: { feasibility: "可实施", workdays: "5", plan: "新增台账页面与导出，5个工作日", opinion: "技术上可实施", note: "平台记录：彭明，运维公司，2026年3月5日 16:40 评估" },
  };
}

export async function sampleRelease() {
  return {
    ...(await reqCommon("附件2", "业务需求程序发布确认单", "1.编号由运维公司根据《业务需求申请表》填写。")),
    tests: [
      { unit: "州信息中心", summary: "信息中心测试通过", verifiers: "田华", date: "2026年3月16日" },
      { unit: "恩施市就业局", summary: "帮扶台账数据正确", verifiers: "覃丽", date: "2026年3月17日" },
    ],
    testNote: "平台记录：田华，州信息中心，2026年3月16日 11:00 确认测试通过；平台记录：覃丽，恩施市就业局，2026年3月17日 09:30 确认测试通过",
    testDate: "2026年3月17日",
    plan: {
      scope: "零工驿站困难零工模块",
      start: "2026年3月18日 20:00",
      end: "2026年3月18日 22:00",
      lead: "彭经理",
      outcome: "发布成功（2026年3月18日 21:10），发布成功",
      note: "平台记录：彭明，2026年3月17日 17:00 填报",
    },
    planDate: "2026年3月17日",
  };
}

/**
 * S-LABOR code tables: every coded field of the person record is a code list here, stored in the database as its short
 * code and shown by its Chinese name. Zod enums built from these lists validate input; imports accept either the code or
 * the Chinese name (and a few common variants townships write).
 */
import { z } from "zod";

export interface CodeList {
  /** Short code → Chinese name, in display order. */
  readonly items: Readonly<Record<string, string>>;
  /** Extra spellings accepted on import (name → code). */
  readonly aliases?: Readonly<Record<string, string>>;
}

function list(items: Record<string, string>, aliases: Record<string, string> = {}): CodeList {
  return { items, aliases };
}

export const SEX = list({ M: "男", F: "女" }, { 男性: "M", 女性: "F", "1": "M", "2": "F" });

/** 民族 (GB/T 3304). */
export const ETHNICITY = list(
  {
    "01": "汉族", "02": "蒙古族", "03": "回族", "04": "藏族", "05": "维吾尔族", "06": "苗族", "07": "彝族", "08": "壮族",
    "09": "布依族", "10": "朝鲜族", "11": "满族", "12": "侗族", "13": "瑶族", "14": "白族", "15": "土家族", "16": "哈尼族",
    "17": "哈萨克族", "18": "傣族", "19": "黎族", "20": "傈僳族", "21": "佤族", "22": "畲族", "23": "高山族", "24": "拉祜族",
    "25": "水族", "26": "东乡族", "27": "纳西族", "28": "景颇族", "29": "柯尔克孜族", "30": "土族", "31": "达斡尔族",
    "32": "仫佬族", "33": "羌族", "34": "布朗族", "35": "撒拉族", "36": "毛南族", "37": "仡佬族", "38": "锡伯族",
    "39": "阿昌族", "40": "普米族", "41": "塔吉克族", "42": "怒族", "43": "乌孜别克族", "44": "俄罗斯族", "45": "鄂温克族",
    "46": "德昂族", "47": "保安族", "48": "裕固族", "49": "京族", "50": "塔塔尔族", "51": "独龙族", "52": "鄂伦春族",
    "53": "赫哲族", "54": "门巴族", "55": "珞巴族", "56": "基诺族", "97": "其他", "98": "外国血统中国籍人士",
  },
  { 汉: "01", 土家: "15", 苗: "06", 侗: "12", 白: "14", 蒙古: "02", 回: "03" },
);

/** 文化程度 (after GB/T 4658). */
export const EDUCATION = list(
  { "10": "研究生", "20": "大学本科", "30": "大学专科", "40": "中专/技校/职高", "60": "高中", "70": "初中", "80": "小学", "90": "未上学" },
  { 硕士: "10", 博士: "10", 研究生及以上: "10", 本科: "20", 大学: "20", 大专: "30", 专科: "30", 高职: "30", 中专: "40", 技校: "40", 职高: "40", 中职: "40", 中专或中技: "40", 高中及以下: "60", 普通高中: "60", 初中及以下: "70", 文盲: "90", 半文盲: "90", 文盲或半文盲: "90", 学龄前: "90", 无: "90" },
);

/** 就业状态 (S-LABOR). */
export const EMPLOYMENT_STATUS = list(
  { emp: "就业", flex: "灵活就业", self: "自主创业", farm: "务农", unemp: "失业", none: "未就业", study: "在校学生", retired: "退休", unable: "丧失劳动能力" },
  { 已就业: "emp", 单位就业: "emp", 务工: "emp", 外出务工: "emp", 在岗: "emp", 创业: "self", 自营: "self", 个体经营: "self", 在家务农: "farm", 农业生产: "farm", 登记失业: "unemp", 待业: "none", 无业: "none", 在校: "study", 学生: "study", 已退休: "retired", 无劳动能力: "unable" },
);
/** Statuses that count as employed (就业) for 脱贫人口务工 and consistency checks: wage work, flexible work, own business. */
export const EMPLOYED_STATUSES = ["emp", "flex", "self"] as const;

/** 转移就业去向. 乡内 is local work; 转移劳动力 (S-LABOR) means outside one's township for 6 months or more. */
export const TRANSFER_DEST = list(
  { town: "乡内", county: "县内乡外", province: "省内县外", outside: "省外", abroad: "国外" },
  { 乡镇内: "town", 本乡镇: "town", 县内: "county", 县内乡外: "county", 省内: "province", 省内县外: "province", 县外省内: "province", 外省: "outside", 省外: "outside", 境外: "abroad", 国外: "abroad", "国(境)外": "abroad", "国（境）外": "abroad" },
);
export const OUTSIDE_TOWNSHIP_DESTS = ["county", "province", "outside", "abroad"] as const;
/** Minimum months away for a 转移劳动力 (S-LABOR). */
export const TRANSFER_MIN_MONTHS = 6;

/** 外出方式. */
export const TRANSFER_CHANNEL = list(
  { self: "自发", gov: "政府组织", agency: "中介", enterprise: "企业招收" },
  { 自发外出: "self", 自主: "self", 亲友介绍: "self", 政府: "gov", 政府组织输出: "gov", 劳务输出: "gov", 中介介绍: "agency", 职业中介: "agency", 企业招聘: "enterprise", 企业: "enterprise" },
);

/** 务工行业 (GB/T 4754-2017 sections). */
export const INDUSTRY = list(
  {
    A: "农、林、牧、渔业", B: "采矿业", C: "制造业", D: "电力、热力、燃气及水生产和供应业", E: "建筑业", F: "批发和零售业",
    G: "交通运输、仓储和邮政业", H: "住宿和餐饮业", I: "信息传输、软件和信息技术服务业", J: "金融业", K: "房地产业",
    L: "租赁和商务服务业", M: "科学研究和技术服务业", N: "水利、环境和公共设施管理业", O: "居民服务、修理和其他服务业",
    P: "教育", Q: "卫生和社会工作", R: "文化、体育和娱乐业", S: "公共管理、社会保障和社会组织", T: "国际组织",
  },
  { 农业: "A", 农林牧渔: "A", 采矿: "B", 制造: "C", 工厂: "C", 建筑: "E", 建筑施工: "E", 批发零售: "F", 零售: "F", 运输: "G", 交通运输: "G", 物流: "G", 快递: "G", 餐饮: "H", 住宿餐饮: "H", 酒店: "H", 信息技术: "I", 软件: "I", 金融: "J", 房地产: "K", 商务服务: "L", 居民服务: "O", 家政: "O", 修理: "O", 教育培训: "P", 医疗: "Q", 卫生: "Q", 文化娱乐: "R", 公共管理: "S" },
);

/** 职业 (GB/T 6565-2015 major groups). */
export const OCCUPATION = list(
  {
    "1": "党的机关、国家机关、群众团体和社会组织、企事业单位负责人", "2": "专业技术人员", "3": "办事人员和有关人员",
    "4": "社会生产服务和生活服务人员", "5": "农、林、牧、渔业生产及辅助人员", "6": "生产制造及有关人员", "7": "军人", "8": "不便分类的其他从业人员",
  },
  { 负责人: "1", 管理人员: "1", 专业技术: "2", 技术人员: "2", 办事员: "3", 文员: "3", 服务人员: "4", 服务员: "4", 商业服务: "4", 农业生产: "5", 农民: "5", 生产工人: "6", 工人: "6", 普工: "6", 操作工: "6", 其他: "8" },
);

/** 职业技能等级 (国家职业资格/职业技能等级 一级–五级). */
export const SKILL_LEVEL = list(
  { none: "无", "5": "五级/初级工", "4": "四级/中级工", "3": "三级/高级工", "2": "二级/技师", "1": "一级/高级技师" },
  { 无等级: "none", 初级: "5", 初级工: "5", 五级: "5", 中级: "4", 中级工: "4", 四级: "4", 高级: "3", 高级工: "3", 三级: "3", 技师: "2", 二级: "2", 高级技师: "1", 一级: "1" },
);

/** 擅长技能 (several per person). */
export const SKILLS = list(
  {
    construction: "建筑施工", carpentry: "木工", masonry: "泥瓦工", electrician: "电工", welding: "焊工", driving: "驾驶",
    machinery: "机械操作", cooking: "烹饪", sewing: "缝纫", housekeeping: "家政服务", eldercare: "养老护理", childcare: "育婴",
    tea: "茶叶种植加工", planting: "种植", breeding: "养殖", ecommerce: "电子商务", beauty: "美容美发", repair: "维修",
    logistics: "物流快递", tourism: "乡村旅游服务", other: "其他",
  },
  { 建筑: "construction", 瓦工: "masonry", 泥工: "masonry", 电焊: "welding", 司机: "driving", 开车: "driving", 厨师: "cooking", 家政: "housekeeping", 保姆: "housekeeping", 护理: "eldercare", 月嫂: "childcare", 茶叶: "tea", 制茶: "tea", 电商: "ecommerce", 直播: "ecommerce", 美发: "beauty", 汽修: "repair", 快递: "logistics" },
);

/** 培训意愿. */
export const TRAINING_WISH = list(
  { none: "无", guide: "引导性培训", skill: "职业技能培训", startup: "创业培训", upgrade: "岗位技能提升培训" },
  { 不愿意: "none", 否: "none", 技能培训: "skill", 职业技能: "skill", 创业: "startup", 技能提升: "upgrade" },
);

/** 就业意愿. */
export const EMPLOYMENT_WISH = list(
  { none: "暂无", local: "就近就业", out: "外出务工", startup: "自主创业", public: "公益性岗位", flex: "灵活就业" },
  { 无: "none", 本地就业: "local", 就地就近就业: "local", 外出: "out", 创业: "startup", 公益岗位: "public", 公益性岗: "public" },
);

/** 与户主关系. */
export const RELATION = list(
  { head: "户主", spouse: "配偶", child: "子女", parent: "父母", grandchild: "孙子女", sibling: "兄弟姐妹", other: "其他" },
  { 本人: "head", 妻: "spouse", 夫: "spouse", 妻子: "spouse", 丈夫: "spouse", 子: "child", 女: "child", 儿子: "child", 女儿: "child", 长子: "child", 长女: "child", 次子: "child", 次女: "child", 父亲: "parent", 母亲: "parent", 孙子: "grandchild", 孙女: "grandchild", 兄弟: "sibling", 姐妹: "sibling", 儿媳: "other", 女婿: "other" },
);

export const CODE_LISTS = {
  sex: SEX,
  ethnicity: ETHNICITY,
  education: EDUCATION,
  employmentStatus: EMPLOYMENT_STATUS,
  transferDest: TRANSFER_DEST,
  transferChannel: TRANSFER_CHANNEL,
  industry: INDUSTRY,
  occupation: OCCUPATION,
  skillLevel: SKILL_LEVEL,
  skills: SKILLS,
  trainingWish: TRAINING_WISH,
  employmentWish: EMPLOYMENT_WISH,
  relation: RELATION,
} as const;
export type CodeListName = keyof typeof CODE_LISTS;

function keys(l: CodeList): [string, ...string[]] {
  return Object.keys(l.items) as [string, ...string[]];
}

/** Zod enums of the stored codes. */
export const zCode = {
  sex: z.enum(keys(SEX)),
  ethnicity: z.enum(keys(ETHNICITY)),
  education: z.enum(keys(EDUCATION)),
  employmentStatus: z.enum(keys(EMPLOYMENT_STATUS)),
  transferDest: z.enum(keys(TRANSFER_DEST)),
  transferChannel: z.enum(keys(TRANSFER_CHANNEL)),
  industry: z.enum(keys(INDUSTRY)),
  occupation: z.enum(keys(OCCUPATION)),
  skillLevel: z.enum(keys(SKILL_LEVEL)),
  skill: z.enum(keys(SKILLS)),
  trainingWish: z.enum(keys(TRAINING_WISH)),
  employmentWish: z.enum(keys(EMPLOYMENT_WISH)),
  relation: z.enum(keys(RELATION)),
};

const lookups = new Map<CodeList, Map<string, string>>();
function lookupOf(l: CodeList): Map<string, string> {
  let m = lookups.get(l);
  if (!m) {
    m = new Map();
    for (const [code, name] of Object.entries(l.items)) {
      m.set(code.toLowerCase(), code);
      m.set(name, code);
      // "中专/技校/职高" and "五级/初级工": each part is accepted on its own.
      for (const part of name.split("/")) if (!m.has(part)) m.set(part, code);
    }
    for (const [alias, code] of Object.entries(l.aliases ?? {})) if (!m.has(alias)) m.set(alias, code);
    lookups.set(l, m);
  }
  return m;
}

/** Code from a stored code, a Chinese name or an accepted alias; undefined when not recognised. */
export function toCode(l: CodeList, raw: string): string | undefined {
  const m = lookupOf(l);
  const direct = m.get(raw);
  if (direct !== undefined) return direct;
  const s = raw.trim().replace(/\s+/g, "");
  return m.get(s) ?? m.get(s.toLowerCase()) ?? (s.endsWith("族") ? undefined : m.get(`${s}族`));
}

export function codeName(l: CodeList, code: string | null | undefined): string | null {
  if (code === null || code === undefined || code === "") return null;
  return l.items[code] ?? code;
}

/** The code tables for the web client (dropdowns and labels). */
export function codeTables() {
  const out: Record<string, { code: string; name: string }[]> = {};
  for (const [k, l] of Object.entries(CODE_LISTS)) out[k] = Object.entries(l.items).map(([code, name]) => ({ code, name }));
  return out;
}

/**
 * The exchange tables (前置库 PRE_*) of the government-service platform, as the intake reads them (S-CASES): a base
 * table and three child tables joined by PROJID. Values are text as the platform writes them; times are China time
 * "YYYY-MM-DD HH:mm:ss". FLAG is I (insert), U (update) or D (delete); VERSION grows with every change.
 */
export const EXCHANGE_TABLES = {
  PRE_BASEINFO: ["PROJID", "VERSION", "FLAG", "SERVICECODE", "IMPLCODE", "SERVICENAME", "PROJECTTYPE", "APPLYNAME", "APPLYCARDTYPE", "APPLYCARDNUMBER", "CONTACTMAN", "TELPHONE", "DEPTCODE", "DEPTNAME", "WINDOWCODE", "ACCEPTMAN", "AREACODE", "ACCEPTTIME", "PROMISEVALUE", "PROMISETYPE", "LEGALVALUE", "FINISHTIME", "RESULT", "SATISFACTION"],
  PRE_PROCESS: ["PROJID", "SEQ", "NODENAME", "HANDLEUSER", "OPINION", "STARTTIME", "ENDTIME"],
  PRE_SPECIALPROCEDURE: ["PROJID", "SEQ", "SPTYPE", "APPROVER", "REASON", "STARTTIME", "ENDTIME", "SPLIMIT"],
  PRE_EVALUATION: ["PROJID", "EVALID", "EVALLEVEL", "CHANNEL", "ACTIVE", "REALNAME", "CONTENT", "EVALTIME"],
} as const;

export type ExchangeTable = keyof typeof EXCHANGE_TABLES;
export type ExchangeRow = Record<string, string | number | null | undefined>;
export type ExchangeSet = Partial<Record<ExchangeTable, ExchangeRow[]>>;

export const TABLE_NAMES: Record<ExchangeTable, string> = {
  PRE_BASEINFO: "办件基本信息",
  PRE_PROCESS: "办理环节",
  PRE_SPECIALPROCEDURE: "特别程序",
  PRE_EVALUATION: "好差评",
};

/** An instant as the exchange writes it (China time). */
export function exchangeTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** Parse an exchange time; null when empty; undefined when malformed. */
export function parseExchangeTime(v: unknown): Date | null | undefined {
  if (v === null || v === undefined || v === "") return null;
  if (v instanceof Date) return v;
  const s = String(v).trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (!m) return undefined;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}+08:00`);
  if (Number.isNaN(d.getTime()) || exchangeTime(d).slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}`) return undefined;
  return d;
}

/** Recognise a table by its name in a file name or sheet name ("PRE_BASEINFO.csv", "办件基本信息"). */
export function tableOf(name: string): ExchangeTable | null {
  const up = name.toUpperCase();
  for (const t of Object.keys(EXCHANGE_TABLES) as ExchangeTable[]) if (up.includes(t) || name.includes(TABLE_NAMES[t])) return t;
  return null;
}

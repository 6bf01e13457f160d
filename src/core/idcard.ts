/**
 * 居民身份证号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence (odd = male),
 * one ISO 7064 MOD 11-2 check character (0-9 or X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

export function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export type IdCardProblem = "format" | "birth_date" | "check_digit";

export interface IdCardInfo {
  idNumber: string;
  birthDate: string; // YYYY-MM-DD
  sex: "male" | "female";
  regionCode: string;
}

/** Normalise (trim, upper-case x) and validate; returns the problem or the parsed facts. */
export function parseIdNumber(raw: string, today = new Date()): { ok: true; info: IdCardInfo } | { ok: false; problem: IdCardProblem } {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: "format" };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth.getTime() > today.getTime()) {
    return { ok: false, problem: "birth_date" };
  }
  if (checkChar(id.slice(0, 17)) !== id[17]) return { ok: false, problem: "check_digit" };
  return {
    ok: true,
    info: {
      idNumber: id,
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      sex: Number(id[16]) % 2 === 1 ? "male" : "female",
      regionCode: id.slice(0, 6),
    },
  };
}

export const ID_PROBLEM_TEXT: Record<IdCardProblem, string> = {
  format: "身份证号格式不正确，应为18位（最后一位可为X）",
  birth_date: "身份证号中的出生日期无效",
  check_digit: "身份证号校验位错误（GB 11643）",
};

/** Build a valid number from region, birth date (YYYYMMDD) and sequence (0-999). Used by generators and tests. */
export function makeIdNumber(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, "0")}`;
  return first17 + checkChar(first17);
}

/** X2: 4228**********1234 — region prefix and last four stay, the rest is hidden. */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return id ?? null;
  if (id.length < 8) return "*".repeat(id.length);
  return id.slice(0, 4) + "*".repeat(id.length - 8) + id.slice(-4);
}

/** X2: 138****5678. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  if (phone.length < 7) return "*".repeat(phone.length);
  return phone.slice(0, 3) + "*".repeat(phone.length - 7) + phone.slice(-4);
}

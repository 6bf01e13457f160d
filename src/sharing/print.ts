/** The data the 共享用工协议 template (print/agreement.typ) reads: the agreement as the detail route answers it. */
import type { agreementDetail } from "./agreements.js";

type Detail = Awaited<ReturnType<typeof agreementDetail>>;

/** Only the workers who are (or were) part of the agreement are printed; 身份证号 stays masked (X2). */
export function agreementPrintData(d: Detail, printedOn: string) {
  const workers = d.workers.filter((w) => w.consent !== "refused" && w.status !== "out");
  return {
    number: d.number, printedOn,
    lender: d.lender, borrower: d.borrower,
    post: d.post, headcount: d.headcount, headcountRule: d.headcountRule, dateFrom: d.dateFrom, dateTo: d.dateTo, workPlace: d.workPlace, hoursRest: d.hoursRest,
    payMonthly: d.payMonthly, payDay: d.payDay, socialInsurance: d.socialInsurance, protection: d.protection, injuryLiability: d.injuryLiability,
    workers: workers.map((w, i) => ({ n: i + 1, name: w.name, idNumber: w.idNumber, contractEnd: w.contractEnd })),
  };
}

import { round2 } from './numbers';

/**
 * The hours of these records added up, rounded to the hundredth as every figure of the
 * evaluation is (see numbers.ts). The one way a total of hours is made: the dashboard, the
 * submit checklist and the PDF's logs all show this, over the evidence or a snapshot's records.
 * A record without hours (an optional field) adds nothing.
 */
export function totalHours(records: readonly { readonly hours?: unknown; readonly [field: string]: unknown }[]): number {
  let total = 0;
  for (const record of records) total += Number(record.hours ?? 0);
  return round2(total);
}

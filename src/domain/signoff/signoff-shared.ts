import type { Db } from '../../db/knex';
import type { Repositories } from '../../db/repositories';
import { definitionOf, type StoredRecord } from '../records';
import { formatHours, formatIsoDate } from '../dates';
import { shortened } from '../short-text';

/** What both sides of a confirmation share: the log, how a record is named, and the applicant. */
export const supervision = definitionOf('supervision');

/** "12 March 2026: 1.5 h of individual supervision (themes…)" */
export const describe = (record: StoredRecord) =>
  `${formatIsoDate(String(record.values.date))}: ${formatHours(record.values.hours as number)} of ${String(record.values.format)} supervision${record.values.themes ? ` (${shortened(String(record.values.themes), 80)})` : ''}`;

/** The applicant's name as the application shows it, and their email (for notes to them). */
export async function applicantName(repos: Repositories, db: Db, portfolioId: number): Promise<{ name: string; email: string }> {
  const applicant = await repos.portfolio.applicantOf(db, portfolioId);
  return { name: applicant.displayName ?? applicant.ownerName, email: applicant.ownerEmail };
}

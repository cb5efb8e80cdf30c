import type { Db } from '../../db/knex';
import type { Evidence } from '../evaluation/evaluation';
import type { Portfolio } from '../../db/repositories/portfolio-repository';
import { confirmationStatuses } from '../signoff/signoff-service';

/**
 * Reads what the evaluation needs, and only that: a few columns of each log in one query per
 * log, side by side (PostgreSQL runs them on separate connections; the embedded database in
 * turn). A supervision record is confirmed while a supervisor's confirmation of its current
 * content is in force (see confirmation-status.ts).
 */
async function withConfirmations(db: Db, portfolioId: number, rows: Record<string, unknown>[], now: Date): Promise<Evidence['supervision']> {
  const records = rows.map((row) => ({
    id: row.id as number,
    values: { date: row.date, hours: Number(row.hours), format: row.format, supervisorName: row.supervisor_name, supervisorEmail: row.supervisor_email ?? undefined, themes: row.themes ?? undefined },
  }));
  const statuses = await confirmationStatuses(db, portfolioId, records, now);
  return records.map((record) => ({
    id: record.id,
    date: record.values.date as string,
    hours: record.values.hours,
    format: record.values.format as 'individual' | 'group' | 'peer',
    confirmed: statuses.get(record.id)!.state === 'confirmed',
  }));
}

export async function loadEvidence(db: Db, portfolio: Portfolio, now: Date): Promise<Evidence> {
  const id = portfolio.id;
  const [practice, supervision, cpd, feedback, reflections] = await Promise.all([
    db('practice_entries').select('id', 'client_code', 'date', 'end_date', 'hours', 'format', 'group_size', 'payment').where('portfolio_id', id),
    db('supervision_entries').select('id', 'date', 'hours', 'format', 'supervisor_name', 'supervisor_email', 'themes').where('portfolio_id', id),
    db('cpd_entries').select('id', 'start_date', 'end_date', 'hours').where('portfolio_id', id),
    db('feedback_items').select('id', 'date').where('portfolio_id', id),
    db('reflections').select('id', 'date', 'kind', 'competences').where('portfolio_id', id),
  ]);
  return {
    portfolio: { firstPracticeDate: portfolio.firstPracticeDate, emccMembershipNumber: portfolio.emccMembershipNumber, displayName: portfolio.displayName },
    // One object shape for every row (no conditional spreads): 10,000 rows map in well under a millisecond.
    practice: practice.map((row) => ({
      id: row.id,
      clientCode: row.client_code,
      date: row.date,
      endDate: row.end_date ?? undefined,
      hours: Number(row.hours),
      format: row.format,
      groupSize: row.group_size ?? undefined,
      payment: row.payment,
    })),
    supervision: await withConfirmations(db, id, supervision, now),
    cpd: cpd.map((row) => ({ id: row.id, startDate: row.start_date, endDate: row.end_date, hours: Number(row.hours) })),
    feedback: feedback.map((row) => ({ id: row.id, date: row.date })),
    reflections: reflections.map((row) => ({ id: row.id, date: row.date, kind: row.kind, competences: row.competences })),
  };
}

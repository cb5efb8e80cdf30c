import { createHash } from 'node:crypto';
import type { ServiceDeps } from '../deps';
import { isoDay } from '../dates';
import { notFound } from '../../errors';
import { normaliseEmail } from '../../validation/email-address';
import { supervisionDefinition } from '../records/supervision';
import { supervisionPracticeDefinition } from '../records/supervision-practice';
import { isConfirmedState } from '../vocabulary';
import { confirmationStatuses } from './signoff-service';

/**
 * Confirmations a supervisor gave through this app, as evidence of their own supervision
 * practice (EMCC ESIA). An applicant who asked this person to confirm their supervision has
 * consented, by that request, to the sessions being known to them; nothing more is taken: each
 * session becomes a date, hours and a pseudonymous supervisee code, never the applicant's name
 * or email.
 *
 * Counted once: the supervisor adds a confirmed session to their own supervision practice log
 * ("Add to my log"), which keeps the confirmation's id (unique per portfolio). The evaluation
 * reads the log only, so a session already logged by hand is not counted twice unless the
 * supervisor adds it again; the page shows sessions on the same date already in the log.
 */

export interface GivenConfirmation {
  signoffId: number;
  superviseeCode: string;
  date: string;
  hours: number;
  /** The day the confirmation was given. */
  confirmedOn: string;
  /** Already added to the log from this confirmation. */
  inLog: boolean;
  /** The log holds a session with this supervisee code on this date (entered by hand, perhaps). */
  sameDayInLog: boolean;
}

export interface GivenConfirmations {
  /** Requests are matched to the account's email only once it is proved (anyone can register an address). */
  emailVerified: boolean;
  sessions: GivenConfirmation[];
}

/**
 * A stable pseudonym for the applicant who asked: the same for every session they asked this
 * supervisor to confirm, different for another supervisor; derived from ids, never a name or an
 * address ("SV-3F9A2C").
 */
export function superviseeCodeFor(supervisorUserId: number, applicantPortfolioId: number): string {
  return `SV-${createHash('sha256').update(`eia-portfolio supervisee|${supervisorUserId}|${applicantPortfolioId}`, 'utf8').digest('hex').slice(0, 6).toUpperCase()}`;
}

export async function givenConfirmations(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, userId: number): Promise<GivenConfirmations> {
  const user = await deps.repos.user.findById(deps.db, userId);
  if (!user) throw notFound();
  if (!user.emailVerifiedAt) return { emailVerified: false, sessions: [] };
  const now = deps.clock.now();
  const own = await deps.repos.portfolio.findOrCreate(deps.db, userId, now);
  const requests = (await deps.repos.signoff.listForEmail(deps.db, normaliseEmail(user.email))).filter((request) => request.portfolioId !== own.id);
  const mine = new Set(requests.map((request) => request.id));
  const byPortfolio = new Map<number, Set<number>>();
  for (const request of requests) {
    const ids = byPortfolio.get(request.portfolioId) ?? new Set<number>();
    for (const id of request.recordIds) ids.add(id);
    byPortfolio.set(request.portfolioId, ids);
  }
  const inLog = await deps.repos.supervisionPractice.signoffIdsInLog(deps.db, own.id);
  const logged = await deps.repos.record.list(deps.db, supervisionPracticeDefinition, own.id);
  const sameDay = new Set(logged.map((record) => `${String(record.values.superviseeCode).trim().toLowerCase()}|${String(record.values.date)}`));
  const sessions: GivenConfirmation[] = [];
  for (const [portfolioId, ids] of byPortfolio) {
    const records = [];
    for (const id of ids) {
      const record = await deps.repos.record.find(deps.db, supervisionDefinition, portfolioId, id);
      if (record) records.push(record);
    }
    const statuses = await confirmationStatuses(deps.repos, deps.db, portfolioId, records, now);
    const code = superviseeCodeFor(userId, portfolioId);
    for (const record of records) {
      const status = statuses.get(record.id)!;
      // Confirmed as the record now reads, by an answer to a request sent to this address.
      if (!isConfirmedState(status.state) || !status.answer || !mine.has(status.answer.requestId)) continue;
      const date = String(record.values.date);
      sessions.push({
        signoffId: status.answer.id,
        superviseeCode: code,
        date,
        hours: Number(record.values.hours),
        confirmedOn: isoDay(status.answer.acceptedAt ?? status.answer.signedAt),
        inLog: inLog.has(status.answer.id),
        sameDayInLog: sameDay.has(`${code.toLowerCase()}|${date}`),
      });
    }
  }
  sessions.sort((a, b) => b.date.localeCompare(a.date) || b.signoffId - a.signoffId);
  return { emailVerified: true, sessions };
}

/** Adds one confirmed session to the supervisor's own supervision practice log, once. Returns false when it was there already. */
export async function addGivenConfirmationToLog(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, userId: number, signoffId: number): Promise<boolean> {
  const { sessions } = await givenConfirmations(deps, userId);
  const session = sessions.find((candidate) => candidate.signoffId === signoffId);
  if (!session) throw notFound('There is no confirmation of yours with this number: only sessions you confirmed through this app, as they now read, can be added.');
  if (session.inLog) return false;
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const portfolio = await deps.repos.portfolio.findOrCreate(trx, userId, now);
    const notes = `Confirmed through this app on ${session.confirmedOn}, at the supervisee’s request.`;
    const id = await deps.repos.supervisionPractice.insertFromSignoff(trx, portfolio.id, { signoffId, superviseeCode: session.superviseeCode, date: session.date, hours: session.hours, notes }, now);
    if (id === undefined) return false;
    await deps.repos.audit.record(trx, { actorId: userId, action: 'supervision_practice.created', entityType: 'supervision_practice', entityId: id, details: { fromSignoff: signoffId }, at: now });
    return true;
  });
}

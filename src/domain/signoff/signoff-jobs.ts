import type { ServiceDeps } from '../deps';
import type { Db } from '../../db/knex';
import { mailTemplates } from '../../mail/templates';
import { formatHours, formatIsoDate, isoDay } from '../dates';
import { applicantName } from './signoff-shared';

/**
 * The scheduled part (at start and hourly, in every app process): reminders 7 days before a
 * link expires, a note to the applicant when one has expired, and yesterday's digest for
 * supervisors with an account. Each row is claimed by one process, so each email goes once.
 */
export async function runSignoffJobs(deps: ServiceDeps): Promise<{ reminders: number; expired: number; digests: number }> {
  const now = deps.clock.now();
  const result = { reminders: 0, expired: 0, digests: 0 };
  await deps.db.transaction(async (trx) => {
    for (const request of await deps.repos.signoff.claimReminders(trx, now, new Date(now.getTime() + 7 * 86_400_000))) {
      const applicant = await applicantName(deps.repos, trx, request.portfolioId);
      await deps.mailer.enqueue(
        trx,
        mailTemplates.signoffReminder({ email: request.supervisorEmail, name: request.supervisorName }, applicant.name, formatIsoDate(isoDay(request.sentAt)), formatIsoDate(isoDay(request.expiresAt))),
      );
      result.reminders += 1;
    }
    for (const request of await deps.repos.signoff.claimExpired(trx, now)) {
      const applicant = await applicantName(deps.repos, trx, request.portfolioId);
      await deps.mailer.enqueue(trx, mailTemplates.signoffExpired(applicant, request.supervisorName, `${deps.baseUrl}/supervision/confirmations`));
      await deps.repos.audit.record(trx, { actorId: null, action: 'signoff.expired', entityType: 'signoff_request', entityId: request.id, at: now });
      result.expired += 1;
    }
    result.digests = await sendDigests(deps, trx, now);
  });
  deps.mailer.wake();
  return result;
}

async function sendDigests(deps: ServiceDeps, db: Db, now: Date): Promise<number> {
  const today = isoDay(now);
  const yesterday = isoDay(new Date(now.getTime() - 86_400_000));
  const answers = await deps.repos.signoff.answersForDigest(db, new Date(`${yesterday}T00:00:00Z`), new Date(`${today}T00:00:00Z`));
  const bySupervisor = new Map<string, { name: string; lines: string[] }>();
  for (const answer of answers) {
    const entry = bySupervisor.get(answer.supervisorEmail) ?? { name: answer.supervisorName, lines: [] };
    entry.lines.push(
      `${answer.applicantDisplayName ?? answer.applicantName}: ${answer.recordDate ? formatIsoDate(answer.recordDate) : 'a deleted record'}${answer.recordHours != null ? `, ${formatHours(answer.recordHours)}` : ''}: ${answer.decision}`,
    );
    bySupervisor.set(answer.supervisorEmail, entry);
  }
  let sent = 0;
  for (const [email, entry] of bySupervisor) {
    if (!(await deps.repos.signoff.claimDigest(db, email, yesterday))) continue;
    await deps.mailer.enqueue(db, mailTemplates.supervisorDigest({ email, name: entry.name }, entry.lines));
    sent += 1;
  }
  return sent;
}

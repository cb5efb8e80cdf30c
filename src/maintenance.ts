import type { Db } from './db/knex';
import type { Repositories } from './db/repositories';
import type { Clock } from './clock';
import type { Logger } from './logger';
import type { Mailer } from './mail/mailer';
import type { RateLimiter } from './domain/rate-limiter';
import type { EvidenceStore } from './storage/evidence-store';
import { sweepEvidenceStore } from './domain/evidence/evidence-service';
import { runSignoffJobs } from './domain/signoff/signoff-jobs';
import { runAwardReminders } from './domain/awards/award-jobs';

const MAIL_EVERY_MS = 15_000;
const CLEANUP_EVERY_MS = 3600_000;

/**
 * Background work of one app process: deliver due mail (retries included), prune expired
 * sessions, rate-limit counters and unconfirmed import previews, remove evidence files no row
 * refers to, and send confirmation reminders, supervisors' digests and award renewal reminders. Safe with several processes: mail is claimed with row
 * locks, the cleanups are idempotent deletes.
 */
export function startMaintenance(deps: { db: Db; repos: Repositories; clock: Clock; logger: Logger; mailer: Mailer; rateLimiter: RateLimiter; evidenceStore: EvidenceStore; baseUrl: string }): () => void {
  const log = (what: string) => (error: unknown) => deps.logger.error({ err: error }, `${what} failed`);
  const deliver = () => void deps.mailer.deliverDue().catch(log('mail delivery'));
  const cleanup = () =>
    void Promise.all([
      deps.repos.session.pruneExpired(deps.db, deps.clock.now()),
      deps.rateLimiter.prune(),
      sweepEvidenceStore(deps),
      deps.repos.importBatch.pruneOlderThan(deps.db, new Date(deps.clock.now().getTime() - 86_400_000)),
      deps.repos.idempotency.pruneOlderThan(deps.db, new Date(deps.clock.now().getTime() - 86_400_000)),
    ]).catch(log('cleanup'));
  const signoffs = () => void runSignoffJobs(deps).catch(log('confirmation reminders'));
  const renewals = () => void runAwardReminders(deps).catch(log('renewal reminders'));
  const timers = [setInterval(deliver, MAIL_EVERY_MS), setInterval(cleanup, CLEANUP_EVERY_MS), setInterval(signoffs, CLEANUP_EVERY_MS), setInterval(renewals, CLEANUP_EVERY_MS)];
  deliver();
  cleanup();
  signoffs();
  renewals();
  return () => {
    timers.forEach(clearInterval);
    deps.mailer.stop();
  };
}

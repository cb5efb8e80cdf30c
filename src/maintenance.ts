import type { RateLimiter } from './domain/rate-limiter';
import { sweepEvidenceStore } from './domain/evidence/evidence-service';
import { runSignoffJobs } from './domain/signoff/signoff-jobs';
import { runAwardReminders } from './domain/awards/award-jobs';
import { performRender, requeueAbandonedRenders, type PdfRenderDeps } from './domain/rendering/pdf-render-service';

const MAIL_EVERY_MS = 15_000;
const CLEANUP_EVERY_MS = 3600_000;

/**
 * Background work of one app process: deliver due mail (retries included); prune expired
 * sessions, rate-limit counters, unconfirmed import previews and background PDFs a day old;
 * remove evidence files no row refers to; queue again the PDFs a dead process left (PostgreSQL);
 * send confirmation reminders, supervisors' digests and award renewal reminders. Safe with
 * several processes: mail is claimed with row locks, the cleanups are idempotent deletes, and a
 * PDF queued again by two processes is one job.
 */
export function startMaintenance(deps: PdfRenderDeps & { rateLimiter: RateLimiter }): () => void {
  const log = (what: string) => (error: unknown) => deps.logger.error({ err: error }, `${what} failed`);
  const deliver = () => void deps.mailer.deliverDue().catch(log('mail delivery'));
  const cleanup = () =>
    void Promise.all([
      deps.repos.session.pruneExpired(deps.db, deps.clock.now()),
      deps.rateLimiter.prune(),
      sweepEvidenceStore(deps),
      deps.repos.importBatch.pruneOlderThan(deps.db, new Date(deps.clock.now().getTime() - 86_400_000)),
      deps.repos.idempotency.pruneOlderThan(deps.db, new Date(deps.clock.now().getTime() - 86_400_000)),
      // A background PDF can be downloaded for a day; then the sweep removes it (a submission's stays).
      deps.repos.pdfRender.pruneFinishedBefore(deps.db, new Date(deps.clock.now().getTime() - 86_400_000)),
    ]).catch(log('cleanup'));
  // On PostgreSQL a job whose process died stays locked for hours; its render is queued again once
  // it has been "rendering" for PDF_RENDER_TIMEOUT_SECONDS. Checked that often, not hourly: a
  // process restarted within that time of starting a render saw nothing to queue at its start, and
  // the render then waited for the next hourly check.
  const abandoned = () => void requeueAbandonedRenders(deps).catch(log('queueing abandoned PDFs again'));
  const signoffs = () => void runSignoffJobs(deps).catch(log('confirmation reminders'));
  const renewals = () => void runAwardReminders(deps).catch(log('renewal reminders'));
  const timers = [setInterval(deliver, MAIL_EVERY_MS), setInterval(cleanup, CLEANUP_EVERY_MS), setInterval(signoffs, CLEANUP_EVERY_MS), setInterval(renewals, CLEANUP_EVERY_MS)];
  if (deps.config.databaseUrl) {
    timers.push(setInterval(abandoned, deps.config.pdfJobs.timeoutMs));
    abandoned();
  }
  deliver();
  cleanup();
  signoffs();
  renewals();
  return () => {
    timers.forEach(clearInterval);
    deps.mailer.stop();
  };
}

/**
 * This process renders the PDFs queued in the background. On the embedded database what a stopped
 * process left undone is queued again first (on PostgreSQL the cleanup above does that, and
 * `npm run worker` at its start).
 */
export async function startRendering(deps: PdfRenderDeps): Promise<() => Promise<void>> {
  if (!deps.config.databaseUrl) await requeueAbandonedRenders(deps);
  await deps.jobQueue.work((job, attempt) => performRender(deps, job.id, attempt));
  return () => deps.jobQueue.stop();
}

import type { Config } from '../../config';
import type { Logger } from '../../logger';
import type { JobQueue, Attempt } from '../../db/jobs/job-queue';
import type { PdfRender, PdfRenderResult } from '../../db/repositories/pdf-render-repository';
import { conflict, isAppError, notFound } from '../../errors';
import { portfolioOf } from '../portfolio/portfolio-service';
import { portfolioAndSet } from '../portfolio/evaluation-service';
import { prepareDraftPdf, storeRenderedPdf, type PdfRequest, type PortfolioPdfDeps } from '../portfolio/portfolio-pdf-service';
import { askedLevel } from '../snapshot/snapshot-service';
import { checkSubmittable, submitPortfolio, type SubmitInput } from '../submission/submission-service';

export type { PdfRender } from '../../db/repositories/pdf-render-repository';

export interface PdfRenderDeps extends PortfolioPdfDeps {
  jobQueue: JobQueue;
  logger: Logger;
  config: Pick<Config, 'pdfJobs' | 'databaseUrl'>;
}

const messages = {
  notFound: 'This PDF does not exist, or is not yours.',
  submissionQueued: 'You already have a submission in progress: it is being prepared. Wait for it on its page.',
  failed: (id: number, attempts: number) =>
    `The PDF could not be made after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'} because of a fault on our side (logged as render ${id}). Ask for it again; if it fails again, tell your administrator.`,
  missingFile: 'A file it includes is missing from the file store. Ask your administrator to restore it, or remove the file from the record, and ask again.',
};

/**
 * A draft PDF to be made in the background. The request is checked first (level, date), so a
 * mistake is shown on the form at once; the portfolio itself is read by the job, not here, so the
 * web process holds nothing of its size.
 */
export async function requestDraftPdf(deps: PdfRenderDeps, ownerId: number, request: PdfRequest): Promise<PdfRender> {
  const { set } = await portfolioAndSet(deps, ownerId, { asOf: request.asOf, ...(request.setId ? { setId: request.setId } : {}) });
  if (request.level !== undefined) askedLevel(set, request.level);
  return queueRender(deps, ownerId, 'draft', { ...request });
}

/**
 * A submission to be made in the background (its PDF is the slow part). What the applicant can fix
 * (a declaration not ticked, another submission in progress) is refused here, at once; the job
 * checks it all again when it makes the submission.
 */
export async function requestSubmission(deps: PdfRenderDeps, ownerId: number, input: SubmitInput): Promise<PdfRender> {
  await checkSubmittable(deps, ownerId, input);
  return queueRender(deps, ownerId, 'submission', { ...input });
}

async function queueRender(deps: PdfRenderDeps, ownerId: number, purpose: PdfRender['purpose'], request: Record<string, unknown>): Promise<PdfRender> {
  const portfolio = await portfolioOf(deps, ownerId);
  const id = await deps.db.transaction(async (trx) => {
    if (purpose === 'submission') {
      // Under the portfolio's lock: of two clicks on "Submit", the second finds the first queued.
      await deps.repos.portfolio.lock(trx, portfolio.id);
      if ((await deps.repos.pdfRender.listOpen(trx, ownerId)).some((open) => open.purpose === 'submission')) throw conflict(messages.submissionQueued);
    }
    const id = await deps.repos.pdfRender.insert(trx, { ownerId, purpose, request, at: deps.clock.now() });
    await deps.jobQueue.enqueue(trx, { name: 'render-pdf', id });
    return id;
  });
  return (await deps.repos.pdfRender.find(deps.db, id))!;
}

/** One of the owner's renders (a number no row can have, or someone else's, is not found). */
export async function findOwnRender(deps: Pick<PdfRenderDeps, 'db' | 'repos'>, ownerId: number, id: number): Promise<PdfRender> {
  const render = Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647 ? await deps.repos.pdfRender.find(deps.db, id) : undefined;
  if (!render || render.ownerId !== ownerId) throw notFound(messages.notFound);
  return render;
}

/** The owner's PDFs of the last day (a ready one is kept that long), newest first. */
export const recentRenders = (deps: Pick<PdfRenderDeps, 'db' | 'repos' | 'clock'>, ownerId: number): Promise<PdfRender[]> =>
  deps.repos.pdfRender.listSince(deps.db, ownerId, new Date(deps.clock.now().getTime() - 86_400_000));

/** A draft made and stored, so its PDF can be downloaded (a submission's PDF is the submission's). */
export const hasDraftPdf = (render: PdfRender) => render.status === 'ready' && render.purpose === 'draft' && render.pdfSha256 !== null;

export const isFinished = (render: PdfRender) => render.status === 'ready' || render.status === 'failed';

/**
 * Waits a little for a render to finish (most take under a second), so that a small portfolio's
 * PDF or submission is there at once and only a large one shows the "being prepared" page.
 */
export async function awaitRender(deps: Pick<PdfRenderDeps, 'db' | 'repos' | 'config'>, render: PdfRender): Promise<PdfRender> {
  const until = Date.now() + deps.config.pdfJobs.waitMs;
  let current = render;
  for (let pause = 25; !isFinished(current) && Date.now() < until; pause = Math.min(pause * 2, 250)) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(0, until - Date.now()))));
    current = (await deps.repos.pdfRender.find(deps.db, render.id)) ?? current;
  }
  return current;
}

/**
 * The job: makes the PDF a render row asks for (a draft stored by its SHA-256, or the submission
 * with its PDF) and records the outcome. A refusal by the app's rules (another submission went in
 * meanwhile) is final at once: trying again would give the same answer. Any other failure is
 * thrown for the queue to try again, and reported with its reason after the last attempt.
 */
export async function performRender(deps: PdfRenderDeps, id: number, attempt: Attempt): Promise<void> {
  const render = await deps.repos.pdfRender.start(deps.db, id, deps.clock.now());
  if (!render) return;
  const log = deps.logger.child({ render: id, purpose: render.purpose, attempt: attempt.number });
  log.debug('PDF rendering started');
  try {
    const result = render.purpose === 'draft' ? await renderDraft(deps, render) : await makeSubmission(deps, render);
    await deps.repos.pdfRender.finish(deps.db, id, result, deps.clock.now());
    log.info({ pdfSha256: result.pdfSha256, bytes: result.pdfSizeBytes }, 'PDF rendered');
  } catch (error) {
    const refused = isAppError(error) && error.status < 500;
    const final = refused || attempt.isLast;
    await deps.repos.pdfRender.recordFailure(deps.db, id, reasonFor(error, id, render.attempts), final, deps.clock.now());
    if (refused) log.info({ reason: (error as Error).message }, 'PDF refused');
    else log.error({ err: error, final }, final ? 'PDF failed for good' : 'PDF failed; it will be tried again');
    if (!final) throw error;
  }
}

/**
 * Queues again what a process that died left undone. On the embedded database (one process, its
 * queue in memory) that is every unfinished render, at start; on PostgreSQL the queued ones are
 * still in the job table, so only those "rendering" for longer than any render takes.
 */
export async function requeueAbandonedRenders(deps: PdfRenderDeps): Promise<number> {
  const startedBefore = deps.config.databaseUrl ? new Date(deps.clock.now().getTime() - deps.config.pdfJobs.timeoutMs) : undefined;
  const ids = await deps.repos.pdfRender.unfinishedIds(deps.db, startedBefore);
  for (const id of ids) await deps.jobQueue.enqueue(deps.db, { name: 'render-pdf', id });
  if (ids.length) deps.logger.warn({ renders: ids }, 'PDFs left unfinished by a stopped process were queued again');
  return ids.length;
}

/** What the applicant reads: a rule's own message, or what went wrong in words, never an internal message. */
function reasonFor(error: unknown, id: number, attempts: number): string {
  if (isAppError(error)) {
    const fields = Object.values(error.details?.fields ?? {});
    return fields.length ? fields.join(' ') : error.message;
  }
  if ((error as NodeJS.ErrnoException)?.code === 'ENOENT' || (error as { name?: string })?.name === 'NoSuchKey') return messages.missingFile;
  return messages.failed(id, attempts);
}

async function renderDraft(deps: PdfRenderDeps, render: PdfRender): Promise<PdfRenderResult> {
  const prepared = await prepareDraftPdf(deps, render.ownerId, render.request as PdfRequest);
  const stored = await storeRenderedPdf(deps, prepared.write);
  return { fileName: prepared.fileName, pdfSha256: stored.sha256, pdfSizeBytes: stored.size, snapshotSha256: prepared.sha256 };
}

async function makeSubmission(deps: PdfRenderDeps, render: PdfRender): Promise<PdfRenderResult> {
  const submission = await submitPortfolio(deps, render.ownerId, render.request as unknown as SubmitInput);
  return {
    fileName: `eia-${submission.level.replace(/_/g, '-')}-${submission.asOf}-v${submission.version}.pdf`,
    pdfSha256: submission.pdfSha256,
    pdfSizeBytes: submission.pdfSizeBytes,
    snapshotSha256: submission.snapshotSha256,
    submissionId: submission.id,
  };
}

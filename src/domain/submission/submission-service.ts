import { failpoint } from '../../failpoints';
import { storeRenderedPdf, type PortfolioPdfDeps } from '../portfolio/portfolio-pdf-service';
import { takeSnapshot } from '../snapshot/snapshot-service';
import { newVerificationCode } from '../snapshot/verification-code';
import { portfolioOf } from '../portfolio/portfolio-service';
import { portfolioAndSet } from '../portfolio/evaluation-service';
import type { SubmissionSummary } from '../../db/repositories/submission-repository';
import { submissionTemplates } from '../../mail/submission-templates';
import { conflict, notFound, validationError } from '../../errors';
import { isClosed } from './statuses';
import { findSubmission, type Submission } from './find-submission';
import type { Db } from '../../db/knex';
import type { Repositories } from '../../db/repositories';
import type { SnapshotRenewal } from '../snapshot/snapshot';
import { readSnapshot } from '../snapshot/snapshot-versions';

export type { SubmissionSummary } from '../../db/repositories/submission-repository';

export interface SubmitInput {
  level: string;
  /** The ids of the criteria set's declarations the applicant ticked (all are needed). */
  declarations: string[];
  /** If an assessor reviews it blind, whether their copy includes the appended files (they may name the applicant). */
  blindAppendices?: boolean;
  /** The submission whose request for more information this answers. */
  previousId?: number;
  /** A renewal: the award renewed, its renewal set and the words the snapshot and PDF show. */
  renewal?: { awardId: number | null; setId: string; snapshot: SnapshotRenewal };
}

const messages = {
  declaration: (title: string) => `Tick “${title}” to make this declaration: an application is submitted with every declaration made.`,
  inProgress: 'You already have a submission in progress. Wait for its outcome, or withdraw it before assessment starts.',
  notAnswerable: 'This submission is not waiting for more information, so it cannot be resubmitted.',
  notFound: 'This submission does not exist, or is not yours.',
  notWithdrawable: 'Only a submission whose assessment has not started can be withdrawn.',
};

const IN_PROGRESS = new Set(['submitted', 'in_review', 'more_info_requested', 'resubmitted']);

async function ownSubmission(deps: PortfolioPdfDeps, ownerId: number, id: number): Promise<SubmissionSummary> {
  // An id no row can have (beyond PostgreSQL's integer) names no submission: not found, not a database error.
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) throw notFound(messages.notFound);
  const submission = await deps.repos.submission.findSummary(deps.db, id);
  if (!submission || submission.applicantId !== ownerId) throw notFound(messages.notFound);
  return submission;
}

/** Refuses a second submission in progress, or a resubmission of one that is not waiting or already answered. */
async function refuseUnlessSubmittable(repos: Repositories, db: Db, ownerId: number, previousId: number | undefined): Promise<void> {
  if (previousId === undefined) {
    const mine = await repos.submission.list(db, { applicantId: ownerId });
    if (mine.some((each) => IN_PROGRESS.has(each.status))) throw conflict(messages.inProgress);
    return;
  }
  // Locked too (inside the transaction): the assessor's side changes this row's status.
  const previous = await repos.submission.lock(db, previousId);
  if (previous?.status !== 'more_info_requested' || (await repos.submission.nextVersion(db, previousId))) throw conflict(messages.notAnswerable);
}

/**
 * Whether this submission may be made now: every declaration ticked, no other in progress (or, for
 * a resubmission, the one it answers waiting for it). Throws the message to show; checked when the
 * applicant asks (so the form can say what to fix) and again when the submission is made.
 */
export async function checkSubmittable(deps: PortfolioPdfDeps, ownerId: number, input: SubmitInput): Promise<{ previous: SubmissionSummary | undefined; renewal: SubmitInput['renewal'] }> {
  const previous = input.previousId === undefined ? undefined : await ownSubmission(deps, ownerId, input.previousId);
  // A renewal stays a renewal when it answers a request for more information: same set, same award.
  const renewal = input.renewal ?? (previous?.purpose === 'renewal' ? await renewalOf(deps, previous) : undefined);
  const { set } = await portfolioAndSet(deps, ownerId, renewal ? { setId: renewal.setId } : {});
  const fields: Record<string, string> = {};
  for (const declaration of set.declarations ?? []) if (!input.declarations.includes(declaration.id)) fields[`declarations.${declaration.id}`] = messages.declaration(declaration.title);
  if (Object.keys(fields).length) throw validationError(fields);
  await refuseUnlessSubmittable(deps.repos, deps.db, ownerId, previous?.id);
  return { previous, renewal };
}

/**
 * Freezes the portfolio as it is today for a level: the snapshot (every record, every file by
 * its SHA-256, the evaluation), its PDF rendered and stored with a new verification code. A
 * resubmission is the next version of the one it answers and goes back to the same assessor.
 */
export async function submitPortfolio(deps: PortfolioPdfDeps, ownerId: number, input: SubmitInput): Promise<SubmissionSummary> {
  const { previous, renewal } = await checkSubmittable(deps, ownerId, input);
  const now = deps.clock.now();
  const portfolio = await portfolioOf(deps, ownerId);
  const { snapshot, sha256 } = await takeSnapshot(deps, ownerId, { level: previous?.level ?? input.level, declaredAt: now, ...(renewal ? { setId: renewal.setId, renewal: renewal.snapshot } : {}) });
  const verificationCode = newVerificationCode();
  const stored = await storeRenderedPdf(deps, (out) => deps.renderSnapshot(snapshot, sha256, { draft: false, blind: false, verificationCode, documentDate: now }, out));
  await failpoint('submission-pdf-stored');

  const id = await deps.db.transaction(async (trx) => {
    // Checked again under the portfolio's lock: a second click may have submitted while this one rendered.
    await deps.repos.portfolio.lock(trx, portfolio.id);
    await refuseUnlessSubmittable(deps.repos, trx, ownerId, previous?.id);
    const id = await deps.repos.submission.insert(trx, {
      portfolioId: portfolio.id,
      applicantId: ownerId,
      version: (previous?.version ?? 0) + 1,
      previousId: previous?.id ?? null,
      criteriaSet: snapshot.criteriaSet.id,
      level: snapshot.level.id,
      asOf: snapshot.asOf,
      snapshot,
      snapshotSha256: sha256,
      pdfSha256: stored.sha256,
      pdfSizeBytes: stored.size,
      verificationCode,
      status: previous ? 'resubmitted' : 'submitted',
      assessorId: previous?.assessorId ?? null,
      blind: previous?.blind ?? false,
      blindAppendices: input.blindAppendices ?? true,
      submittedAt: now,
      purpose: renewal ? 'renewal' : 'application',
      awardId: renewal?.awardId ?? null,
      fileHashes: [stored.sha256, ...snapshot.files.map((file) => file.sha256)],
    });
    await deps.repos.audit.record(trx, {
      actorId: ownerId,
      action: previous ? 'submission.resubmitted' : 'submission.submitted',
      entityType: 'submission',
      entityId: id,
      details: {
        level: snapshot.level.id,
        version: (previous?.version ?? 0) + 1,
        snapshotSha256: sha256,
        pdfSha256: stored.sha256,
        verificationCode,
        declarations: snapshot.declarations.map((declaration) => declaration.id),
        blindAppendices: input.blindAppendices ?? true,
        ...(renewal ? { purpose: 'renewal', awardId: renewal.awardId } : {}),
      },
      at: now,
    });
    if (previous?.assessorId) {
      const assessor = await deps.repos.user.findById(trx, previous.assessorId);
      if (assessor)
        await deps.mailer.enqueue(
          trx,
          submissionTemplates.resubmitted(
            assessor,
            `${snapshot.applicant.name}’s ${snapshot.level.label} ${renewal ? 'renewal application' : 'application'} (version ${previous.version + 1})`,
            `${deps.baseUrl}/assessments/${id}`,
          ),
        );
    }
    return id;
  });
  deps.mailer.wake();
  return (await deps.repos.submission.findSummary(deps.db, id))!;
}

/** The renewal a submission made, read from its frozen snapshot (its award may since have been deleted). */
async function renewalOf(deps: PortfolioPdfDeps, previous: SubmissionSummary): Promise<SubmitInput['renewal']> {
  const stored = await deps.repos.submission.find(deps.db, previous.id);
  const frozen = stored ? readSnapshot(stored.storedSnapshot).renewal : undefined;
  if (!frozen) return undefined;
  return { awardId: previous.awardId, setId: previous.criteriaSet, snapshot: frozen };
}

/** The applicant takes a submission back before its assessment has started. */
export async function withdrawSubmission(deps: PortfolioPdfDeps, ownerId: number, id: number): Promise<void> {
  await ownSubmission(deps, ownerId, id);
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const current = await deps.repos.submission.lock(trx, id);
    if (!current || (current.status !== 'submitted' && current.status !== 'resubmitted')) throw conflict(messages.notWithdrawable);
    await deps.repos.submission.update(trx, id, { status: 'withdrawn', withdrawn_at: now });
    await deps.repos.audit.record(trx, { actorId: ownerId, action: 'submission.withdrawn', entityType: 'submission', entityId: id, at: now });
  });
}

export const listOwnSubmissions = (deps: PortfolioPdfDeps, ownerId: number) => deps.repos.submission.list(deps.db, { applicantId: ownerId });

/** One of the applicant's own submissions, whole. */
export async function getOwnSubmission(deps: PortfolioPdfDeps, ownerId: number, id: number): Promise<Submission> {
  await ownSubmission(deps, ownerId, id);
  return (await findSubmission(deps.repos, deps.db, id))!;
}

/** The version that answers this submission, if any. */
export const nextVersionOf = (deps: Pick<PortfolioPdfDeps, 'db' | 'repos'>, id: number): Promise<SubmissionSummary | undefined> => deps.repos.submission.nextVersion(deps.db, id);

/** Whether a decided or withdrawn submission (read-only for everyone). */
export const isReadOnly = (submission: SubmissionSummary) => isClosed(submission.status);

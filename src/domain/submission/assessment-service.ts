import type { PortfolioPdfDeps } from '../portfolio/portfolio-pdf-service';
import type { User } from '../../db/repositories/user-repository';
import type { AssessmentNote, Judgement, Recommendation, SubmissionSummary } from '../../db/repositories/submission-repository';
import type { Db } from '../../db/knex';
import type { Repositories } from '../../db/repositories';
import { submissionTemplates } from '../../mail/submission-templates';
import { COMPETENCES } from '../vocabulary';
import { conflict, notFound, validationError } from '../../errors';
import { diffSnapshots, type SubmissionDiff } from './submission-diff';
import { isClosed } from './statuses';
import { findSubmission, type Submission } from './find-submission';

const messages = {
  notFound: 'This submission does not exist, or is not assigned to you.',
  notAssessor: 'Choose a person who holds the assessor role.',
  ownSubmission: 'An assessor cannot assess their own submission. Choose another assessor.',
  confirmedSupervision: 'This assessor confirmed supervision records of this applicant: a conflict of interest. Choose another assessor.',
  closed: 'This submission is decided or withdrawn: it is read-only.',
  notAssessable: 'This submission is waiting for the applicant’s answer; it cannot be assessed until they resubmit.',
  judgement: 'Choose met, not met or more information needed.',
  feedback: 'Write your feedback to the applicant: what you saw, and for a request, exactly what to add.',
  recommendation: 'Choose award the level, not yet, or request more information.',
  tooLong: 'Keep each comment to at most 5000 characters.',
};

export const RECOMMENDATIONS: readonly Recommendation[] = ['award', 'not_yet', 'more_info'];
export const JUDGEMENTS: readonly Judgement[] = ['met', 'not_met', 'more_info'];
const MAX_COMMENT = 5000;

/** The submissions assigned to this assessor, newest first. */
export const assessorQueue = (deps: Pick<PortfolioPdfDeps, 'db' | 'repos'>, assessorId: number): Promise<SubmissionSummary[]> => deps.repos.submission.list(deps.db, { assessorId });

/** Every submission, newest first (the administrators' list). */
export const allSubmissions = (deps: Pick<PortfolioPdfDeps, 'db' | 'repos'>): Promise<SubmissionSummary[]> => deps.repos.submission.list(deps.db);

/** A submission without its snapshot, or undefined. */
export const submissionSummary = (deps: Pick<PortfolioPdfDeps, 'db' | 'repos'>, id: number): Promise<SubmissionSummary | undefined> => deps.repos.submission.findSummary(deps.db, id);

/** Whether this file (by SHA-256) was frozen with the submission. */
export const isFrozenWith = (deps: Pick<PortfolioPdfDeps, 'db' | 'repos'>, id: number, sha256: string): Promise<boolean> => deps.repos.submission.hasFile(deps.db, id, sha256);

/** The assessor's notes on a submission, by subject. */
export const assessmentNotes = (deps: Pick<PortfolioPdfDeps, 'db' | 'repos'>, id: number): Promise<AssessmentNote[]> => deps.repos.submission.notes(deps.db, id);

/** Who may see a submission: its applicant, its assessor, and administrators. */
export function canSee(user: User, submission: SubmissionSummary): boolean {
  return user.roles.includes('admin') || submission.applicantId === user.id || (user.roles.includes('assessor') && submission.assessorId === user.id);
}

/** Submissions the user may see, newest first. */
export async function visibleSubmissions(deps: PortfolioPdfDeps, user: User): Promise<SubmissionSummary[]> {
  if (user.roles.includes('admin')) return deps.repos.submission.list(deps.db);
  const [own, assigned] = await Promise.all([deps.repos.submission.list(deps.db, { applicantId: user.id }), user.roles.includes('assessor') ? deps.repos.submission.list(deps.db, { assessorId: user.id }) : []]);
  const seen = new Set<number>();
  return [...own, ...assigned].filter((each) => !seen.has(each.id) && seen.add(each.id)).sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime());
}

/** A submission the user may see, whole; anyone else's is "not found". */
export async function visibleSubmission(deps: PortfolioPdfDeps, user: User, id: number): Promise<Submission> {
  const submission = await findSubmission(deps.repos, deps.db, id);
  if (!submission || !canSee(user, submission)) throw notFound(messages.notFound);
  return submission;
}

/**
 * Assigns a submission to an assessor (an admin's act). Refused: someone who is not an
 * assessor, the applicant themself, and anyone who confirmed the applicant's supervision.
 */
export async function assignAssessor(deps: PortfolioPdfDeps, adminId: number, submissionId: number, assessorId: number, blind: boolean): Promise<void> {
  const submission = await deps.repos.submission.findSummary(deps.db, submissionId);
  if (!submission) throw notFound();
  if (isClosed(submission.status)) throw conflict(messages.closed);
  const assessor = await deps.repos.user.findById(deps.db, assessorId);
  if (!assessor || !assessor.roles.includes('assessor')) throw validationError({ assessorId: messages.notAssessor });
  if (assessor.id === submission.applicantId) throw validationError({ assessorId: messages.ownSubmission });
  if (await deps.repos.submission.confirmedFor(deps.db, submission.portfolioId, assessor.email)) throw validationError({ assessorId: messages.confirmedSupervision });
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    await deps.repos.submission.update(trx, submissionId, { assessor_id: assessor.id, blind, assigned_at: now });
    await deps.repos.audit.record(trx, { actorId: adminId, action: 'submission.assigned', entityType: 'submission', entityId: submissionId, details: { assessorId: assessor.id, blind }, at: now });
    const what = `${blind ? 'a' : `${submission.applicantName}’s`} ${submission.levelLabel} application (version ${submission.version})`;
    await deps.mailer.enqueue(trx, submissionTemplates.assigned(assessor, what, `${deps.baseUrl}/assessments/${submissionId}`));
  });
  deps.mailer.wake();
}

/** The submission if it is assigned to this assessor; anyone else's is "not found". */
export async function assignedTo(deps: PortfolioPdfDeps, assessorId: number, id: number): Promise<Submission> {
  const submission = await findSubmission(deps.repos, deps.db, id);
  if (!submission || submission.assessorId !== assessorId) throw notFound(messages.notFound);
  return submission;
}

export interface AssessmentView {
  submission: Submission;
  notes: AssessmentNote[];
  /** What changed since the previous version, for a resubmission. */
  diff?: SubmissionDiff;
  previous?: SubmissionSummary;
  /** Whether this version's notes start from the previous version's (it had some). */
  notesCarried: boolean;
  /** False until the assessor starts the review (or saves a first judgement): the applicant reads "awaiting assessment". */
  started: boolean;
}

const notStarted = (status: string) => status === 'submitted' || status === 'resubmitted';

/**
 * Starts the review of a submission assigned to the assessor (status "in review"), once: a
 * resubmission starts from the judgements and comments on the version it answers. A POST, never
 * a page view: reading the page changes nothing.
 */
export async function startReview(deps: PortfolioPdfDeps, assessorId: number, id: number): Promise<void> {
  const submission = await assignedTo(deps, assessorId, id);
  if (!notStarted(submission.status)) return;
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const current = await deps.repos.submission.lock(trx, id);
    if (!current || !notStarted(current.status)) return;
    await deps.repos.submission.update(trx, id, { status: 'in_review' });
    // A resubmission is assessed from where the last version left off: its judgements and comments.
    const carried = current.previousId ? await deps.repos.submission.copyNotes(trx, current.previousId, id, now) : 0;
    await deps.repos.audit.record(trx, {
      actorId: assessorId,
      action: 'submission.review_started',
      entityType: 'submission',
      entityId: id,
      at: now,
      ...(carried ? { details: { notesCarriedFromVersion: current.version - 1 } } : {}),
    });
  });
}

/**
 * The assessment page's data: the submission, the assessor's notes and, for a resubmission,
 * what changed. Before the review starts, a resubmission shows the previous version's notes,
 * which starting the review copies.
 */
export async function assessmentView(deps: PortfolioPdfDeps, assessorId: number, id: number): Promise<AssessmentView> {
  const submission = await assignedTo(deps, assessorId, id);
  const previous = submission.previousId ? await findSubmission(deps.repos, deps.db, submission.previousId) : undefined;
  const started = !notStarted(submission.status);
  const own = await deps.repos.submission.notes(deps.db, id);
  return {
    submission,
    notes: !started && !own.length && previous ? await deps.repos.submission.notes(deps.db, previous.id) : own,
    notesCarried: previous ? await deps.repos.submission.hasNotes(deps.db, previous.id) : false,
    started,
    ...(previous ? { previous, diff: diffSnapshots(previous.snapshot, submission.snapshot) } : {}),
  };
}

export interface NotesInput {
  requirements: { id: string; judgement?: string; comment?: string }[];
  competences: { id: string; comment?: string }[];
}

export interface OutcomeInput {
  recommendation?: string;
  feedback?: string;
}

/** The assessment page's one form: the notes, the outcome, and which of its two buttons was pressed. */
export interface AssessmentInput extends NotesInput {
  outcome: OutcomeInput;
  /** "Record decision": the outcome is recorded and the applicant told. Otherwise ("Save progress") it is kept as the assessor's draft. */
  decide: boolean;
}

/**
 * The outcome's draft, kept among the assessor's notes (never on the submission, which the
 * applicant reads) until the decision is recorded, which removes it.
 */
export const DRAFT_SUBJECTS = { recommendation: 'outcome:recommendation', feedback: 'outcome:feedback' } as const;

const cleanComment = (value: string | undefined) => (value && value.trim() ? value.trim() : null);

/** What is wrong with the notes, by form field ("judgement-<id>", "comment-<id>", "competence-<id>"). */
function notesErrors(submission: Submission, input: NotesInput): Record<string, string> {
  const requirementIds = new Set(submission.snapshot.evaluation.level.requirements.map((requirement) => requirement.id));
  const fields: Record<string, string> = {};
  for (const entry of input.requirements) {
    if (!requirementIds.has(entry.id)) fields[`judgement-${entry.id}`] = `There is no requirement “${entry.id}” in this submission.`;
    else if (entry.judgement && !(JUDGEMENTS as readonly string[]).includes(entry.judgement)) fields[`judgement-${entry.id}`] = messages.judgement;
    if ((entry.comment ?? '').length > MAX_COMMENT) fields[`comment-${entry.id}`] = messages.tooLong;
  }
  for (const entry of input.competences) {
    if (!(COMPETENCES.ids as readonly string[]).includes(entry.id)) fields[`competence-${entry.id}`] = `There is no competence category “${entry.id}”.`;
    if ((entry.comment ?? '').length > MAX_COMMENT) fields[`competence-${entry.id}`] = messages.tooLong;
  }
  return fields;
}

/** What is wrong with the outcome: a decision needs a recommendation and feedback; a draft only a known recommendation, if any. */
function outcomeErrors(input: OutcomeInput, decide: boolean): Record<string, string> {
  const fields: Record<string, string> = {};
  const recommendation = input.recommendation || undefined;
  const feedback = cleanComment(input.feedback);
  if (recommendation ? !(RECOMMENDATIONS as readonly string[]).includes(recommendation) : decide) fields.recommendation = messages.recommendation;
  if (!feedback && decide) fields.feedback = messages.feedback;
  else if (feedback && feedback.length > MAX_COMMENT) fields.feedback = messages.tooLong;
  return fields;
}

/** Writes the notes and their audit event, inside the caller's transaction. */
async function writeNotes(repos: Repositories, trx: Db, assessorId: number, id: number, input: NotesInput, now: Date): Promise<void> {
  for (const entry of input.requirements) {
    await repos.submission.saveNote(trx, id, { subject: `requirement:${entry.id}`, judgement: (entry.judgement as Judgement | undefined) ?? null, comment: cleanComment(entry.comment), assessorId }, now);
  }
  for (const entry of input.competences) await repos.submission.saveNote(trx, id, { subject: `competence:${entry.id}`, judgement: null, comment: cleanComment(entry.comment), assessorId }, now);
  await repos.audit.record(trx, {
    actorId: assessorId,
    action: 'submission.judgements_saved',
    entityType: 'submission',
    entityId: id,
    details: { requirements: input.requirements.length, competences: input.competences.length },
    at: now,
  });
}

/** Saves the assessor's judgement and comment per requirement and comment per competence category. */
export async function saveAssessmentNotes(deps: PortfolioPdfDeps, assessorId: number, id: number, input: NotesInput): Promise<void> {
  const submission = await assignedTo(deps, assessorId, id);
  if (isClosed(submission.status)) throw conflict(messages.closed);
  if (submission.status === 'more_info_requested') throw conflict(messages.notAssessable);
  const fields = notesErrors(submission, input);
  if (Object.keys(fields).length) throw validationError(fields);
  // The first judgements saved start the review (and, on a resubmission, carry the last version's over first).
  await startReview(deps, assessorId, id);
  const now = deps.clock.now();
  await deps.db.transaction((trx) => writeNotes(deps.repos, trx, assessorId, id, input, now));
}

/**
 * The assessment page's form, saved at once: the notes, and the outcome either kept as a draft
 * ("Save progress") or recorded ("Record decision", with the decision's rules and the
 * applicant emailed). Every field's problem is reported together and nothing is saved then,
 * so the page can come back with all that was typed.
 */
export async function saveAssessment(deps: PortfolioPdfDeps, assessorId: number, id: number, input: AssessmentInput): Promise<void> {
  const submission = await assignedTo(deps, assessorId, id);
  if (isClosed(submission.status)) throw conflict(messages.closed);
  if (submission.status === 'more_info_requested') throw conflict(messages.notAssessable);
  const fields = { ...notesErrors(submission, input), ...outcomeErrors(input.outcome, input.decide) };
  if (Object.keys(fields).length) throw validationError(fields);
  await startReview(deps, assessorId, id);
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    if (input.requirements.length || input.competences.length) await writeNotes(deps.repos, trx, assessorId, id, input, now);
    if (input.decide) return writeOutcome(deps, trx, submission, assessorId, input.outcome, now);
    await deps.repos.submission.saveNote(trx, id, { subject: DRAFT_SUBJECTS.recommendation, judgement: null, comment: input.outcome.recommendation || null, assessorId }, now);
    await deps.repos.submission.saveNote(trx, id, { subject: DRAFT_SUBJECTS.feedback, judgement: null, comment: cleanComment(input.outcome.feedback), assessorId }, now);
  });
  if (input.decide) deps.mailer.wake();
}

/**
 * The assessor's outcome: award the level or not (the decision; read-only from then on), or
 * ask for more information (the applicant answers with a new version). The applicant is emailed.
 */
export async function recordOutcome(deps: PortfolioPdfDeps, assessorId: number, id: number, input: OutcomeInput): Promise<void> {
  const submission = await assignedTo(deps, assessorId, id);
  const fields = outcomeErrors(input, true);
  if (Object.keys(fields).length) throw validationError(fields);
  if (isClosed(submission.status)) throw conflict(messages.closed);
  await startReview(deps, assessorId, id);
  const now = deps.clock.now();
  await deps.db.transaction((trx) => writeOutcome(deps, trx, submission, assessorId, input, now));
  deps.mailer.wake();
}

/** Records a validated outcome inside the caller's transaction: status, audit event, the applicant's email; the draft goes. */
async function writeOutcome(deps: PortfolioPdfDeps, trx: Db, submission: Submission, assessorId: number, input: OutcomeInput, now: Date): Promise<void> {
  const id = submission.id;
  const recommendation = input.recommendation as Recommendation;
  const feedback = cleanComment(input.feedback)!;
  const status = recommendation === 'award' ? 'awarded' : recommendation === 'not_yet' ? 'not_awarded' : 'more_info_requested';
  const current = await deps.repos.submission.lock(trx, id);
  if (!current || isClosed(current.status)) throw conflict(messages.closed);
  if (current.status === 'more_info_requested') throw conflict(messages.notAssessable);
  await deps.repos.submission.update(trx, id, { status, recommendation, feedback, ...(status === 'more_info_requested' ? {} : { decided_at: now, decided_by: assessorId }) });
  // The draft has become the outcome; left behind it would be carried into a resubmission's notes.
  await deps.repos.submission.deleteNotes(trx, id, Object.values(DRAFT_SUBJECTS));
  await deps.repos.audit.record(trx, {
    actorId: assessorId,
    action: status === 'more_info_requested' ? 'submission.more_info_requested' : 'submission.decided',
    entityType: 'submission',
    entityId: id,
    details: { recommendation, status },
    at: now,
  });
  const applicant = await deps.repos.user.findById(trx, submission.applicantId);
  if (applicant) {
    const link = `${deps.baseUrl}/submissions/${id}`;
    const level = submission.snapshot.level.label;
    await deps.mailer.enqueue(
      trx,
      status === 'more_info_requested' ? submissionTemplates.moreInformation(applicant, level, feedback, link) : submissionTemplates.decision(applicant, level, status === 'awarded', feedback, link),
    );
  }
}

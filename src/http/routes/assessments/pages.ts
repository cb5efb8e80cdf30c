import { sendStoredFile } from '../../stored-file';
import { formatIsoDate } from '../../../domain/dates';
import { Router, type Request } from 'express';
import type { AppDeps } from '../../app-deps';
import { idParam, positiveId } from '../../params';
import { requireRole } from '../../middleware/auth';
import { formPage } from '../../middleware/validate';
import { allSubmissions, assessmentView, assessorQueue, assignAssessor, isFrozenWith, saveAssessment, startReview, type AssessmentInput, type NotesInput } from '../../../domain/submission/assessment-service';
import { listUsers } from '../../../domain/accounts/admin-service';
import { findSubmission } from '../../../domain/submission/find-submission';
import { STATUS_LABELS, isClosed } from '../../../domain/submission/statuses';
import { COMPETENCES } from '../../../domain/vocabulary';
import { contentDisposition } from '../../../domain/evidence/file-type';
import { isSha256 } from '../../../storage/evidence-store';
import { assessmentPage, JUDGEMENT_LABELS } from './assessment-presenter';
import { formatDateTime } from '../../presenters/format';
import { sendStoredPdf } from '../submissions/pages';
import { notFound } from '../../../errors';

const messages = {
  filesWithheld: 'In this blind review the applicant asked for the evidence files to be listed without their content, as they may name the applicant.',
  saved: 'Your progress has been saved: judgements, comments and your draft outcome. Nothing has been sent to the applicant.',
  started: 'The review has started: the applicant sees that their application is in review.',
  outcome: {
    award: 'The level has been awarded; the applicant has been told.',
    not_yet: 'The decision (not awarded) is recorded; the applicant has been told.',
    more_info: 'Your request for more information has been sent to the applicant.',
  } as Record<string, string>,
  assigned: 'The submission has been assigned; the assessor has been told.',
};

/**
 * The notes' fields ("judgement-<requirement>", "comment-<requirement>", "competence-<id>") as
 * the service takes them. A subject whose fields were not sent at all is left as saved: the page
 * always sends its comment boxes, so only a post without them (a script's) leaves notes untouched.
 */
export function notesFromForm(body: Record<string, unknown>, requirementIds: string[]): NotesInput {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
  const sent = (...keys: string[]) => keys.some((key) => key in body);
  return {
    requirements: requirementIds.filter((id) => sent(`judgement-${id}`, `comment-${id}`)).map((id) => ({ id, judgement: text(`judgement-${id}`) || undefined, comment: text(`comment-${id}`) })),
    competences: COMPETENCES.ids.filter((id) => sent(`competence-${id}`)).map((id) => ({ id, comment: text(`competence-${id}`) })),
  };
}

/** The assessment page's one form: the notes, the outcome, and its button ("action": "save" or "decide"). */
export function assessmentFromForm(body: Record<string, unknown>, requirementIds: string[]): AssessmentInput {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
  return { ...notesFromForm(body, requirementIds), outcome: { recommendation: text('recommendation'), feedback: text('feedback') }, decide: body.action === 'decide' };
}

/** The assessor's queue and assessment page; the administrators' list of submissions and assignment. */
export function assessmentRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/assessments', requireRole('assessor'));
  router.use('/admin/submissions', requireRole('admin'));

  router.get('/assessments', async (req, res) => {
    const items = await assessorQueue(deps, req.user!.id);
    res.render('assessments/queue', { title: 'Assessment queue', items, statusLabels: STATUS_LABELS, formatDateTime });
  });

  const pageView = async (req: Request) => {
    const view = await assessmentView(deps, req.user!.id, idParam(req));
    return {
      title: `Assessment: ${view.submission.levelLabel}${view.submission.purpose === 'renewal' ? ' renewal' : ''}, version ${view.submission.version}`,
      view,
      // Re-shown after an error, the page counts the judgements as sent, not as last saved.
      page: assessmentPage(view, req.method === 'POST' ? (req.body as Record<string, unknown>) : {}),
      statusLabels: STATUS_LABELS,
      judgementLabels: JUDGEMENT_LABELS,
      readOnly: isClosed(view.submission.status) || view.submission.status === 'more_info_requested',
      formatDateTime,
      formatIsoDate,
    };
  };

  router.get('/assessments/:id', async (req, res) => res.render('assessments/show', await pageView(req)));

  router.post('/assessments/:id/start', async (req, res) => {
    await startReview(deps, req.user!.id, idParam(req));
    req.session.flash = messages.started;
    res.redirect(303, `/assessments/${idParam(req)}`);
  });

  // One form saves everything on the page; its two buttons say whether the outcome is a draft or the decision.
  router.post('/assessments/:id', formPage('assessments/show', pageView), async (req, res) => {
    const submission = await findSubmission(deps.repos, deps.db, idParam(req));
    if (!submission || submission.assessorId !== req.user!.id) throw notFound();
    const input = assessmentFromForm(
      req.body as Record<string, unknown>,
      submission.snapshot.evaluation.level.requirements.map((r) => r.id),
    );
    await saveAssessment(deps, req.user!.id, submission.id, input);
    req.session.flash = input.decide ? (messages.outcome[String(input.outcome.recommendation)] ?? messages.saved) : messages.saved;
    res.redirect(303, `/assessments/${submission.id}`);
  });

  router.get('/assessments/:id/pdf', async (req, res) => {
    const submission = await findSubmission(deps.repos, deps.db, idParam(req));
    if (!submission || submission.assessorId !== req.user!.id) throw notFound();
    if (!submission.blind) return sendStoredPdf(deps, submission, res);
    // Blind review: the issued PDF names the applicant, so the assessor reads a copy without it,
    // rendered from the same frozen snapshot (the issued one stays the one the verify page knows).
    res
      .type('application/pdf')
      .set('Content-Disposition', contentDisposition(`eia-${submission.level.replace(/_/g, '-')}-v${submission.version}-blind.pdf`))
      .set('Cache-Control', 'private, no-store');
    await deps.renderSnapshot(
      submission.snapshot,
      submission.snapshotSha256,
      { draft: false, blind: true, blindWithoutAppendices: !submission.blindAppendices, verificationCode: submission.verificationCode, documentDate: submission.submittedAt },
      res,
    );
  });

  // An evidence file of the submission, shown in the browser: only files frozen with it.
  router.get('/assessments/:id/files/:sha256', async (req, res) => {
    const submission = await findSubmission(deps.repos, deps.db, idParam(req));
    const sha256 = String(req.params.sha256);
    const file = submission?.snapshot.files.find((each) => each.sha256 === sha256);
    if (!submission || submission.assessorId !== req.user!.id || !file || !isSha256(sha256) || !(await isFrozenWith(deps, submission.id, sha256))) throw notFound();
    // In a blind review the applicant may have asked for the files to be listed, not shown.
    if (submission.blind && !submission.blindAppendices) throw notFound(messages.filesWithheld);
    res.type(file.mediaType).set('Content-Disposition', contentDisposition(file.name, 'inline')).set('X-Content-Type-Options', 'nosniff').set('Content-Security-Policy', "default-src 'none'; sandbox");
    await sendStoredFile(deps.evidenceStore, sha256, res);
  });

  const adminView = async () => {
    const [items, users] = await Promise.all([allSubmissions(deps), listUsers(deps)]);
    const assessors = users.filter((user) => user.roles.includes('assessor'));
    const names = new Map(users.map((user) => [user.id, user.name]));
    return { title: 'Submissions', items: items.map((item) => ({ ...item, assessorName: item.assessorId ? names.get(item.assessorId) : undefined })), assessors, statusLabels: STATUS_LABELS, formatDateTime, isClosed };
  };

  router.get('/admin/submissions', async (_req, res) => res.render('assessments/admin', await adminView()));

  router.post('/admin/submissions/:id/assign', formPage('assessments/admin', adminView), async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    await assignAssessor(deps, req.user!.id, idParam(req), positiveId(body.assessorId) ?? 0, body.blind === 'on' || body.blind === 'true');
    req.session.flash = messages.assigned;
    res.redirect(303, '/admin/submissions');
  });

  return router;
}

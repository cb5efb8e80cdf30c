import type { SubmissionSummary } from '../../../domain/submission/submission-service';
import { json, ref } from '../../openapi';

/** A submission as the API shows it; the applicant's name is withheld from a blind assessor. */
export const submissionJson = (submission: SubmissionSummary, hideName = false) => ({
  id: submission.id,
  version: submission.version,
  previousId: submission.previousId,
  criteriaSet: submission.criteriaSet,
  level: submission.level,
  asOf: submission.asOf,
  status: submission.status,
  applicantName: hideName ? null : submission.applicantName,
  verificationCode: submission.verificationCode,
  snapshotSha256: submission.snapshotSha256,
  pdfSha256: submission.pdfSha256,
  submittedAt: submission.submittedAt.toISOString(),
  decidedAt: submission.decidedAt?.toISOString() ?? null,
  recommendation: submission.recommendation,
  feedback: submission.feedback,
  purpose: submission.purpose,
  awardId: submission.awardId,
});

export const submissionResponse = { description: 'The submission', ...json(ref('Submission')) };
export const submissionsResponse = (description: string) => ({ description, ...json({ type: 'object', properties: { items: { type: 'array', items: ref('Submission') } } }) });

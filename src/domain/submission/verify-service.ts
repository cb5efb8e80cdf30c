import { createHash } from 'node:crypto';
import type { ServiceDeps } from '../deps';
import { formatIsoDate, isoDay } from '../dates';
import { normaliseVerificationCode } from '../snapshot/verification-code';
import { STATUS_LABELS, type SubmissionStatus } from './statuses';

export type VerifyDeps = Pick<ServiceDeps, 'db'>;

/** What the public verify page may say about a submission: these facts and nothing else. */
export interface VerifiedSubmission {
  code: string;
  applicantName: string;
  levelLabel: string;
  criteriaSetTitle: string;
  /** "12 March 2026". */
  submittedOn: string;
  status: SubmissionStatus;
  statusLabel: string;
  /** Only once an assessor has decided. */
  decision?: { awarded: boolean; label: string; decidedOn?: string };
  pdfSha256: string;
  /** The later version that answers this one, if any. */
  supersededBy?: { version: number; submittedOn: string };
}

export interface PdfComparison {
  identical: boolean;
  uploadedSha256: string;
  issuedSha256: string;
}

const day = (at: Date | string) => formatIsoDate(isoDay(new Date(at)));

/** The row of a well-formed code, reading only the snapshot fields the page shows. */
async function findByCode(deps: VerifyDeps, rawCode: string) {
  const code = normaliseVerificationCode(rawCode);
  if (!code) return undefined;
  const row = await deps.db('submissions')
    .select(
      'id', 'verification_code', 'status', 'submitted_at', 'decided_at', 'pdf_sha256',
      deps.db.raw("snapshot->'applicant'->>'name' as applicant_name"),
      deps.db.raw("snapshot->'level'->>'label' as level_label"),
      deps.db.raw("snapshot->'criteriaSet'->>'title' as criteria_set_title"),
    )
    .where('verification_code', code)
    .first<{ id: number; verification_code: string; status: SubmissionStatus; submitted_at: Date; decided_at: Date | null; pdf_sha256: string; applicant_name: string | null; level_label: string | null; criteria_set_title: string | null } | undefined>();
  return row;
}

/**
 * The public facts of the submission with this verification code (as printed or typed), or
 * undefined for an unknown or malformed code; a draft's code belongs to no submission.
 */
export async function verifySubmission(deps: VerifyDeps, rawCode: string): Promise<VerifiedSubmission | undefined> {
  const row = await findByCode(deps, rawCode);
  if (!row) return undefined;
  const later = await deps.db('submissions').select('version', 'submitted_at').where('previous_id', row.id).orderBy('version', 'asc').first<{ version: number; submitted_at: Date } | undefined>();
  const decided = row.status === 'awarded' || row.status === 'not_awarded';
  return {
    code: row.verification_code,
    applicantName: row.applicant_name ?? '',
    levelLabel: row.level_label ?? '',
    criteriaSetTitle: row.criteria_set_title ?? '',
    submittedOn: day(row.submitted_at),
    status: row.status,
    statusLabel: STATUS_LABELS[row.status] ?? row.status,
    ...(decided ? { decision: { awarded: row.status === 'awarded', label: row.status === 'awarded' ? 'Awarded' : 'Not awarded', ...(row.decided_at ? { decidedOn: day(row.decided_at) } : {}) } } : {}),
    pdfSha256: row.pdf_sha256,
    ...(later ? { supersededBy: { version: later.version, submittedOn: day(later.submitted_at) } } : {}),
  };
}

/** Compares an uploaded copy with the PDF issued for this code, by SHA-256; undefined for an unknown code. */
export async function checkPdfAgainst(deps: VerifyDeps, rawCode: string, bytes: Buffer): Promise<PdfComparison | undefined> {
  const row = await findByCode(deps, rawCode);
  if (!row) return undefined;
  const uploadedSha256 = createHash('sha256').update(bytes).digest('hex');
  return { identical: uploadedSha256 === row.pdf_sha256, uploadedSha256, issuedSha256: row.pdf_sha256 };
}

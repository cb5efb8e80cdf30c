import { createHash } from 'node:crypto';
import type { ServiceDeps } from '../deps';
import { formatIsoDate, isoDay } from '../dates';
import { normaliseVerificationCode } from '../snapshot/verification-code';
import { STATUS_LABELS, type SubmissionStatus } from './statuses';
import type { PublicSubmissionFacts } from '../../db/repositories/submission-repository';

export type VerifyDeps = Pick<ServiceDeps, 'db' | 'repos'>;

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
  /** A first application, or the renewal of an award. */
  purpose: 'application' | 'renewal';
  /** The later version that answers this one, if any. */
  supersededBy?: { version: number; submittedOn: string };
}

export interface PdfComparison {
  identical: boolean;
  uploadedSha256: string;
  issuedSha256: string;
}

const day = (at: Date | string) => formatIsoDate(isoDay(new Date(at)));

/** The public facts of a well-formed code's submission. */
async function findByCode(deps: VerifyDeps, rawCode: string): Promise<PublicSubmissionFacts | undefined> {
  const code = normaliseVerificationCode(rawCode);
  return code ? deps.repos.submission.findPublicFacts(deps.db, code) : undefined;
}

/**
 * The public facts of the submission with this verification code (as printed or typed), or
 * undefined for an unknown or malformed code; a draft's code belongs to no submission.
 */
export async function verifySubmission(deps: VerifyDeps, rawCode: string): Promise<VerifiedSubmission | undefined> {
  const facts = await findByCode(deps, rawCode);
  if (!facts) return undefined;
  const later = await deps.repos.submission.nextVersion(deps.db, facts.id);
  const decided = facts.status === 'awarded' || facts.status === 'not_awarded';
  return {
    code: facts.verificationCode,
    applicantName: facts.applicantName ?? '',
    levelLabel: facts.levelLabel ?? '',
    criteriaSetTitle: facts.criteriaSetTitle ?? '',
    submittedOn: day(facts.submittedAt),
    status: facts.status,
    statusLabel: STATUS_LABELS[facts.status] ?? facts.status,
    ...(decided ? { decision: { awarded: facts.status === 'awarded', label: facts.status === 'awarded' ? 'Awarded' : 'Not awarded', ...(facts.decidedAt ? { decidedOn: day(facts.decidedAt) } : {}) } } : {}),
    pdfSha256: facts.pdfSha256,
    purpose: facts.purpose,
    ...(later ? { supersededBy: { version: later.version, submittedOn: day(later.submittedAt) } } : {}),
  };
}

/** Compares an uploaded copy with the PDF issued for this code, by SHA-256; undefined for an unknown code. */
export async function checkPdfAgainst(deps: VerifyDeps, rawCode: string, bytes: Buffer): Promise<PdfComparison | undefined> {
  const facts = await findByCode(deps, rawCode);
  if (!facts) return undefined;
  const uploadedSha256 = createHash('sha256').update(bytes).digest('hex');
  return { identical: uploadedSha256 === facts.pdfSha256, uploadedSha256, issuedSha256: facts.pdfSha256 };
}

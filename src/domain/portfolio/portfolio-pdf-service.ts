import { readFile } from 'node:fs/promises';
import type { EvaluationDeps } from './evaluation-service';
import type { EvidenceStore } from '../../storage/evidence-store';
import { takeSnapshot } from '../snapshot/snapshot-service';
import type { PortfolioSnapshot } from '../snapshot/snapshot';
import { draftVerificationCode } from '../snapshot/verification-code';
import { buildPdfModel } from '../../pdf/build-model';
import { probeAppendices } from '../../pdf/appendix-probe';
import type { ParseLimits } from '../parse-limits';
import { renderPortfolioPdf, type ReadEvidence } from '../../pdf/portfolio-pdf';

export interface PortfolioPdfDeps extends EvaluationDeps {
  evidenceStore: EvidenceStore;
  /** How much an evidence file may inflate to before it is placed. */
  parseLimits: ParseLimits;
}

export interface PdfRequest {
  asOf?: string;
  level?: string;
  /** Leave the applicant's name out (blind review). */
  blind?: boolean;
  /** In a blind copy, list the appended files without their pages (they may name the applicant). */
  blindWithoutAppendices?: boolean;
}

/** How a rendered snapshot is labelled: a draft, or a submission with its own code and date. */
export interface PdfIdentity {
  draft: boolean;
  verificationCode: string;
  documentDate: Date;
}

const readerFor = (store: EvidenceStore): ReadEvidence => (sha256) => readFile(store.path(sha256));

/** The verify page's address for a code. */
export const verifyUrl = (baseUrl: string, code: string) => `${baseUrl}/verify/${code}`;

/** Renders a snapshot (a live draft or a frozen submission) into `out`. */
export async function renderSnapshotPdf(deps: PortfolioPdfDeps, snapshot: PortfolioSnapshot, sha256: string, identity: PdfIdentity & { blind: boolean; blindWithoutAppendices?: boolean }, out: NodeJS.WritableStream): Promise<void> {
  const read = readerFor(deps.evidenceStore);
  // Only the files the applicant appends are tried; the others are listed, never read.
  const appendixStatus = await probeAppendices(snapshot.files.filter((file) => file.appended), read, deps.parseLimits);
  const model = buildPdfModel(snapshot, { ...identity, verifyUrl: verifyUrl(deps.baseUrl, identity.verificationCode), snapshotSha256: sha256, appendixStatus });
  await renderPortfolioPdf(model, read, out);
}

/** A draft PDF ready to write: its snapshot is taken (and checked) before anything is sent. */
export interface PreparedPdf {
  snapshot: PortfolioSnapshot;
  sha256: string;
  /** "eia-practitioner-2026-03-12.pdf" */
  fileName: string;
  write(out: NodeJS.WritableStream): Promise<void>;
}

/** The draft PDF of the owner's portfolio on a date (today by default) for a level. */
export async function prepareDraftPdf(deps: PortfolioPdfDeps, ownerId: number, request: PdfRequest): Promise<PreparedPdf> {
  const { snapshot, sha256 } = await takeSnapshot(deps, ownerId, { asOf: request.asOf, level: request.level });
  // A draft is dated by its evaluation date, not the moment it was made: the same portfolio and
  // date give the same document.
  const blind = request.blind ?? false;
  const identity = { draft: true, verificationCode: draftVerificationCode(sha256), documentDate: new Date(`${snapshot.asOf}T00:00:00Z`), blind, blindWithoutAppendices: blind && (request.blindWithoutAppendices ?? false) };
  return {
    snapshot,
    sha256,
    fileName: `eia-${snapshot.level.id.replace(/_/g, '-')}-${snapshot.asOf}${identity.blind ? '-blind' : ''}-draft.pdf`,
    write: (out) => renderSnapshotPdf(deps, snapshot, sha256, identity, out),
  };
}

/** The draft PDF streamed into `out` (the benchmark and scripts). */
export async function streamPortfolioPdf(deps: PortfolioPdfDeps, ownerId: number, request: PdfRequest, out: NodeJS.WritableStream): Promise<PortfolioSnapshot> {
  const prepared = await prepareDraftPdf(deps, ownerId, request);
  await prepared.write(out);
  return prepared.snapshot;
}

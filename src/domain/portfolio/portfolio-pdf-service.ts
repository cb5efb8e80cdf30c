import { PassThrough } from 'node:stream';
import type { EvaluationDeps } from './evaluation-service';
import type { EvidenceStore, StoredFile } from '../../storage/evidence-store';
import { takeSnapshot } from '../snapshot/snapshot-service';
import type { PortfolioSnapshot, SnapshotRenewal } from '../snapshot/snapshot';
import { draftVerificationCode } from '../snapshot/verification-code';
import type { RenderSnapshot } from '../snapshot/snapshot-renderer';
import type { ParseLimits } from '../../validation/parse-limits';

export interface PortfolioPdfDeps extends EvaluationDeps {
  evidenceStore: EvidenceStore;
  /** How much an evidence file may inflate to before it is placed. */
  parseLimits: ParseLimits;
  /** The application PDF renderer (src/pdf's, wired in build-deps). */
  renderSnapshot: RenderSnapshot;
}

export interface PdfRequest {
  asOf?: string;
  level?: string;
  /** Leave the applicant's name out (blind review). */
  blind?: boolean;
  /** In a blind copy, list the appended files without their pages (they may name the applicant). */
  blindWithoutAppendices?: boolean;
  /** The criteria set (the portfolio's own by default). */
  setId?: string;
  /** A renewal application's award (with setId, the scheme's renewal set). */
  renewal?: SnapshotRenewal;
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
  const { snapshot, sha256 } = await takeSnapshot(deps, ownerId, {
    asOf: request.asOf,
    level: request.level,
    ...(request.setId ? { setId: request.setId } : {}),
    ...(request.renewal ? { renewal: request.renewal } : {}),
  });
  // A draft is dated by its evaluation date, not the moment it was made: the same portfolio and
  // date give the same document.
  const blind = request.blind ?? false;
  const identity = {
    draft: true,
    verificationCode: draftVerificationCode(sha256),
    documentDate: new Date(`${snapshot.asOf}T00:00:00Z`),
    blind,
    blindWithoutAppendices: blind && (request.blindWithoutAppendices ?? false),
  };
  return {
    snapshot,
    sha256,
    fileName: `eia-${snapshot.renewal ? 'renewal-' : ''}${snapshot.level.id.replace(/_/g, '-')}-${snapshot.asOf}${identity.blind ? '-blind' : ''}-draft.pdf`,
    write: (out) => deps.renderSnapshot(snapshot, sha256, identity, out),
  };
}

/** The draft PDF streamed into `out` (the benchmark and scripts). */
export async function streamPortfolioPdf(deps: PortfolioPdfDeps, ownerId: number, request: PdfRequest, out: NodeJS.WritableStream): Promise<PortfolioSnapshot> {
  const prepared = await prepareDraftPdf(deps, ownerId, request);
  await prepared.write(out);
  return prepared.snapshot;
}

/**
 * A rendered PDF put into the evidence store as it is written (content-addressed, never whole in
 * memory): a submission's PDF, or a draft rendered in the background.
 */
export async function storeRenderedPdf(deps: Pick<PortfolioPdfDeps, 'evidenceStore'>, write: (out: NodeJS.WritableStream) => Promise<void>): Promise<StoredFile> {
  const through = new PassThrough();
  const stored = deps.evidenceStore.put(through, { maxBytes: Number.MAX_SAFE_INTEGER });
  try {
    await write(through);
    // A renderer that did not end its output (pdfkit's pipeline does) is finished all the same.
    if (!through.writableEnded) through.end();
  } catch (error) {
    through.destroy(error as Error);
    await stored.catch(() => undefined);
    throw error;
  }
  return stored;
}

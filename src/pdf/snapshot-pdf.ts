import type { EvidenceStore } from '../storage/evidence-store';
import type { ParseLimits } from '../validation/parse-limits';
import { verifyUrl, type RenderSnapshot } from '../domain/snapshot/snapshot-renderer';
import { probeAppendices } from './appendix-probe';
import { buildPdfModel } from './build-model';
import { renderPortfolioPdf, type ReadEvidence } from './portfolio-pdf';

export interface SnapshotPdfDeps {
  evidenceStore: EvidenceStore;
  /** How much an evidence file may inflate to before it is placed. */
  parseLimits: ParseLimits;
  baseUrl: string;
}

/** The application PDF renderer the domain is given: snapshot → model → pdfkit, evidence read from the store. */
export function snapshotPdfRenderer(deps: SnapshotPdfDeps): RenderSnapshot {
  const read: ReadEvidence = (sha256) => deps.evidenceStore.read(sha256);
  return async (snapshot, sha256, identity, out) => {
    // Only the files the applicant appends are tried; the others are listed, never read.
    const appendixStatus = await probeAppendices(
      snapshot.files.filter((file) => file.appended),
      read,
      deps.parseLimits,
    );
    const model = buildPdfModel(snapshot, { ...identity, verifyUrl: verifyUrl(deps.baseUrl, identity.verificationCode), snapshotSha256: sha256, appendixStatus });
    await renderPortfolioPdf(model, read, out);
  };
}

import { verifyUrl } from '../../src/domain/snapshot/snapshot-renderer';
import { takeSnapshot } from '../../src/domain/snapshot/snapshot-service';
import { draftVerificationCode } from '../../src/domain/snapshot/verification-code';
import type { AppDeps } from '../../src/http/app-deps';
import { probeAppendices } from '../../src/pdf/appendix-probe';
import { buildPdfModel } from '../../src/pdf/build-model';
import type { PdfDocumentModel } from '../../src/pdf/document-model';

/**
 * The draft PDF's model exactly as streamPortfolioPdf builds it (prepareDraftPdf, then
 * the snapshot renderer up to its render): snapshot today, the draft's identity, the appendix
 * probe, buildPdfModel. The Chromium comparison prints this same model.
 */
export async function portfolioModel(deps: AppDeps, ownerId: number): Promise<{ model: PdfDocumentModel; sha256: string }> {
  const { snapshot, sha256 } = await takeSnapshot(deps, ownerId, {});
  const verificationCode = draftVerificationCode(sha256);
  const appendixStatus = await probeAppendices(
    snapshot.files.filter((file) => file.appended),
    (file) => deps.evidenceStore.read(file),
    deps.parseLimits,
  );
  const model = buildPdfModel(snapshot, {
    draft: true,
    blind: false,
    verificationCode,
    documentDate: new Date(`${snapshot.asOf}T00:00:00Z`),
    verifyUrl: verifyUrl(deps.baseUrl, verificationCode),
    snapshotSha256: sha256,
    appendixStatus,
  });
  return { model, sha256 };
}

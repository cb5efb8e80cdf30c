import PDFDocument from 'pdfkit';
import type { SnapshotFile } from '../domain/snapshot/snapshot';
import type { AppendixStatus } from './appendix-status';
import type { ReadEvidence } from './render/appendices';
import { openEvidencePdf, PdfObjectCopier, UnreadablePdfError } from './render/pdf-import';
import { imageTooLarge, pdfTooLarge, type AppendixLimits } from './appendix-limits';

const messages = {
  word: 'Word documents are listed, not placed in the PDF: the assessor opens them in the app',
  image: 'the image is damaged or not really a PNG or JPEG (it could not be read)',
  missing: 'the file is missing from the evidence store',
  unexpected: 'it could not be read',
};

/** A pdfkit document whose output goes nowhere: the probe copies pages into it to prove they copy. */
function scratchDocument(): PDFKit.PDFDocument {
  const doc = new PDFDocument({ autoFirstPage: false, compress: false });
  doc.on('data', () => undefined);
  return doc;
}

async function probePdf(bytes: Buffer): Promise<AppendixStatus> {
  const source = await openEvidencePdf(bytes);
  const doc = scratchDocument();
  const copier = new PdfObjectCopier(doc, source);
  const pages = source.getPages();
  for (let index = 0; index < pages.length; index += 1) await copier.placePage(pages[index]!, index + 1);
  return { appendable: true, pages: pages.length, ...(copier.unembeddedFonts ? { unembeddedFonts: true } : {}) };
}

function probeImage(bytes: Buffer): AppendixStatus {
  try {
    (scratchDocument() as unknown as { openImage(bytes: Buffer): unknown }).openImage(bytes);
    return { appendable: true };
  } catch {
    return { appendable: false, reason: messages.image };
  }
}

async function probeFile(file: Pick<SnapshotFile, 'sha256' | 'mediaType'>, read: ReadEvidence, limits: AppendixLimits): Promise<AppendixStatus> {
  if (file.mediaType.startsWith('application/vnd.openxmlformats')) return { appendable: false, reason: messages.word };
  let bytes: Buffer;
  try {
    bytes = await read(file.sha256);
  } catch {
    return { appendable: false, reason: messages.missing };
  }
  try {
    const tooLarge = file.mediaType === 'application/pdf' ? await pdfTooLarge(bytes, limits) : file.mediaType.startsWith('image/') ? imageTooLarge(bytes, limits) : undefined;
    if (tooLarge) return { appendable: false, reason: tooLarge };
    if (file.mediaType === 'application/pdf') return await probePdf(bytes);
    if (file.mediaType.startsWith('image/')) return probeImage(bytes);
    return { appendable: true };
  } catch (error) {
    return { appendable: false, reason: error instanceof UnreadablePdfError ? error.message : messages.unexpected };
  }
}

/**
 * Finds out, before anything is written, which evidence files can be placed in the PDF, by doing
 * exactly what rendering will do with each (a damaged file must never break the document half
 * way): PDFs are opened and every page copied into a throwaway document; images are decoded.
 */
export async function probeAppendices(files: Pick<SnapshotFile, 'sha256' | 'mediaType'>[], read: ReadEvidence, limits: AppendixLimits): Promise<Map<string, AppendixStatus>> {
  const statuses = new Map<string, AppendixStatus>();
  for (const file of files) if (!statuses.has(file.sha256)) statuses.set(file.sha256, await probeFile(file, read, limits));
  return statuses;
}

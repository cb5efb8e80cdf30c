import type { PdfAppendix, PdfDocumentModel } from '../document-model';
import { decodeText } from '../../domain/import/decode-text';
import type { PdfWriter } from './writer';
import { COLOURS, SIZES } from './theme';
import { openEvidencePdf, PdfObjectCopier } from './pdf-import';

/** Reads an evidence file's bytes by its SHA-256. */
export type ReadEvidence = (sha256: string) => Promise<Buffer>;

type Struct = PDFKit.PDFStructureElement;

const STAMP_GAP = 8;

/** The stamp on an appendix page: which evidence it is, and which of its pages. Real text, so it is searchable. */
function drawStamp(w: PdfWriter, sect: Struct, appendix: PdfAppendix, page: number | undefined, first: boolean): void {
  const words = `Evidence ${appendix.ref}${page === undefined ? '' : `, page ${page} of ${appendix.pages}`}: ${appendix.name}`;
  w.tagged(sect, first ? 'H1' : 'P', () => w.text('Bold', SIZES.body, COLOURS.accent).text(words, w.left, w.doc.y, { width: w.width }));
  if (first) {
    w.tagged(sect, 'P', () => w.text('Body', SIZES.small, COLOURS.muted).text(`SHA-256 ${appendix.sha256}`, w.left, w.doc.y, { width: w.width }));
    const supports = appendix.supports.length ? `Supports: ${appendix.supports.join('; ')}` : 'Supports no record: appended by the applicant’s choice';
    w.tagged(sect, 'P', () => w.text('Body', SIZES.small, COLOURS.muted).text(supports, w.left, w.doc.y, { width: w.width }));
  }
  w.doc.y += STAMP_GAP;
}

/** The largest box of the page's proportions that fits the space left on the page. */
function fit(w: PdfWriter, width: number, height: number) {
  const room = { width: w.width, height: w.bottom - w.doc.y };
  const scale = Math.min(room.width / width, room.height / height, 1.5);
  return { x: w.left + (room.width - width * scale) / 2, y: w.doc.y, scale };
}

async function drawPdfPages(w: PdfWriter, sect: Struct, appendix: PdfAppendix, bytes: Buffer | undefined): Promise<void> {
  const source = bytes && (await openEvidencePdf(bytes));
  const copier = source && new PdfObjectCopier(w.doc, source);
  const pages = source?.getPages();
  const count = appendix.pages ?? pages?.length ?? 0;
  for (let index = 0; index < count; index += 1) {
    await w.drain();
    if (index > 0) w.newPage();
    drawStamp(w, sect, appendix, index + 1, index === 0);
    if (!copier || !pages) continue; // the first pass only counts pages
    const placed = await copier.placePage(pages[index]!, index + 1);
    const name = `Ev${appendix.ref}P${index + 1}`;
    (w.doc.page as unknown as { xobjects: Record<string, unknown> }).xobjects[name] = placed.xobject;
    const { x, y, scale } = fit(w, placed.width, placed.height);
    w.tagged(
      sect,
      'Figure',
      () => {
        w.doc.save();
        w.doc
          .rect(x, y, placed.width * scale, placed.height * scale)
          .lineWidth(0.5)
          .strokeColor(COLOURS.line)
          .stroke();
        w.doc.transform(scale, 0, 0, -scale, x, y + placed.height * scale);
        w.doc.transform(...placed.rotation);
        w.doc.addContent(`/${name} Do`);
        w.doc.restore();
      },
      { alt: `Page ${index + 1} of ${appendix.pages ?? count} of ${appendix.name} (evidence ${appendix.ref})` },
    );
  }
}

function drawImage(w: PdfWriter, sect: Struct, appendix: PdfAppendix, bytes: Buffer | undefined): void {
  drawStamp(w, sect, appendix, undefined, true);
  if (!bytes) return;
  const box = { width: w.width, height: w.bottom - w.doc.y };
  w.tagged(sect, 'Figure', () => void w.doc.image(bytes, w.left, w.doc.y, { fit: [box.width, box.height], align: 'center' }), { alt: `${appendix.name} (evidence ${appendix.ref})` });
}

function drawText(w: PdfWriter, sect: Struct, appendix: PdfAppendix, bytes: Buffer): void {
  drawStamp(w, sect, appendix, undefined, true);
  w.tagged(sect, 'P', () => w.text('Body', SIZES.body, COLOURS.ink).text(decodeText(bytes), w.left, w.doc.y, { width: w.width }));
}

/**
 * Each appendable evidence file after the sections: PDFs page by page, images on a page,
 * text as text. In the first pass (layout only) PDFs are not read: their page counts are known.
 */
export async function drawAppendices(w: PdfWriter, model: PdfDocumentModel, read: ReadEvidence): Promise<void> {
  let bookmarks: PDFKit.PDFOutline | undefined;
  const layoutOnly = w.layout === undefined;
  for (const appendix of model.appendices) {
    w.appendixStamp = `Appendix ${appendix.ref}: ${appendix.name}`;
    w.newPage();
    w.anchor(`appendix-${appendix.ref}`);
    bookmarks ??= w.doc.outline.addItem('Appendices: evidence files');
    bookmarks.addItem(`${appendix.ref}: ${appendix.name}`);
    const sect = w.section('Sect');
    const isPdf = appendix.mediaType === 'application/pdf';
    const bytes = layoutOnly && (isPdf || appendix.mediaType.startsWith('image/')) ? undefined : await read(appendix.sha256);
    if (isPdf) await drawPdfPages(w, sect, appendix, bytes);
    else if (appendix.mediaType.startsWith('image/')) drawImage(w, sect, appendix, bytes);
    else drawText(w, sect, appendix, bytes!);
    sect.end();
  }
  w.appendixStamp = undefined;
}

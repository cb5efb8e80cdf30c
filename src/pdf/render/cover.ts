import QRCode from 'qrcode';
import type { PdfDocumentModel } from '../document-model';
import type { PdfWriter } from './writer';
import { drawFacts, drawHeading, drawParagraph } from './blocks';
import { COLOURS, SIZES } from './theme';

const QR_SIZE = 112;

/** A QR code as filled squares (one path, crisp at any zoom), tagged as a figure with its link as text. */
function drawQrCode(w: PdfWriter, parent: PDFKit.PDFStructureElement, url: string, x: number, y: number): void {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const cell = QR_SIZE / (modules.size + 8);
  const origin = { x: x + 4 * cell, y: y + 4 * cell }; // the quiet zone of 4 modules
  w.tagged(
    parent,
    'Figure',
    () => {
      for (let row = 0; row < modules.size; row += 1) {
        for (let column = 0; column < modules.size; column += 1) {
          if (modules.get(row, column)) w.doc.rect(origin.x + column * cell, origin.y + row * cell, cell, cell);
        }
      }
      w.doc.fill(COLOURS.ink);
    },
    { alt: `QR code linking to ${url}` },
  );
}

/** Page 1: what the application is, whose, for which level, and how to check the document. */
export function drawCover(w: PdfWriter, model: PdfDocumentModel): void {
  const { cover } = model;
  const sect = w.section();
  w.anchor('cover');
  w.doc.outline.addItem('Cover');
  w.doc.y = 120;
  w.tagged(sect, 'H1', () => w.text('Bold', SIZES.title, COLOURS.accent).text(cover.title, w.left, w.doc.y, { width: w.width }));
  w.doc.moveDown(0.8);
  drawParagraph(w, sect, cover.standing);
  drawFacts(w, sect, cover.facts);
  if (cover.notice) drawParagraph(w, sect, cover.notice, 'muted');
  if (model.draft)
    drawParagraph(w, sect, 'This is a draft: it has not been submitted for assessment. Every page is marked DRAFT, and its verification code belongs to no submission until the application is submitted.', 'muted');
  w.doc.y += 10;
  const top = w.doc.y;
  drawQrCode(w, sect, cover.verifyUrl, w.left, top);
  const textX = w.left + QR_SIZE + 16;
  const textWidth = w.width - QR_SIZE - 16;
  w.tagged(sect, 'P', () => w.text('Bold', SIZES.body, COLOURS.ink).text('Verify this document', textX, top + 10, { width: textWidth }));
  w.tagged(sect, 'P', () =>
    w
      .text('Body', SIZES.body, COLOURS.ink)
      .text(`Open ${cover.verifyUrl} (or scan the code) to see the application’s status and check that a copy is identical to the one issued.`, textX, w.doc.y + 2, { width: textWidth }),
  );
  w.tagged(sect, 'P', () =>
    w.text('Body', SIZES.small, COLOURS.muted).text(`Content fingerprint (SHA-256 of the portfolio snapshot this document renders): ${cover.snapshotSha256}`, textX, w.doc.y + 4, { width: textWidth }),
  );
  w.doc.y = Math.max(w.doc.y, top + QR_SIZE) + 8;
  sect.end();
}

/** Page 2: every section and appendix with its page, each line a link. */
export function drawContents(w: PdfWriter, model: PdfDocumentModel): void {
  w.newPage();
  const sect = w.section('Sect');
  w.anchor('contents');
  w.doc.outline.addItem('Contents');
  drawHeading(w, sect, 'H1', 'Contents');
  const toc = w.doc.struct('TOC');
  sect.add(toc);
  const entries = [
    ...model.sections.map((section) => ({ id: section.id, title: section.title })),
    ...model.appendices.map((appendix) => ({ id: `appendix-${appendix.ref}`, title: `Appendix ${appendix.ref}: ${appendix.name}` })),
  ];
  for (const entry of entries) {
    w.text('Body', SIZES.body + 0.5, COLOURS.ink);
    w.keep(w.doc.currentLineHeight(true) + 6);
    const y = w.doc.y;
    const page = String(w.pageOf(entry.id) || '');
    toc.add(
      w.doc.struct('TOCI', {}, [
        () => {
          w.text('Body', SIZES.body + 0.5, COLOURS.accent).text(entry.title, w.left, y, { width: w.width - 50, goTo: entry.id, lineBreak: false, ellipsis: true });
          w.text('Body', SIZES.body + 0.5, COLOURS.ink).text(page, w.left + w.width - 50, y, { width: 50, align: 'right', goTo: entry.id, lineBreak: false });
        },
      ]),
    );
    w.artifact(() =>
      w.doc
        .moveTo(w.left, y + 14)
        .lineTo(w.left + w.width, y + 14)
        .lineWidth(0.3)
        .strokeColor(COLOURS.line)
        .stroke(),
    );
    w.doc.y = y + 19;
  }
  toc.end();
  sect.end();
}

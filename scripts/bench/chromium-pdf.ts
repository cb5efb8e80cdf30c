import { PDFDocument, rgb, StandardFonts } from '@cantoo/pdf-lib';
import { chromium, type Browser } from 'playwright-core';
import type { PdfDocumentModel } from '../../src/pdf/document-model';
import { headerFooter, modelHtml } from './model-html';

/** Debian's chromium, as the end-to-end tests use it; the bench never downloads a browser. */
const CHROMIUM_PATH = '/usr/bin/chromium';
// Headless, and quiet: no update checks, sync or other calls to the network.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

/** Reads an evidence file's bytes by its SHA-256. */
export type ReadEvidence = (sha256: string) => Promise<Buffer>;

/**
 * The usual alternative to drawing the PDF with pdfkit: the same model as one HTML page,
 * printed by headless Chromium (A4, running header and "page X of Y" footer from its
 * templates), then each evidence PDF appended with pdf-lib (copyPages), every copied page
 * stamped with its reference at the top, and the whole saved. With no browser given, one is
 * launched and closed: what a server does per request without a pool of browsers.
 */
export async function chromiumPdf(model: PdfDocumentModel, read: ReadEvidence, browser?: Browser): Promise<Uint8Array> {
  const own = browser ?? (await launchChromium());
  let printed: Buffer;
  try {
    const page = await own.newPage();
    try {
      await page.setContent(await modelHtml(model), { waitUntil: 'load' });
      printed = await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        ...headerFooter(model),
        // The pdfkit renderer's margins (64, 58, 50 pt) in CSS pixels (4/3 per point).
        margin: { top: '85.33px', bottom: '77.33px', left: '66.67px', right: '66.67px' },
        outline: true,
        tagged: true,
      });
    } finally {
      await page.close();
    }
  } finally {
    if (!browser) await own.close();
  }
  return appendEvidence(printed, model, read);
}

async function appendEvidence(printed: Uint8Array, model: PdfDocumentModel, read: ReadEvidence): Promise<Uint8Array> {
  const doc = await PDFDocument.load(printed, { updateMetadata: false });
  doc.setTitle(model.title);
  doc.setCreationDate(model.documentDate);
  doc.setModificationDate(model.documentDate);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const accent = rgb(0.12, 0.37, 0.55);
  for (const appendix of model.appendices) {
    if (appendix.mediaType !== 'application/pdf') throw new Error(`the Chromium comparison appends PDFs only, not ${appendix.mediaType} (${appendix.name})`);
    // One evidence file in memory at a time, as in the pdfkit path.
    const source = await PDFDocument.load(await read(appendix.sha256), { updateMetadata: false });
    const pages = await doc.copyPages(source, source.getPageIndices());
    pages.forEach((page, index) => {
      doc.addPage(page);
      const { width, height } = page.getSize();
      // Helvetica is WinAnsi: the stamp keeps to Latin-1 (the evidence index has the exact name).
      const words = `Evidence ${appendix.ref}, page ${index + 1} of ${pages.length}: ${appendix.name}`.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
      page.drawRectangle({ x: 0, y: height - 22, width, height: 22, color: rgb(1, 1, 1), opacity: 0.85 });
      page.drawText(words, { x: 12, y: height - 15, size: 9, font: bold, color: accent, maxWidth: width - 24 });
    });
  }
  return doc.save();
}

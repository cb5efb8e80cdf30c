import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PdfDocumentModel } from './document-model';
import { PdfWriter, type Layout } from './render/writer';
import { drawContents, drawCover } from './render/cover';
import { drawBlock, drawHeading } from './render/blocks';
import { drawAppendices, type ReadEvidence } from './render/appendices';

export type { ReadEvidence } from './render/appendices';

/** Draws the whole document once; returns where everything fell. */
async function drawDocument(model: PdfDocumentModel, layout: Layout | undefined, read: ReadEvidence, out: NodeJS.WritableStream): Promise<Layout> {
  const w = new PdfWriter(model, layout);
  const written = pipeline(w.doc, out);
  try {
    w.newPage();
    drawCover(w, model);
    drawContents(w, model);
    for (const section of model.sections) {
      await w.drain();
      w.newPage();
      const sect = w.section('Sect');
      w.anchor(section.id);
      w.doc.outline.addItem(section.title);
      drawHeading(w, sect, 'H1', section.title);
      for (const block of section.blocks) {
        await w.breathe();
        await drawBlock(w, sect, block);
      }
      sect.end();
    }
    await drawAppendices(w, model, read);
  } catch (error) {
    w.doc.destroy(error as Error);
    await written.catch(() => undefined);
    throw error;
  }
  w.finish();
  await written;
  return { totalPages: w.pageNumber, anchors: w.anchors, measured: w.measured };
}

/** A sink that keeps nothing: the first pass only measures. */
const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/**
 * Renders the document into `out` as it is made (pages are written as they are finished, so
 * the output never piles up; what is held is the snapshot, the model and pdfkit's structure
 * tree, which grow with the records, and one evidence file at a time). Twice: the first pass,
 * written nowhere, learns the page count and where each section begins, for "page X of Y" and
 * the table of contents; the second writes the same pages with those numbers filled in.
 */
export async function renderPortfolioPdf(model: PdfDocumentModel, read: ReadEvidence, out: NodeJS.WritableStream): Promise<void> {
  const layout = await drawDocument(model, undefined, read, discard());
  await drawDocument(model, layout, read, out);
}

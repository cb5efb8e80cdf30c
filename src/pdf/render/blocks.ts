import type { PdfBlock } from '../document-model';
import type { PdfWriter } from './writer';
import { COLOURS, SIZES } from './theme';
import { drawTable } from './table';

type Struct = PDFKit.PDFStructureElement;

const GAP = 8;
/** Lines of an entry's text kept on the page with its title, so a title never ends a page. */
const KEEP_LINES = 3;

export function drawHeading(w: PdfWriter, parent: Struct, type: 'H1' | 'H2', text: string): void {
  const size = type === 'H1' ? SIZES.h1 : SIZES.h2;
  w.text('Bold', size, type === 'H1' ? COLOURS.accent : COLOURS.ink);
  w.keep(w.doc.heightOfString(text, { width: w.width }) + 4 * size);
  w.tagged(parent, type, () => w.doc.text(text, w.left, w.doc.y, { width: w.width }));
  w.doc.moveDown(type === 'H1' ? 0.5 : 0.3);
}

export function drawParagraph(w: PdfWriter, parent: Struct, text: string, tone: 'normal' | 'muted' = 'normal'): void {
  w.text('Body', SIZES.body, tone === 'muted' ? COLOURS.muted : COLOURS.ink);
  w.keep(w.doc.currentLineHeight(true) * 2);
  w.tagged(parent, 'P', () => w.doc.text(text, w.left, w.doc.y, { width: w.width }));
  w.doc.y += GAP;
}

/** Label and value pairs in two columns (the cover, the client hours summary). */
export function drawFacts(w: PdfWriter, parent: Struct, items: { label: string; value: string }[], labelWidth = 150): void {
  const list = w.doc.struct('L');
  parent.add(list);
  for (const item of items) {
    w.text('Body', SIZES.body, COLOURS.ink);
    const height = Math.max(w.doc.heightOfString(item.value, { width: w.width - labelWidth }), w.doc.currentLineHeight(true)) + 3;
    w.keep(height);
    const y = w.doc.y;
    const entry = w.doc.struct('LI');
    list.add(entry);
    entry.add(w.doc.struct('Lbl', {}, [() => void w.text('Bold', SIZES.body, COLOURS.muted).text(item.label, w.left, y, { width: labelWidth - 8 })]));
    entry.add(w.doc.struct('LBody', {}, [() => void w.text('Body', SIZES.body, COLOURS.ink).text(item.value, w.left + labelWidth, y, { width: w.width - labelWidth })]));
    entry.end();
    w.doc.y = y + height;
  }
  list.end();
  w.doc.y += GAP;
}

/** A titled, dated piece of writing; its text flows over as many pages as it needs. */
function drawEntry(w: PdfWriter, parent: Struct, block: Extract<PdfBlock, { kind: 'entry' }>): void {
  const div = w.doc.struct('Div');
  parent.add(div);
  w.text('Bold', SIZES.h2 - 0.5, COLOURS.ink);
  const titleHeight = w.doc.heightOfString(block.title, { width: w.width });
  w.text('Body', SIZES.small, COLOURS.muted);
  const metaHeight = w.doc.heightOfString(block.meta, { width: w.width });
  w.text('Body', SIZES.body, COLOURS.ink);
  w.keep(titleHeight + metaHeight + w.doc.currentLineHeight(true) * KEEP_LINES + GAP);
  w.artifact(() =>
    w.doc
      .moveTo(w.left, w.doc.y)
      .lineTo(w.left + w.width, w.doc.y)
      .lineWidth(0.5)
      .strokeColor(COLOURS.line)
      .stroke(),
  );
  w.doc.y += 4;
  w.tagged(div, 'H2', () => w.text('Bold', SIZES.h2 - 0.5, COLOURS.ink).text(block.title, w.left, w.doc.y, { width: w.width }));
  if (block.meta) w.tagged(div, 'P', () => w.text('Body', SIZES.small, COLOURS.muted).text(block.meta, w.left, w.doc.y, { width: w.width }));
  w.doc.y += 3;
  if (block.text) w.tagged(div, 'P', () => w.text('Body', SIZES.body, COLOURS.ink).text(block.text, w.left, w.doc.y, { width: w.width }));
  div.end();
  w.doc.y += GAP + 4;
}

/** Draws one block; a table may let other work run between its rows (see PdfWriter.breathe). */
export async function drawBlock(w: PdfWriter, parent: Struct, block: PdfBlock): Promise<void> {
  switch (block.kind) {
    case 'heading':
      return drawHeading(w, parent, 'H2', block.text);
    case 'paragraph':
      return drawParagraph(w, parent, block.text, block.tone);
    case 'facts':
      return drawFacts(w, parent, block.items);
    case 'table':
      return drawTable(w, parent, block);
    case 'entry':
      return drawEntry(w, parent, block);
  }
}

import type { PdfDocumentModel } from '../document-model';
import { COLOURS, FONTS, PAGE, SIZES } from './theme';
import { draftOutline } from './watermark';
import { ChunkedPdfDocument } from './chunked-document';

/** What the first pass finds out and the second uses: page numbers of every anchor, and the total. */
export interface Layout {
  totalPages: number;
  anchors: ReadonlyMap<string, number>;
  /** Text measured in the first pass, so the second does not wrap every cell again. */
  measured: Measures;
}

/**
 * Measured text by font, size, width and text. Nested rather than one string key: making and
 * hashing a key of the numbers and the text on every call cost a tenth of a big PDF's time.
 */
type Measures = Map<string, Map<number, Map<number, Map<string, MeasuredText>>>>;

/** The map under `key`, made on first use. */
function inner<K, M extends Map<unknown, unknown>>(map: Map<K, M>, key: K): M {
  let found = map.get(key);
  if (!found) map.set(key, (found = new Map() as M));
  return found;
}

/** Text wrapped at a width: its lines as pdfkit breaks them, and their height. */
export interface MeasuredText {
  height: number;
  lines: string[];
}

/** The parts of pdfkit's text machinery the writer uses beyond its typed API (pdfkit 0.20). */
interface PdfkitText {
  x: number;
  y: number;
  _font: { name: string };
  _fontSize: number;
  _lineGap: number;
  _initOptions(options: object): { lineGap?: number; height?: number };
  _text(text: string, x: number, y: number, options: object, onLine: (line: string) => void): void;
  currentLineHeight(includeGap: boolean): number;
}

type Struct = PDFKit.PDFStructureElement;

const DRAIN_ABOVE_BYTES = 1024 * 1024;
/** How long a render may hold the event loop before it lets other work run (see breathe). */
const YIELD_AFTER_MS = 15;
const FONT_BY_STYLE = { Body: FONTS.regular, Bold: FONTS.bold, Italic: FONTS.italic } as const;

/** pdfkit keeps the current font, size and colour on the document; the page frame must put them back. */
interface TextState {
  x: number;
  y: number;
  font: unknown;
  fontSize: number;
  fillColor: unknown;
}

/**
 * One pass over the document: the pdfkit document, the page frame drawn on every new page
 * (running header, footer with "page X of Y", the DRAFT watermark, all as artifacts a screen
 * reader skips), the structure tree's current section, and the anchors met so far.
 */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  readonly anchors = new Map<string, number>();
  readonly measured: Measures;
  pageNumber = 0;
  /** Set while an appendix is drawn: its pages say whose evidence they are in the header. */
  appendixStamp: string | undefined;
  private readonly root: Struct;
  private heldSince = performance.now();

  constructor(
    readonly model: PdfDocumentModel,
    readonly layout: Layout | undefined,
  ) {
    this.measured = layout?.measured ?? new Map();
    this.doc = new ChunkedPdfDocument({
      size: PAGE.size,
      margins: PAGE.margins,
      autoFirstPage: false,
      bufferPages: false,
      pdfVersion: '1.7',
      tagged: true,
      lang: 'en-GB',
      displayTitle: true,
      ...(model.pdfA ? { subset: 'PDF/A-2b' as const } : {}),
      font: FONTS.regular,
      // The first pass only counts pages: nothing it writes is kept, so nothing is compressed.
      compress: layout !== undefined,
      info: { Title: model.title, Author: model.author, Subject: model.runningHead, Creator: 'EIA Portfolio', Producer: 'EIA Portfolio (pdfkit)', CreationDate: model.documentDate, ModDate: model.documentDate },
    });
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.doc.on('pageAdded', () => this.drawFrame());
  }

  get width(): number {
    return this.doc.page.width - PAGE.margins.left - PAGE.margins.right;
  }

  get left(): number {
    return PAGE.margins.left;
  }

  get bottom(): number {
    return this.doc.page.height - PAGE.margins.bottom;
  }

  /** Space left on this page below the current position. */
  get room(): number {
    return this.bottom - this.doc.y;
  }

  newPage(): void {
    this.doc.addPage();
  }

  /** A new page unless this much height is left on the current one. */
  keep(height: number): void {
    if (this.room < height) this.newPage();
  }

  /** Marks a place the table of contents and bookmarks can point to. */
  anchor(id: string): void {
    this.anchors.set(id, this.pageNumber);
    this.doc.addNamedDestination(id);
  }

  /** The first pass only lays out: what it draws is thrown away, so it may skip drawing what has a known height. */
  get measuring(): boolean {
    return this.layout === undefined;
  }

  /** The height of text in the current font and size at this width (measured once for both passes). */
  heightOf(text: string, width: number): number {
    return this.measure(text, width).height;
  }

  /**
   * Text in a box `width` wide at (x, y), in the current font, drawn line by line as the first
   * pass broke it: pdfkit's line wrapper, which measures every word again, was a third of a
   * 10,000-row PDF's time. The page is the same as pdfkit's `text` with `width` and `align`.
   */
  textIn(text: string, x: number, y: number, width: number, align: 'left' | 'right' = 'left'): void {
    const { lines } = this.measure(text, width);
    const lineHeight = this.doc.currentLineHeight(true) + ((this.doc as unknown as PdfkitText)._lineGap || 0);
    let lineY = y;
    for (const line of lines) {
      const shown = line.replace(/\n/g, '');
      // Measured once here and given to pdfkit, which would measure it again.
      const textWidth = this.doc.widthOfString(shown);
      const indent = align === 'right' ? width - (/\s$/.test(shown) ? this.doc.widthOfString(shown.replace(/\s+$/, '')) : textWidth) : 0;
      this.doc.text(shown, x + indent, lineY, { lineBreak: false, textWidth } as PDFKit.Mixins.TextOptions);
      lineY += lineHeight; // added line by line, as pdfkit does, so the positions are the same to the last bit
    }
  }

  /**
   * Wraps text as pdfkit's heightOfString does (the same calls, so the same height to the last
   * bit), keeping the lines it breaks into.
   */
  private measure(text: string, width: number): MeasuredText {
    const doc = this.doc as unknown as PdfkitText;
    const inBox = inner(inner(inner(this.measured, doc._font.name), doc._fontSize), width);
    let measured = inBox.get(text);
    if (measured) return measured;
    const { x, y } = doc;
    const options = doc._initOptions({ width });
    options.height = Infinity;
    const lineGap = options.lineGap || doc._lineGap || 0;
    const lines: string[] = [];
    doc._text(text, doc.x, doc.y, options, (line) => {
      lines.push(line);
      doc.y += doc.currentLineHeight(true) + lineGap;
    });
    measured = { height: doc.y - y, lines };
    doc.x = x;
    doc.y = y;
    inBox.set(text, measured);
    return measured;
  }

  /** Page number of an anchor, known from the first pass (0 during it). */
  pageOf(id: string): number {
    return this.layout?.anchors.get(id) ?? 0;
  }

  /** A structure element under the document root (a section, the cover, the contents). */
  section(type = 'Sect', options: Record<string, string> = {}): Struct {
    const element = this.doc.struct(type, options);
    this.root.add(element);
    return element;
  }

  /** Draws text tagged as a structure element of `type` (P, H1 …) added to `parent`. */
  tagged(parent: Struct, type: string, draw: () => void, options: Record<string, string> = {}): void {
    parent.add(this.doc.struct(type, options, [draw]));
  }

  /** Drawing that is not content (rules, shading, marks): an artifact, skipped by screen readers. */
  artifact(draw: () => void): void {
    this.doc.markContent('Artifact', { type: 'Layout' } as PDFKit.Mixins.MarkingOptions);
    draw();
    this.doc.endMarkedContent();
  }

  text(font: 'Body' | 'Bold' | 'Italic', size: number, colour: string): PDFKit.PDFDocument {
    // By path, not by a registered name: pdfkit caches a font under the key it was asked by, and a
    // registered name resolving to the default font's face is never cached (it re-parses the file).
    return this.doc.font(FONT_BY_STYLE[font]).fontSize(size).fillColor(colour);
  }

  /**
   * Waits while the reader is behind (a slow client): pdfkit pushes what it writes whatever the
   * reader's pace, so without this a large appendix would pile up in memory.
   */
  /**
   * Lets the rest of the process run when this render has held the event loop for a while: a
   * 10,000-row table is drawn in one go otherwise, and every other request (even /healthz)
   * would wait seconds for it. Cheap to call often: it yields at most every YIELD_AFTER_MS.
   */
  async breathe(): Promise<void> {
    await this.drain();
    if (performance.now() - this.heldSince < YIELD_AFTER_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.heldSince = performance.now();
  }

  async drain(): Promise<void> {
    while (this.doc.readableLength > DRAIN_ABOVE_BYTES) {
      if (this.doc.destroyed) throw new Error('The PDF’s reader went away.');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  finish(): void {
    this.root.end();
    this.doc.end();
  }

  private saveText(): TextState {
    const doc = this.doc as unknown as TextState & { _font: unknown; _fontSize: number; _fillColor: unknown };
    return { x: doc.x, y: doc.y, font: doc._font, fontSize: doc._fontSize, fillColor: doc._fillColor };
  }

  private restoreText(state: TextState): void {
    const doc = this.doc as unknown as { x: number; y: number; _font: unknown; _fontSize: number; _fillColor: unknown };
    doc.x = state.x;
    doc.y = state.y;
    doc._font = state.font;
    doc._fontSize = state.fontSize;
    if (Array.isArray(state.fillColor)) this.doc.fillColor(state.fillColor[0] as string, state.fillColor[1] as number);
  }

  /** The running header, footer and watermark of a new page (it may open in the middle of flowing text). */
  private drawFrame(): void {
    this.pageNumber += 1;
    // The frame changes nothing the layout depends on (it puts the text state back): the first pass only counts.
    if (this.measuring) return;
    const state = this.saveText();
    const { doc, model } = this;
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // the footer sits below the text area: it must not start a page
    doc.markContent('Artifact', { type: 'Pagination' } as PDFKit.Mixins.MarkingOptions);
    if (model.draft) this.drawWatermark();
    const head = this.appendixStamp ?? model.runningHead;
    this.text(this.appendixStamp ? 'Bold' : 'Body', SIZES.frame, COLOURS.muted).text(head, this.left, PAGE.headerY, { width: this.width - (model.draft ? 60 : 0), lineBreak: false, ellipsis: true });
    if (model.draft) this.text('Bold', SIZES.frame, COLOURS.bad).text('DRAFT', this.left, PAGE.headerY, { width: this.width, align: 'right', lineBreak: false });
    doc
      .moveTo(this.left, PAGE.headerY + 14)
      .lineTo(this.left + this.width, PAGE.headerY + 14)
      .lineWidth(0.5)
      .strokeColor(COLOURS.line)
      .stroke();
    const footerY = doc.page.height - PAGE.footerOffset;
    const total = this.layout?.totalPages ?? 0;
    this.text('Body', SIZES.frame, COLOURS.muted).text(`Verification code ${model.cover.verificationCode} · ${model.draft ? 'Draft, not submitted' : 'Submitted application'}`, this.left, footerY, {
      width: this.width,
      lineBreak: false,
    });
    this.text('Body', SIZES.frame, COLOURS.muted).text(`Page ${this.pageNumber} of ${total || '…'}`, this.left, footerY, { width: this.width, align: 'right', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = savedBottom;
    this.restoreText(state);
  }

  private drawWatermark(): void {
    const { doc } = this;
    const { width, height } = doc.page;
    const draft = draftOutline();
    const scale = 120 / draft.unitsPerEm;
    doc.save();
    doc
      .translate(width / 2, height / 2)
      .rotate(-45)
      .scale(scale, -scale)
      .translate(-draft.width / 2, -35 * (draft.unitsPerEm / 120));
    doc.path(draft.path).fillColor(COLOURS.watermark, 0.18).fill();
    doc.restore();
  }
}

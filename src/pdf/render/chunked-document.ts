import PDFDocument from 'pdfkit';

/** What the document gathers before it passes it on. */
const CHUNK_BYTES = 64 * 1024;

type PdfDocumentClass = new (options?: PDFKit.PDFDocumentOptions) => PDFKit.PDFDocument;

/**
 * A pdfkit document that passes its bytes on in chunks. pdfkit pushes every piece it writes (an
 * object's number, its dictionary, "stream", "endobj" …) into its stream by itself, each turned
 * into bytes by a loop in JavaScript: a 10,000-row tagged PDF is over a million pushes, each
 * passed down the pipeline. Here the pieces are gathered (turned into bytes natively) and pushed
 * 64 KB at a time; the bytes, and the offsets pdfkit records for the cross-reference table, are
 * the same.
 */
export class ChunkedPdfDocument extends (PDFDocument as unknown as PdfDocumentClass) {
  // Not initialised by field declarations: pdfkit's constructor writes the header before they would run.
  declare private pieces: Buffer[] | undefined;
  declare private piecesBytes: number | undefined;
  declare private pageContent: string[] | undefined;

  /** pdfkit's own writer (see the class comment); `_offset` is where the next byte will be in the file. */
  _write(data: Uint8Array | string): void {
    const piece = typeof data === 'string' ? Buffer.from(`${data}\n`, 'latin1') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    (this.pieces ??= []).push(piece);
    this.piecesBytes = (this.piecesBytes ?? 0) + piece.length;
    (this as unknown as { _offset: number })._offset += piece.length;
    if (this.piecesBytes >= CHUNK_BYTES) this.passOn();
  }

  /**
   * pdfkit's way into the current page's content: every operator (a colour, a move, a piece of
   * text) was its own piece of the page's stream. They are gathered as text and given to the page
   * in one piece (the same bytes) before anything else writes to it or ends it (below).
   */
  override addContent(data: string | Uint8Array): this {
    if (typeof data !== 'string') {
      this.flushPageContent();
      this.page.write(data);
    } else (this.pageContent ??= []).push(data);
    return this;
  }

  // pdfkit's two ways of writing to or ending a page that do not go through addContent.
  override endPageMarkings(page: PDFKit.PDFPage): PDFKit.Mixins.PageMarking[] {
    this.flushPageContent();
    return super.endPageMarkings(page);
  }

  override flushPages(): void {
    this.flushPageContent();
    super.flushPages();
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) this.passOn(); // the end: what is gathered goes first
    return super.push(chunk, encoding);
  }

  private flushPageContent(): void {
    if (!this.pageContent?.length) return;
    this.pageContent.push(''); // each operator ends with a line end, as pdfkit writes it
    this.page.write(Buffer.from(this.pageContent.join('\n'), 'latin1'));
    this.pageContent = [];
  }

  private passOn(): void {
    if (!this.pieces?.length) return;
    const chunk = this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces, this.piecesBytes);
    this.pieces = [];
    this.piecesBytes = 0;
    super.push(chunk);
  }
}

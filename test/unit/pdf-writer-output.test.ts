import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { ChunkedPdfDocument } from '../../src/pdf/render/chunked-document';
import { PdfWriter } from '../../src/pdf/render/writer';
import { FONTS } from '../../src/pdf/render/theme';
import type { PdfDocumentModel } from '../../src/pdf/document-model';

// The writer's shortcuts through pdfkit (bytes gathered into chunks, page content given in one
// piece, table text drawn from the first pass's line breaks) must leave the PDF exactly as
// pdfkit alone makes it: these tests compare the bytes.

const OPTIONS: PDFKit.PDFDocumentOptions = {
  size: 'A4',
  autoFirstPage: false,
  tagged: true,
  lang: 'en-GB',
  font: FONTS.regular,
  info: { Title: 'Output test', CreationDate: new Date('2026-01-01T00:00:00Z'), ModDate: new Date('2026-01-01T00:00:00Z') },
};

const LONG = 'Group supervision with three peers, in person: contracting, ethics and the client’s sponsor. '.repeat(3);
const TEXTS: [string, number, 'left' | 'right'][] = [
  ['2026-03-02', 60, 'left'],
  ['12.5', 40, 'right'],
  ['Trailing space ', 50, 'right'],
  ['Group of 6, in person', 55, 'left'],
  [LONG, 200, 'left'],
  [LONG, 120, 'right'],
  ['First line\nsecond line', 150, 'left'],
  ['', 60, 'left'],
  ['Łukasz Świątek, Ελένη, Жанна', 45, 'left'],
];

async function bytesOf(doc: PDFKit.PDFDocument, draw: () => void): Promise<Buffer> {
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      done();
    },
  });
  doc.pipe(sink);
  draw();
  doc.end();
  await finished(sink);
  return Buffer.concat(parts);
}

/** Tagged text on three pages, one paragraph flowing over a page break inside its marked content. */
function drawSample(doc: PDFKit.PDFDocument): void {
  const root = doc.struct('Document');
  doc.addStructure(root);
  doc.addPage();
  for (const [text, width, align] of TEXTS) root.add(doc.struct('P', {}, [() => void doc.fillColor('#1c2530').text(text, 60, doc.y, { width, align })]));
  doc.addPage();
  doc.rect(50, 50, 100, 20).fill('#f5f7f9');
  root.add(doc.struct('P', {}, [() => void doc.fontSize(9).text(LONG.repeat(40), 50, 600, { width: 300 })]));
  root.end();
}

const model = { title: 'Output test', author: 'Test', runningHead: 'Test', documentDate: new Date('2026-01-01T00:00:00Z'), pdfA: false, draft: false } as unknown as PdfDocumentModel;

/** A writer's page of table-like text: each piece drawn at its own place, by `drawText`. */
async function writerBytes(drawText: (w: PdfWriter, text: string, x: number, y: number, width: number, align: 'left' | 'right') => void): Promise<Buffer> {
  const w = new PdfWriter(model, undefined);
  return bytesOf(w.doc, () => {
    w.newPage();
    let y = 80;
    for (const [text, width, align] of TEXTS) {
      w.text('Body', 8, '#1c2530');
      drawText(w, text, 70, y, width, align);
      y += w.heightOf(text || ' ', width) + 6;
    }
  });
}

describe('the PDF writer’s output', () => {
  test('a chunked document writes the same bytes as pdfkit’s own, in far fewer pieces', async () => {
    const plain = new PDFDocument(OPTIONS);
    const chunked = new ChunkedPdfDocument(OPTIONS);
    let plainPieces = 0;
    let chunkedPieces = 0;
    plain.on('data', () => plainPieces++);
    chunked.on('data', () => chunkedPieces++);
    const [expected, actual] = [await bytesOf(plain, () => drawSample(plain)), await bytesOf(chunked, () => drawSample(chunked))];
    expect(actual.length).toBeGreaterThan(10_000);
    expect(actual.equals(expected)).toBe(true);
    expect(chunkedPieces).toBeLessThan(plainPieces / 20);
  });

  test('text drawn from the measured line breaks is pdfkit’s text with width and alignment, byte for byte', async () => {
    const expected = await writerBytes((w, text, x, y, width, align) => w.doc.text(text, x, y, { width, align }));
    const actual = await writerBytes((w, text, x, y, width, align) => w.textIn(text, x, y, width, align));
    expect(actual.equals(expected)).toBe(true);
  });

  test('a measured height is pdfkit’s heightOfString, to the last bit', () => {
    const w = new PdfWriter(model, undefined);
    w.newPage();
    w.text('Body', 8, '#1c2530');
    const oneLine = w.heightOf('2026-03-02', 60);
    expect(oneLine).toBeCloseTo(w.doc.currentLineHeight(true), 6);
    // Exactly pdfkit's: page breaks are decided on these heights.
    expect(w.heightOf(LONG, 120)).toBe(w.doc.heightOfString(LONG, { width: 120 }));
    expect(w.heightOf(LONG, 120)).toBeGreaterThan(4 * oneLine);
  });
});

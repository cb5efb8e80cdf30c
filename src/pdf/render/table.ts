import type { PdfBlock, PdfCell, PdfColumn, PdfTableRow } from '../document-model';
import type { PdfWriter } from './writer';
import { COLOURS, SIZES } from './theme';

type Struct = PDFKit.PDFStructureElement;
type TableBlock = Extract<PdfBlock, { kind: 'table' }>;

const PAD_X = 3;
const PAD_Y = 3;
const MARK_WIDTH = 11;
const BAR_HEIGHT = 4;
const BAR_GAP = 3;

const cellText = (cell: PdfCell) => (typeof cell === 'string' ? cell : cell.text);

interface Geometry {
  xs: number[];
  widths: number[];
  /** Room for a tick or cross at the start of the first column. */
  markIndent: number;
}

function geometry(w: PdfWriter, columns: PdfColumn[], marked: boolean): Geometry {
  const widths = columns.map((column) => column.width * w.width);
  const xs: number[] = [];
  let x = w.left;
  for (const width of widths) {
    xs.push(x);
    x += width;
  }
  return { xs, widths, markIndent: marked ? MARK_WIDTH : 0 };
}

const innerWidth = (g: Geometry, index: number) => g.widths[index]! - 2 * PAD_X - (index === 0 ? g.markIndent : 0);

function headerHeight(w: PdfWriter, block: TableBlock, g: Geometry): number {
  w.text('Bold', SIZES.table, COLOURS.ink);
  return Math.max(...block.columns.map((column, index) => w.heightOf(column.header, innerWidth(g, index)))) + 2 * PAD_Y;
}

function detailHeight(w: PdfWriter, row: PdfTableRow): number {
  if (!row.detail) return 0;
  w.text('Body', SIZES.table - 0.5, COLOURS.muted);
  return w.heightOf(row.detail, w.width - 2 * PAD_X) + 2;
}

function cellsHeight(w: PdfWriter, row: PdfTableRow, g: Geometry): number {
  w.text('Body', SIZES.table, COLOURS.ink);
  return Math.max(...row.cells.map((cell, index) => w.heightOf(cellText(cell) || ' ', innerWidth(g, index)) + (typeof cell === 'string' ? 0 : BAR_GAP + BAR_HEIGHT)));
}

/** The header row: real table headers the first time, a repeated artifact on each later page. */
function drawHeader(w: PdfWriter, block: TableBlock, g: Geometry, table: Struct | undefined): void {
  const y = w.doc.y;
  const height = headerHeight(w, block, g);
  w.artifact(() => {
    w.doc.rect(w.left, y, w.width, height).fill(COLOURS.panel);
    w.doc
      .moveTo(w.left, y + height)
      .lineTo(w.left + w.width, y + height)
      .lineWidth(0.8)
      .strokeColor(COLOURS.ink)
      .stroke();
  });
  const drawCells = () =>
    block.columns.forEach((column, index) => {
      w.text('Bold', SIZES.table, COLOURS.ink).text(column.header, g.xs[index]! + PAD_X + (index === 0 ? g.markIndent : 0), y + PAD_Y, { width: innerWidth(g, index), align: column.align ?? 'left' });
    });
  if (table) {
    const head = w.doc.struct('THead');
    table.add(head);
    const tr = w.doc.struct('TR');
    head.add(tr);
    block.columns.forEach((column, index) =>
      tr.add(
        w.doc.struct('TH', { scope: 'Column' } as never, [
          () => {
            w.text('Bold', SIZES.table, COLOURS.ink).text(column.header, g.xs[index]! + PAD_X + (index === 0 ? g.markIndent : 0), y + PAD_Y, { width: innerWidth(g, index), align: column.align ?? 'left' });
          },
        ]),
      ),
    );
    tr.end();
    head.end();
  } else {
    w.artifact(drawCells);
  }
  w.doc.y = y + height;
}

function drawMark(w: PdfWriter, mark: 'met' | 'not-met', x: number, y: number): void {
  const doc = w.doc;
  if (mark === 'met')
    doc
      .moveTo(x, y + 4)
      .lineTo(x + 2.5, y + 6.8)
      .lineTo(x + 7, y + 1)
      .lineWidth(1.3)
      .strokeColor(COLOURS.ok)
      .stroke();
  else
    doc
      .moveTo(x + 1, y + 1.5)
      .lineTo(x + 6, y + 6.5)
      .moveTo(x + 6, y + 1.5)
      .lineTo(x + 1, y + 6.5)
      .lineWidth(1.1)
      .strokeColor(COLOURS.bad)
      .stroke();
}

function drawRow(w: PdfWriter, block: TableBlock, g: Geometry, tbody: Struct, row: PdfTableRow, index: number, cells: number, detail: number): void {
  const y = w.doc.y;
  const height = cells + detail + 2 * PAD_Y;
  if (w.measuring) {
    // The row's height is known: the first pass needs no more than where the next row starts.
    w.doc.y = y + height;
    return;
  }
  w.artifact(() => {
    if (index % 2 === 1) w.doc.rect(w.left, y, w.width, height).fill(COLOURS.panel);
    w.doc
      .moveTo(w.left, y + height)
      .lineTo(w.left + w.width, y + height)
      .lineWidth(0.4)
      .strokeColor(COLOURS.line)
      .stroke();
    if (row.mark) drawMark(w, row.mark, w.left + PAD_X, y + PAD_Y + 1);
    row.cells.forEach((cell, column) => {
      if (typeof cell === 'string') return;
      const x = g.xs[column]! + PAD_X + (column === 0 ? g.markIndent : 0);
      const barY = y + PAD_Y + cells - BAR_HEIGHT;
      const width = innerWidth(g, column);
      w.doc.rect(x, barY, width, BAR_HEIGHT).fill(COLOURS.line);
      if (cell.fraction > 0) w.doc.rect(x, barY, width * cell.fraction, BAR_HEIGHT).fill(cell.fraction >= 1 ? COLOURS.ok : COLOURS.accent);
    });
  });
  const tr = w.doc.struct('TR');
  tbody.add(tr);
  row.cells.forEach((cell, column) => {
    const last = column === row.cells.length - 1;
    tr.add(
      w.doc.struct('TD', {}, [
        () => {
          w.text('Body', SIZES.table, COLOURS.ink);
          w.textIn(cellText(cell), g.xs[column]! + PAD_X + (column === 0 ? g.markIndent : 0), y + PAD_Y, innerWidth(g, column), block.columns[column]?.align);
          // The row's detail line belongs to the row; it is read with its last cell.
          if (last && row.detail) {
            w.text('Body', SIZES.table - 0.5, COLOURS.muted);
            w.textIn(row.detail, w.left + PAD_X, y + PAD_Y + cells + 2, w.width - 2 * PAD_X);
          }
        },
      ]),
    );
  });
  tr.end();
  w.doc.y = y + height;
}

/**
 * A table with a caption. A row never splits across pages: when the next row does not fit,
 * a new page starts and the header row is drawn again (as an artifact, so a screen reader
 * reads the table's header once).
 */
export async function drawTable(w: PdfWriter, parent: Struct, block: TableBlock): Promise<void> {
  const g = geometry(
    w,
    block.columns,
    block.rows.some((row) => row.mark),
  );
  w.text('Bold', SIZES.h2, COLOURS.ink);
  const captionHeight = w.heightOf(block.caption, w.width) + 4;
  const first = block.rows[0];
  const firstHeight = first ? cellsHeight(w, first, g) + detailHeight(w, first) + 2 * PAD_Y : 0;
  w.keep(captionHeight + headerHeight(w, block, g) + firstHeight);
  w.tagged(parent, 'H2', () => w.text('Bold', SIZES.h2, COLOURS.ink).text(block.caption, w.left, w.doc.y, { width: w.width }));
  w.doc.y += 4;
  if (!block.rows.length) {
    w.tagged(parent, 'P', () => w.text('Italic', SIZES.body, COLOURS.muted).text(block.empty, w.left, w.doc.y, { width: w.width }));
    w.doc.y += 10;
    return;
  }
  const table = w.doc.struct('Table');
  parent.add(table);
  drawHeader(w, block, g, table);
  const tbody = w.doc.struct('TBody');
  table.add(tbody);
  for (const [index, row] of block.rows.entries()) {
    await w.breathe();
    const cells = cellsHeight(w, row, g);
    const detail = detailHeight(w, row);
    if (w.doc.y + cells + detail + 2 * PAD_Y > w.bottom) {
      w.newPage();
      drawHeader(w, block, g, undefined);
    }
    drawRow(w, block, g, tbody, row, index, cells, detail);
  }
  tbody.end();
  table.end();
  w.doc.y += 12;
}

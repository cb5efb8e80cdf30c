import { ImportFileError } from './import-file-error';
import { readCsv } from './read-csv';
import { readXlsx } from './read-xlsx';
import type { Table } from './table';
import { restoreNeutralisedCell } from '../csv-cells';

export { ImportFileError } from './import-file-error';
export type { Table, TableRow } from './table';

/** More rows than this is almost surely not one person's log, and would make a slow preview. */
export const MAX_DATA_ROWS = 10_000;

const messages = {
  noRows:
    'The file has no rows below the header: put the column names in row 1 and one record per row below them ' +
    '(the template on this page shows how), then upload it again.',
  tooManyRows: (count: number) =>
    `The file has ${count.toLocaleString('en-GB')} rows: we import at most ${MAX_DATA_ROWS.toLocaleString('en-GB')} rows per file. ` +
    'Split it into several files and import them one after another.',
  legacyXls:
    'This is an old Excel (.xls) file, which we cannot read. Open it in your spreadsheet program and save it as .xlsx or CSV, then upload it again.',
};

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// Legacy .xls (and other old Office files) are OLE compound documents.
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Reads a CSV or .xlsx file into a table; throws ImportFileError with a message for the applicant. */
export async function readTable(file: Buffer, fileName: string): Promise<Table> {
  const name = fileName.trim().toLowerCase();
  // The content decides first; the name only when the content says nothing (a CSV renamed
  // .xlsx then fails as an invalid workbook, which is the honest message).
  const isZip = startsWith(file, ZIP_MAGIC);
  if (startsWith(file, OLE_MAGIC) || (!isZip && name.endsWith('.xls'))) throw new ImportFileError(messages.legacyXls);
  const isXlsx = isZip || name.endsWith('.xlsx');
  const table = isXlsx ? await readXlsx(file) : withoutNeutralising(readCsv(file));
  if (table.rows.length === 0) throw new ImportFileError(messages.noRows);
  if (table.rows.length > MAX_DATA_ROWS) throw new ImportFileError(messages.tooManyRows(table.rows.length));
  return table;
}

/** Our own CSV exports protect formula-like cells with an apostrophe; take it off again. */
const withoutNeutralising = (table: Table): Table => ({
  headers: table.headers,
  rows: table.rows.map((row) => ({ ...row, cells: row.cells.map(restoreNeutralisedCell) })),
});

const startsWith = (bytes: Buffer, magic: Buffer) => bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);

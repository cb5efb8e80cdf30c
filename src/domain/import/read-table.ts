import { ImportFileError } from './import-file-error';
import { readCsv } from './read-csv';
import { readXlsx, type TableLimits } from './read-xlsx';
import type { Table } from './table';
import { restoreNeutralisedCell } from '../csv-cells';

export { ImportFileError } from './import-file-error';
export type { Table, TableRow } from './table';
export type { TableLimits } from './read-xlsx';

const messages = {
  noRows: 'The file has no rows below the header: put the column names in row 1 and one record per row below them ' + '(the template on this page shows how), then upload it again.',
  legacyXls: 'This is an old Excel (.xls) file, which we cannot read. Open it in your spreadsheet program and save it as .xlsx or CSV, then upload it again.',
};

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// Legacy .xls (and other old Office files) are OLE compound documents.
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Reads a CSV or .xlsx file into a table, within the limits (more rows than a person's log has,
 * more columns, a cell longer than any field, a spreadsheet that unpacks to too much); throws
 * ImportFileError with a message for the applicant that names the limit reached.
 */
export async function readTable(file: Buffer, fileName: string, limits: TableLimits): Promise<Table> {
  const name = fileName.trim().toLowerCase();
  // The content decides first; the name only when the content says nothing (a CSV renamed
  // .xlsx then fails as an invalid workbook, which is the honest message).
  const isZip = startsWith(file, ZIP_MAGIC);
  if (startsWith(file, OLE_MAGIC) || (!isZip && name.endsWith('.xls'))) throw new ImportFileError(messages.legacyXls);
  const isXlsx = isZip || name.endsWith('.xlsx');
  const table = isXlsx ? await readXlsx(file, limits) : withoutNeutralising(readCsv(file, limits));
  if (table.rows.length === 0) throw new ImportFileError(messages.noRows);
  return table;
}

/** Our own CSV exports protect formula-like cells with an apostrophe; take it off again. */
const withoutNeutralising = (table: Table): Table => ({
  headers: table.headers,
  rows: table.rows.map((row) => ({ ...row, cells: row.cells.map(restoreNeutralisedCell) })),
});

const startsWith = (bytes: Buffer, magic: Buffer) => bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);

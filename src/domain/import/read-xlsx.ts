import ExcelJS, { type CellValue } from 'exceljs';
import { ImportFileError } from './import-file-error';
import { isBlankRow, type Table } from './table';

const messages = {
  notXlsx:
    'This does not look like a valid Excel (.xlsx) file: it could not be opened. ' +
    'Open it in your spreadsheet program and save it again as .xlsx or CSV, then upload it again.',
};

// Excel counts days from 30 December 1899; a "date" before March 1900 is a duration typed as
// a time (1:30 in a cell formatted h:mm), never a session date, so it is read as hours.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const FIRST_REAL_DATE_MS = Date.UTC(1900, 2, 1);

/** Reads the first worksheet of an .xlsx file, every cell as the text the applicant sees. */
export async function readXlsx(bytes: Buffer): Promise<Table> {
  const sheet = await firstWorksheet(bytes);
  let headers: string[] | undefined;
  const rows: Table['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const width = headers?.length ?? row.cellCount;
    const cells = Array.from({ length: width }, (_, index) => cellText(row.getCell(index + 1).value));
    if (isBlankRow(cells)) return;
    if (headers) rows.push({ rowNumber, cells });
    else headers = cells;
  });
  return { headers: headers ?? [], rows };
}

async function firstWorksheet(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own global Buffer (an ArrayBuffer) that Node's Buffer type no longer
    // matches; at run time it hands the bytes to JSZip, which takes a Node Buffer.
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw new ImportFileError(messages.notXlsx);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportFileError(messages.notXlsx);
  return sheet;
}

/** The text of a cell: dates as ISO days, numbers as written, formulas as their result. */
export function cellText(value: CellValue | unknown): string {
  if (value == null) return '';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'number') return String(Number(value.toPrecision(15)));
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value !== 'object') return '';
  if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((run: { text?: unknown }) => (typeof run.text === 'string' ? run.text : '')).join('').trim();
  if ('result' in value) return cellText(value.result);
  if ('text' in value) return cellText(value.text);
  if ('error' in value) return cellText(value.error);
  return '';
}

function dateText(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return '';
  if (ms < FIRST_REAL_DATE_MS) {
    const minutes = Math.round((ms - EXCEL_EPOCH_MS) / 60_000);
    return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
  }
  return date.toISOString().slice(0, 10);
}

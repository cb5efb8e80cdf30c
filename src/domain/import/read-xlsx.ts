import { ImportFileError } from './import-file-error';
import { isBlankRow, type Table } from './table';
import { openZip, ZipBudgetExceeded, type ZipParts } from './zip-reader';
import { dateStyles, firstSheet, parsePart, sharedStrings, type LongString } from './xlsx-parts';
import { limitMessages, type ParseLimits } from '../../validation/parse-limits';

const messages = {
  notXlsx: 'This does not look like a valid Excel (.xlsx) file: it could not be opened. ' + 'Open it in your spreadsheet program and save it again as .xlsx or CSV, then upload it again.',
};

export type TableLimits = Pick<ParseLimits, 'spreadsheetInflatedBytes' | 'rows' | 'columns' | 'cellChars'>;

// Excel counts days from 30 December 1899 (or 1 January 1904); a "date" before March 1900 is a
// duration typed as a time (1:30 in a cell formatted h:mm), never a session date, so it is read as hours.
const EPOCH_1900_MS = Date.UTC(1899, 11, 30);
const EPOCH_1904_MS = Date.UTC(1904, 0, 1);
const FIRST_REAL_DATE_MS = Date.UTC(1900, 2, 1);
const DAY_MS = 86_400_000;

/** "AB12" → 28: the 1-based column of a cell reference. */
function columnOf(reference: string): number {
  let column = 0;
  for (const char of reference) {
    const code = char.charCodeAt(0);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column;
}
const columnName = (column: number): string => (column <= 0 ? '' : columnName(Math.floor((column - 1) / 26)) + String.fromCharCode(65 + ((column - 1) % 26)));

/** A serial number in a date-formatted cell: an ISO day, or hours and minutes for a duration. */
function serialText(serial: number, date1904: boolean): string {
  const ms = Math.round((date1904 ? EPOCH_1904_MS : EPOCH_1900_MS) + serial * DAY_MS);
  if (!Number.isFinite(ms)) return '';
  if (!date1904 && ms < FIRST_REAL_DATE_MS) {
    const minutes = Math.round((ms - EPOCH_1900_MS) / 60_000);
    return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
  }
  return new Date(ms).toISOString().slice(0, 10);
}

/** A number as written: 15 significant digits, no float noise ("1.5", not "1.4999999999999998"). */
const numberText = (value: string) => {
  const number = Number(value);
  return Number.isFinite(number) ? String(Number(number.toPrecision(15))) : value.trim();
};

interface CellInProgress {
  column: number;
  type: string;
  style: number;
  value: string[];
  length: number;
}

/**
 * Reads the first worksheet of an .xlsx file, every cell as the text the applicant sees, as a
 * stream: it stops at the first limit reached (rows, columns, characters in a cell, bytes
 * unpacked), so a file made to inflate to gigabytes costs no more than the limits allow.
 */
export async function readXlsx(bytes: Buffer, limits: TableLimits): Promise<Table> {
  let zip: ZipParts;
  try {
    zip = await openZip(bytes, limits.spreadsheetInflatedBytes);
  } catch {
    throw new ImportFileError(messages.notXlsx);
  }
  try {
    const sheet = zip.has('xl/workbook.xml') ? await firstSheet(zip) : undefined;
    if (!sheet || !zip.has(sheet.path)) throw new ImportFileError(messages.notXlsx);
    const strings = await sharedStrings(zip, limits.cellChars);
    const dates = await dateStyles(zip);
    return await readSheet(zip, sheet.path, { strings, dates, date1904: sheet.date1904, limits });
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    if (error instanceof ZipBudgetExceeded) throw new ImportFileError(limitMessages.inflated(limits.spreadsheetInflatedBytes));
    throw new ImportFileError(messages.notXlsx);
  } finally {
    zip.close();
  }
}

interface SheetContext {
  strings: (string | LongString)[];
  dates: Set<number>;
  date1904: boolean;
  limits: TableLimits;
}

async function readSheet(zip: ZipParts, path: string, context: SheetContext): Promise<Table> {
  const { limits } = context;
  let headers: string[] | undefined;
  const rows: Table['rows'] = [];
  let rowNumber = 0;
  let cells: Map<number, string> | undefined;
  let cell: CellInProgress | undefined;
  let inValue = false;
  let inPhonetic = false;
  let lastColumn = 0;

  const cellValue = (done: CellInProgress): string => {
    const raw = done.value.join('');
    const where = `Cell ${columnName(done.column)}${rowNumber}`;
    if (done.length > limits.cellChars) throw new ImportFileError(limitMessages.cell(limits.cellChars, where));
    switch (done.type) {
      case 's': {
        const shared = context.strings[Number(raw)];
        if (shared !== undefined && typeof shared !== 'string') throw new ImportFileError(limitMessages.cell(limits.cellChars, where));
        return (shared ?? '').trim();
      }
      case 'inlineStr':
      case 'str':
        return raw.trim();
      case 'b':
        return raw.trim() === '1' ? 'TRUE' : 'FALSE';
      case 'e':
        return raw.trim();
      case 'd':
        return raw.trim().slice(0, 10);
      default:
        if (raw.trim() === '') return '';
        return context.dates.has(done.style) ? serialText(Number(raw), context.date1904) : numberText(raw);
    }
  };

  const endRow = () => {
    if (!cells) return;
    const width = headers?.length ?? Math.max(0, ...cells.keys());
    const values = Array.from({ length: width }, (_, index) => cells!.get(index + 1) ?? '');
    cells = undefined;
    if (isBlankRow(values)) return;
    if (!headers) headers = values;
    else {
      rows.push({ rowNumber, cells: values });
      if (rows.length > limits.rows) throw new ImportFileError(limitMessages.rows(limits.rows));
    }
  };

  await parsePart(zip, path, {
    open(tag) {
      switch (tag.name) {
        case 'row':
          rowNumber = tag.attributes.r ? Number(tag.attributes.r) : rowNumber + 1;
          cells = new Map();
          lastColumn = 0;
          break;
        case 'c': {
          const column = tag.attributes.r ? columnOf(tag.attributes.r) : lastColumn + 1;
          if (column > limits.columns) throw new ImportFileError(limitMessages.columns(limits.columns, columnName(column)));
          lastColumn = column;
          cell = { column, type: tag.attributes.t ?? 'n', style: Number(tag.attributes.s ?? 0), value: [], length: 0 };
          break;
        }
        case 'rPh':
          inPhonetic = true;
          break;
        case 'v':
        case 't':
          inValue = Boolean(cell) && !inPhonetic;
          break;
      }
    },
    text(text) {
      if (!inValue || !cell) return;
      cell.length += text.length;
      // Past the limit the text is counted, not kept: the cell is reported when it closes.
      if (cell.length <= limits.cellChars) cell.value.push(text);
    },
    close(name) {
      if (name === 'v' || name === 't') inValue = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'c' && cell) {
        const value = cellValue(cell);
        if (value !== '') (cells ??= new Map()).set(cell.column, value);
        cell = undefined;
      } else if (name === 'row') endRow();
    },
  });
  return { headers: headers ?? [], rows };
}

import { parse } from 'csv-parse/sync';
import { decodeText } from './decode-text';
import { ImportFileError } from './import-file-error';
import { isBlankRow, type Table } from './table';
import type { TableLimits } from './read-xlsx';
import { limitMessages } from '../../validation/parse-limits';
import { isStorableText } from '../../validation/json-checks';

const DELIMITERS = [',', ';', '\t'] as const;

const messages = {
  quoteNotClosed: (line: number) =>
    `Line ${line} of the file could not be read: a quotation mark (") there is not closed. ` + 'Close it or remove it, or open the file in your spreadsheet program and save it again as CSV.',
  unreadable: (line: number) => `Line ${line} of the file could not be read as CSV. ` + 'Open the file in your spreadsheet program and save it again as CSV (or as .xlsx), then upload it again.',
  nul: 'The file holds NUL characters, which no log does: it is not a text (CSV) file in an encoding we can tell. Save it from your spreadsheet program as “CSV UTF-8” and upload it again.',
};

const columnName = (column: number): string => (column <= 0 ? '' : columnName(Math.floor((column - 1) / 26)) + String.fromCharCode(65 + ((column - 1) % 26)));

/** Reads CSV bytes in any of the encodings and delimiters spreadsheet programs write, within the limits. */
export function readCsv(bytes: Uint8Array, limits: TableLimits): Table {
  const text = decodeText(bytes);
  if (!isStorableText(text)) throw new ImportFileError(messages.nul);
  const records = parseRecords(text, detectDelimiter(text), limits);
  // Each CSV record is one spreadsheet row (even with line breaks inside quotes), so the
  // record's position is the row number the applicant sees; blank rows count but are skipped.
  const headerIndex = records.findIndex((cells) => !isBlankRow(cells));
  if (headerIndex < 0) return { headers: [], rows: [] };
  const rows = [];
  for (let index = headerIndex + 1; index < records.length; index++) {
    const cells = records[index]!;
    if (!isBlankRow(cells)) rows.push({ rowNumber: index + 1, cells });
  }
  return { headers: records[headerIndex]!, rows };
}

/** The delimiter used most often in the header line (outside quotes); a comma if none is. */
export function detectDelimiter(text: string): string {
  const headerLine = firstLine(text);
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = headerLine.split(delimiter).length - 1;
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

function firstLine(text: string): string {
  const line = text.split(/\r\n|\n|\r/).find((candidate) => candidate.trim() !== '') ?? '';
  return line.replace(/"[^"]*"/g, '');
}

/**
 * The file's records, checked one by one as they are parsed: the first record past a limit
 * stops the parse (a header + the data rows, the columns, a cell's length), so a file of a
 * million empty cells never becomes a million strings.
 */
function parseRecords(text: string, delimiter: string, limits: TableLimits): string[][] {
  let count = 0;
  const check = (record: string[], line: number) => {
    if (!isBlankRow(record)) count += 1;
    if (count > limits.rows + 1) throw new ImportFileError(limitMessages.rows(limits.rows));
    if (record.length > limits.columns) throw new ImportFileError(limitMessages.columns(limits.columns, columnName(limits.columns + 1)));
    const long = record.findIndex((cell) => cell.length > limits.cellChars);
    if (long >= 0) throw new ImportFileError(limitMessages.cell(limits.cellChars, `Column ${columnName(long + 1)} on line ${line}`));
    return record;
  };
  try {
    return parse(text, {
      delimiter,
      bom: true,
      trim: true,
      relax_quotes: true,
      // Short rows are reported by the row validation ("enter the hours"), not as a broken file.
      relax_column_count: true,
      skip_empty_lines: false,
      on_record: (record: string[], context) => check(record, context.lines),
    }) as string[][];
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const { code, lines = 1 } = error as { code?: string; lines?: number };
    throw new ImportFileError(code === 'CSV_QUOTE_NOT_CLOSED' ? messages.quoteNotClosed(lines) : messages.unreadable(lines));
  }
}

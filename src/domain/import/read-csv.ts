import { parse } from 'csv-parse/sync';
import { decodeText } from './decode-text';
import { ImportFileError } from './import-file-error';
import { isBlankRow, type Table } from './table';

const DELIMITERS = [',', ';', '\t'] as const;

const messages = {
  quoteNotClosed: (line: number) =>
    `Line ${line} of the file could not be read: a quotation mark (") there is not closed. ` +
    'Close it or remove it, or open the file in your spreadsheet program and save it again as CSV.',
  unreadable: (line: number) =>
    `Line ${line} of the file could not be read as CSV. ` +
    'Open the file in your spreadsheet program and save it again as CSV (or as .xlsx), then upload it again.',
};

/** Reads CSV bytes in any of the encodings and delimiters spreadsheet programs write. */
export function readCsv(bytes: Uint8Array): Table {
  const text = decodeText(bytes);
  const records = parseRecords(text, detectDelimiter(text));
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

function parseRecords(text: string, delimiter: string): string[][] {
  try {
    return parse(text, {
      delimiter,
      bom: true,
      trim: true,
      relax_quotes: true,
      // Short rows are reported by the row validation ("enter the hours"), not as a broken file.
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    const { code, lines = 1 } = error as { code?: string; lines?: number };
    throw new ImportFileError(code === 'CSV_QUOTE_NOT_CLOSED' ? messages.quoteNotClosed(lines) : messages.unreadable(lines));
  }
}

/**
 * How much an uploaded file may make the server read, whatever it claims: a spreadsheet is a
 * zip whose sheet may inflate to gigabytes, a PDF's streams likewise. Every reader of an
 * untrusted file checks these as it goes and stops at the first one exceeded, so memory stays
 * bounded; configured by the IMPORT_* and EVIDENCE_* settings (see config.ts).
 */
export interface ParseLimits {
  /** Bytes a spreadsheet may unpack to, all the parts read added up. */
  spreadsheetInflatedBytes: number;
  /** Data rows of an imported table (below its header). */
  rows: number;
  /** Columns of an imported table. */
  columns: number;
  /** Characters in one cell. */
  cellChars: number;
  /** Bytes the compressed streams of one evidence PDF may inflate to, together. */
  pdfInflatedBytes: number;
  /** Pixels (width × height) of an image placed in the application PDF. */
  imagePixels: number;
  /** Sessions an imported calendar may give within the chosen dates, repeating events expanded. */
  calendarEvents: number;
  /** Seconds reading one calendar (parse and recurrence expansion, in a worker) may take. */
  calendarReadSeconds: number;
  /** Megabytes of heap the worker reading one calendar may use. */
  calendarReadMemoryMb: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  spreadsheetInflatedBytes: 50 * 1024 * 1024,
  rows: 10_000,
  columns: 100,
  cellChars: 5_000,
  pdfInflatedBytes: 200 * 1024 * 1024,
  imagePixels: 50_000_000,
  calendarEvents: 5_000,
  calendarReadSeconds: 2,
  calendarReadMemoryMb: 256,
};

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** What the applicant reads when a limit is reached: which one, and what to do. */
export const limitMessages = {
  inflated: (limit: number) =>
    `The spreadsheet unpacks to more than ${megabytes(limit)}, more than any log needs (the limit is set by IMPORT_MAX_UNPACKED_MB). ` +
    'Save only the log in a new file (one sheet, no pictures), or save it as CSV, and upload that.',
  rows: (limit: number) => `The file has more than ${limit.toLocaleString('en-GB')} rows: we import at most ${limit.toLocaleString('en-GB')} rows per file. Split it into several files and import them one after another.`,
  columns: (limit: number, column: string) => `The sheet has a cell in column ${column}, beyond the ${limit} columns we read. Delete the columns that are not part of the log, then upload the file again.`,
  cell: (limit: number, where: string) => `${where} holds more than ${limit.toLocaleString('en-GB')} characters, more than any field of a log takes. Shorten it, then upload the file again.`,
  pdfInflated: (limit: number) => `it unpacks to more than ${megabytes(limit)} (the limit is set by EVIDENCE_MAX_UNPACKED_MB); save it again from the program that made it, or print it to a new PDF`,
  calendarEvents: (limit: number) =>
    `The calendar gives more than ${limit.toLocaleString('en-GB')} sessions between the dates you chose, more than we import at once (the limit is set by IMPORT_MAX_CALENDAR_EVENTS). ` +
    'Choose a shorter period, or export only the calendar that holds your sessions, and upload it again.',
  imagePixels: (width: number, height: number) => `the image is ${width.toLocaleString('en-GB')} × ${height.toLocaleString('en-GB')} pixels, too large to place in the PDF; save a smaller copy`,
};

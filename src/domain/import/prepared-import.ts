import type { RecordValues } from '../records/record-definition';

/** The record types a spreadsheet can be imported into. */
export type ImportKind = 'practice' | 'supervision' | 'cpd';
export const IMPORT_KINDS: readonly ImportKind[] = ['practice', 'supervision', 'cpd'];

/** 'app': the template of this page; 'icf': the ICF client coaching log (practice only); 'calendar': an .ics export. */
export type ImportLayout = 'app' | 'icf' | 'calendar';

/** One record ready to be saved, with how ambiguous cells were read (for the preview). */
export interface PreparedRow {
  rowNumber: number;
  /** camelCase keys, typed: numbers, ISO dates, choice ids; empty cells are left out. */
  values: RecordValues;
  /** e.g. "Date 03/04/2026 read as 3 April 2026". */
  interpretations: string[];
}

/** Something to fix in one cell; `column` is the header as the applicant wrote it. */
export interface RowError {
  rowNumber: number;
  column: string;
  message: string;
}

export interface PreparedImport {
  layout: ImportLayout;
  /** Only rows without any error; an ICF row with paid and pro bono hours gives two. */
  rows: PreparedRow[];
  errors: RowError[];
  /** Headers that matched no column and were not imported (shown so nothing is lost silently). */
  ignoredColumns: string[];
}

export interface PrepareOptions {
  kind: ImportKind;
  clientCodeRule: 'initials' | 'hash';
  /** The portfolio's secret salt for client codes. */
  salt: string;
  /** Today's ISO date: records cannot be dated after it. */
  today: string;
}

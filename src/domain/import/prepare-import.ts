import { definitionOf } from '../records';
import type { RecordDefinition } from '../records/record-definition';
import { clientCodeBook } from './client-codes';
import { convertAppRow, type ConvertedRow } from './convert-app-row';
import { convertIcfRow } from './convert-icf-row';
import { ICF_COLUMNS, type IcfColumn } from './icf-columns';
import { matchColumns, type ColumnMatch } from './layouts';
import { dateEvidence, type DateConvention } from './parse-date';
import type { PreparedImport, PreparedRow, PrepareOptions, RowError } from './prepared-import';
import { recordProblems } from './record-problems';
import type { Table } from './table';

export type { ImportKind, ImportLayout, PreparedImport, PreparedRow, PrepareOptions, RowError } from './prepared-import';

const ICF_DATE_COLUMNS: readonly IcfColumn[] = ['startDate', 'endDate'];

/**
 * Turns a table into records ready to save, each checked by the same rules as the forms.
 * A row with any problem is left out entirely and each problem is reported with its row
 * number and the header the applicant wrote, so the preview can say exactly what to fix.
 */
export function prepareImport(table: Table, options: PrepareOptions): PreparedImport {
  const definition = definitionOf(options.kind);
  const match = matchColumns(table.headers, options.kind);
  const convert = rowConverter(table, match, definition, options);
  const headerOf = (key: string) => headerText(table.headers, match, definition, key);
  const order = (key: string) => match.indexOf.get(key) ?? Number.MAX_SAFE_INTEGER;

  const rows: PreparedRow[] = [];
  const errors: RowError[] = [];
  for (const { rowNumber, cells } of table.rows) {
    const converted = convert(cells);
    const problems = new Map(Object.entries(converted.errors));
    for (const record of converted.records) {
      for (const [field, message] of Object.entries(recordProblems(definition, record.values, options.today))) {
        const key = record.columnOf(field);
        if (!problems.has(key)) problems.set(key, message);
      }
    }
    if (problems.size === 0) {
      for (const { values, interpretations } of converted.records) rows.push({ rowNumber, values, interpretations });
      continue;
    }
    const sorted = [...problems].sort(([a], [b]) => order(a) - order(b));
    for (const [key, message] of sorted) errors.push({ rowNumber, column: headerOf(key), message });
  }
  return { layout: match.layout, rows, errors, ignoredColumns: match.unrecognised };
}

function rowConverter(table: Table, match: ColumnMatch, definition: RecordDefinition, options: PrepareOptions): (cells: readonly string[]) => ConvertedRow {
  if (match.layout === 'app') {
    const dateFields = definition.fields.filter((field) => field.control === 'date').map((field) => field.name);
    const conventions = columnConventions(table, match, dateFields);
    return (cells) => convertAppRow(cells, definition, match.indexOf, conventions);
  }
  const context = {
    indexOf: match.indexOf,
    conventions: columnConventions(table, match, ICF_DATE_COLUMNS),
    labelOf: (column: IcfColumn) => headerText(table.headers, match, definition, column),
    codeOf: clientCodeBook(options.clientCodeRule, options.salt),
  };
  return (cells) => convertIcfRow(cells, context);
}

/**
 * Each date column's convention, read over the whole file. A column whose dates reveal
 * nothing (all could be either) follows the file's other date columns: one spreadsheet
 * writes its dates one way.
 */
function columnConventions(table: Table, match: ColumnMatch, keys: readonly string[]): Map<string, DateConvention> {
  const columns = keys.filter((key) => match.indexOf.has(key)).map((key) => ({ key, values: table.rows.map((row) => row.cells[match.indexOf.get(key)!] ?? '') }));
  const fileWide = conventionOf(dateEvidence(columns.flatMap((column) => column.values)));
  const conventions = new Map<string, DateConvention>();
  for (const { key, values } of columns) {
    const evidence = dateEvidence(values);
    conventions.set(key, evidence.dayFirst || evidence.monthFirst ? conventionOf(evidence) : fileWide);
  }
  return conventions;
}

const conventionOf = ({ dayFirst, monthFirst }: { dayFirst: boolean; monthFirst: boolean }): DateConvention => (dayFirst === monthFirst ? 'unknown' : dayFirst ? 'dmy' : 'mdy');

/** The header the applicant wrote for a column key; the template's name if the file has none. */
function headerText(headers: readonly string[], match: ColumnMatch, definition: RecordDefinition, key: string): string {
  const index = match.indexOf.get(key);
  if (index !== undefined) return headers[index]!.trim();
  if (match.layout === 'icf') return key in ICF_COLUMNS ? ICF_COLUMNS[key as IcfColumn].title : '';
  return definition.fields.find((field) => field.name === key)?.column ?? '';
}

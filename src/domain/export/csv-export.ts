import { stringify } from 'csv-stringify/sync';
import type { RecordDefinition, RecordValues } from '../records';
import { neutraliseCell } from '../csv-cells';

/** The CSV columns of a record type: the same as its import template, in field order. */
export const csvFields = (definition: RecordDefinition) => definition.fields.filter((field) => !field.notInCsv);

function cellText(value: unknown): string {
  if (value == null) return '';
  if (Array.isArray(value)) return value.join(';');
  return String(value);
}

/** One log as CSV (UTF-8 with BOM so spreadsheet programs read accents right). */
export function recordsToCsv(definition: RecordDefinition, records: RecordValues[]): string {
  const fields = csvFields(definition);
  const rows = records.map((values) => fields.map((field) => neutraliseCell(cellText(values[field.name]))));
  return `\uFEFF${stringify([fields.map((field) => field.column), ...rows], { record_delimiter: '\r\n' })}`;
}

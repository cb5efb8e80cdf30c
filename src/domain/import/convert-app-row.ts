import type { FieldSpec, RecordDefinition, RecordValues } from '../records/record-definition';
import { readDateCell, readHoursCell, readWholeNumberCell, type CellReading } from './cell-readers';
import type { DateConvention } from './parse-values';
import { parseChoice } from './parse-values';

/** One spreadsheet row converted to record values; errors are keyed by the record's field. */
export interface ConvertedRow {
  records: { values: RecordValues; interpretations: string[]; columnOf: (field: string) => string }[];
  /** Cells that could not be read, by column key. */
  errors: Record<string, string>;
}

/** Converts a row of the app's own template: one row, one record; column keys are field names. */
export function convertAppRow(cells: readonly string[], definition: RecordDefinition, indexOf: ReadonlyMap<string, number>, conventions: ReadonlyMap<string, DateConvention>): ConvertedRow {
  const values: RecordValues = {};
  const interpretations: string[] = [];
  const errors: Record<string, string> = {};
  for (const field of definition.fields) {
    const index = indexOf.get(field.name);
    const raw = index === undefined ? '' : (cells[index] ?? '').trim();
    if (raw === '') continue;
    const reading = readCell(field, raw, conventions.get(field.name) ?? 'unknown');
    if ('error' in reading) {
      errors[field.name] = reading.error;
    } else {
      values[field.name] = reading.value;
      if (reading.interpretation) interpretations.push(reading.interpretation);
    }
  }
  return { records: [{ values, interpretations, columnOf: (field) => field }], errors };
}

function readCell(field: FieldSpec, raw: string, convention: DateConvention): CellReading<unknown> {
  if (field.control === 'date') return readDateCell(field.label, raw, convention);
  if (field.control === 'hours') return readHoursCell(field.label, raw);
  if (field.control === 'integer') return readWholeNumberCell(raw);
  if (field.choices) {
    const id = parseChoice(raw, field.choices);
    return typeof id === 'string' ? { value: id } : id;
  }
  return { value: raw };
}

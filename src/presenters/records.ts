import type { FieldSpec, RecordDefinition, RecordValues, StoredRecord } from '../domain/records';
import { formatHours, formatIsoDate } from '../domain/dates';

/** A field's value as a person reads it: dates in words, hours with "h", choices by label. */
export function displayValue(field: FieldSpec, value: unknown): string {
  if (value == null || value === '') return '';
  if (Array.isArray(value)) return value.map((item) => field.choices?.labels[String(item)] ?? String(item)).join(', ');
  if (field.control === 'date') return formatIsoDate(String(value));
  if (field.control === 'hours') return formatHours(value as number);
  if (field.choices) return field.choices.labels[String(value)] ?? String(value);
  return String(value);
}

/** Values as a form shows them: arrays stay arrays, everything else a string. */
export function formValues(values: RecordValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) out[key] = Array.isArray(value) ? value : String(value);
  return out;
}

export interface RecordRow {
  id: number;
  /** For supervision: where its confirmation stands. */
  status?: { state: string; text: string };
  href: string;
  cells: { text: string; numeric: boolean }[];
}

/** The log table: one row per record with the definition's list columns. */
export function recordRows(definition: RecordDefinition, records: StoredRecord[]): RecordRow[] {
  const fields = definition.listFields.map((name) => definition.fields.find((field) => field.name === name)!);
  return records.map((record) => ({
    id: record.id,
    href: `${definition.path}/${record.id}`,
    cells: fields.map((field) => {
      const text = displayValue(field, record.values[field.name]);
      return { text: field.control === 'textarea' && text.length > 90 ? `${text.slice(0, 88)}…` : text, numeric: field.control === 'hours' || field.control === 'integer' };
    }),
  }));
}

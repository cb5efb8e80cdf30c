import { definitionOf } from '../records';
import type { FieldSpec, RecordDefinition } from '../records/record-definition';
import { ICF_COLUMNS, ICF_HOURS_COLUMNS, REQUIRED_ICF_COLUMNS, type IcfColumn } from './icf-columns';
import { ImportFileError } from './import-file-error';
import type { ImportKind, ImportLayout } from './prepared-import';

export type { ImportKind, ImportLayout } from './prepared-import';

/** Where each known column is in the file: field names (app) or ICF column keys (icf). */
export interface ColumnMatch {
  layout: ImportLayout;
  indexOf: Map<string, number>;
  /** Headers that matched nothing, as written. */
  unrecognised: string[];
  /** Expected columns that are absent, as the template or ICF names them. */
  missing: string[];
  duplicates: string[];
}

// An example row that imports cleanly, so the downloaded template teaches by example.
const TEMPLATE_EXAMPLES: Record<ImportKind, Record<string, string>> = {
  practice: { clientCode: 'C-017', date: '2025-03-12', hours: '1.5', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid', sponsor: 'Acme Ltd', delivery: 'remote' },
  supervision: { date: '2025-03-20', hours: '1', supervisorName: 'Maria Rossi', supervisorEmail: 'maria.rossi@example.org', format: 'individual', themes: 'Contracting with a new sponsor' },
  cpd: { title: 'Coaching supervision webinar', provider: 'EMCC UK', startDate: '2025-02-05', endDate: '2025-02-05', hours: '1.5', kind: 'webinar' },
};

const messages = {
  layout: (match: ColumnMatch, kind: ImportKind) =>
    [
      'The column names in row 1 do not match the template.',
      match.missing.length ? `Missing columns: ${match.missing.join(', ')}.` : '',
      match.unrecognised.length ? `Not recognised: ${match.unrecognised.join(', ')}.` : '',
      kind === 'practice' ? 'Download the template from this page, or use the ICF client log layout.' : 'Download the template from this page.',
    ]
      .filter(Boolean)
      .join(' '),
  duplicates: (names: string[]) =>
    `${names.length === 1 ? `The column “${names[0]}” appears` : `The columns ${names.map((name) => `“${name}”`).join(', ')} appear`} twice in row 1: keep one of each, then upload the file again.`,
};

/** Case, spaces and punctuation do not matter: "Pro-Bono Hours" = "pro bono hours", "end_date" = "End date". */
export const normaliseHeader = (header: string) =>
  header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

const csvFields = (definition: RecordDefinition): FieldSpec[] => definition.fields.filter((field) => !field.notInCsv);

/** The template's columns for a kind: the CSV header of each field, in the form's order. */
export function templateColumns(kind: ImportKind): string[] {
  return csvFields(definitionOf(kind)).map((field) => field.column);
}

/** The downloadable template: the header line and one example row. */
export function templateCsv(kind: ImportKind): string {
  const example = csvFields(definitionOf(kind)).map((field) => TEMPLATE_EXAMPLES[kind][field.name] ?? '');
  return [templateColumns(kind), example].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Which layout the headers are in; throws ImportFileError naming missing and unknown columns. */
export function detectLayout(headers: readonly string[], kind: ImportKind): ImportLayout {
  return matchColumns(headers, kind).layout;
}

/** Matches the headers to the template, or (practice only) to the ICF log, whichever fits. */
export function matchColumns(headers: readonly string[], kind: ImportKind): ColumnMatch {
  const app = matchApp(headers, definitionOf(kind));
  let chosen = app;
  if (app.missing.length && kind === 'practice') {
    const icf = matchIcf(headers);
    if (icf.missing.length === 0 || icf.indexOf.size > app.indexOf.size) chosen = icf;
  }
  if (chosen.missing.length) throw new ImportFileError(messages.layout(chosen, kind));
  if (chosen.duplicates.length) throw new ImportFileError(messages.duplicates(chosen.duplicates));
  return chosen;
}

function matchApp(headers: readonly string[], definition: RecordDefinition): ColumnMatch {
  const keyOf = new Map<string, string>();
  for (const field of csvFields(definition)) {
    keyOf.set(normaliseHeader(field.label), field.name);
    keyOf.set(normaliseHeader(field.column), field.name);
  }
  const match = matchHeaders('app', headers, keyOf);
  const required = csvFields(definition).filter((field) => field.required && !match.indexOf.has(field.name));
  return { ...match, missing: required.map((field) => field.column) };
}

function matchIcf(headers: readonly string[]): ColumnMatch {
  const keyOf = new Map<string, string>();
  for (const [key, column] of Object.entries(ICF_COLUMNS)) {
    for (const alias of column.aliases) keyOf.set(normaliseHeader(alias), key);
  }
  const match = matchHeaders('icf', headers, keyOf);
  const missing = REQUIRED_ICF_COLUMNS.filter((key) => !match.indexOf.has(key)).map((key) => ICF_COLUMNS[key].title as string);
  if (!ICF_HOURS_COLUMNS.some((key) => match.indexOf.has(key))) {
    missing.push(ICF_HOURS_COLUMNS.map((key: IcfColumn) => ICF_COLUMNS[key].title).join(' or '));
  }
  return { ...match, missing };
}

function matchHeaders(layout: ImportLayout, headers: readonly string[], keyOf: Map<string, string>): Omit<ColumnMatch, 'missing'> {
  const indexOf = new Map<string, number>();
  const unrecognised: string[] = [];
  const duplicates: string[] = [];
  headers.forEach((header, index) => {
    const normalised = normaliseHeader(header);
    if (!normalised) return;
    const key = keyOf.get(normalised);
    if (key === undefined) unrecognised.push(header.trim());
    else if (indexOf.has(key)) duplicates.push(header.trim());
    else indexOf.set(key, index);
  });
  return { layout, indexOf, unrecognised, duplicates };
}

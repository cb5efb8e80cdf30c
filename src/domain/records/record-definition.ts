/**
 * One definition per record type drives everything generic about it: the form, the list,
 * the table, CSV import and export, and the API. Type-specific rules live in `check`.
 */

export const RECORD_TYPES = ['practice', 'supervision', 'cpd', 'contribution', 'feedback', 'reflection', 'supervision_practice'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export type FieldControl = 'text' | 'textarea' | 'date' | 'hours' | 'integer' | 'email' | 'url' | 'select' | 'radio' | 'checkboxes';

export interface Choices {
  ids: readonly string[];
  labels: Record<string, string>;
}

export interface FieldSpec {
  /** Key in form bodies, the API and the JSON export (camelCase). */
  name: string;
  /** Database column and CSV header (snake_case). */
  column: string;
  label: string;
  control: FieldControl;
  required?: boolean;
  choices?: Choices;
  hint?: string;
  /** A date that cannot be after today (a log records what happened). */
  notFuture?: boolean;
  /** Not part of the CSV template (e.g. links to other records). */
  notInCsv?: boolean;
  /** Offered as suggestions from the person's earlier records (a datalist), e.g. client codes. */
  suggested?: boolean;
  /** Kept on the next form after "Save and log another", besides the choices (e.g. the client code). */
  keptForNext?: boolean;
}

/** A record as stored: its fields plus identity and times. */
export type RecordValues = Record<string, unknown>;

export interface StoredRecord {
  id: number;
  type: RecordType;
  values: RecordValues;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A record type's definition, typed by its schema's input type (`FromSchema<typeof schema>`), so
 * `describe` and `check` read typed values. Arrays of definitions use the default, plain values.
 */
export interface RecordDefinition<Values = RecordValues> {
  type: RecordType;
  table: string;
  /** Path of the log pages, e.g. /practice. */
  path: string;
  names: {
    /** "practice record" */ one: string;
    /** "practice records" */ many: string;
    /** "Client practice log" (page title) */ log: string;
    /** "Practice" (navigation) */ nav: string;
  };
  /** What the log is for, shown when it is empty. */
  purpose: string;
  /** The main button: "Log a session". */
  addLabel: string;
  /** JSON Schema of the input (forms, API, import rows). */
  schema: object;
  fields: FieldSpec[];
  /** The date that places the record in time (filters, sorting, windows). */
  dateField: string;
  /** The field summed for totals, if the type has hours. */
  hoursField?: string;
  /** Fields shown as columns of the log's table. */
  listFields: string[];
  /** One line naming a record ("C-017 · 12 March 2026 · 1.5 h"). */
  describe(values: Values): string;
  /**
   * A form quick to fill again: a new record starts with today's date and the choices of the last
   * one, and may be saved with "Save and log another" (the logs people fill in series).
   */
  quickLogging?: boolean;
  /** Rules across fields; returns messages by field. `today` is an ISO date. */
  check?(values: Values, today: string): Record<string, string>;
}

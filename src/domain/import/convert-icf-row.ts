import type { RecordValues } from '../records/record-definition';
import { readDateCell, readHoursCell, readWholeNumberCell, type CellReading } from './cell-readers';
import type { ConvertedRow } from './convert-app-row';
import { ICF_FORMATS, type IcfColumn } from './icf-columns';
import { parseChoice, type DateConvention } from './parse-values';

export interface IcfRowContext {
  indexOf: ReadonlyMap<string, number>;
  conventions: ReadonlyMap<string, DateConvention>;
  /** The column's header as the applicant wrote it, for interpretations. */
  labelOf: (column: IcfColumn) => string;
  codeOf: (name: string) => string | { error: string };
}

const messages = {
  noName: 'Enter the client’s name: it becomes a client code (such as AN-4821), and the name itself is not kept.',
  noFormat: 'Enter Individual, Group or Team.',
  noHours: 'Enter the paid or the pro bono hours (or both): this row has neither.',
};

// Where a record field's problem is shown: hours belong to the column the record came from.
const ICF_COLUMN_OF_FIELD: Record<string, IcfColumn> = { clientCode: 'clientName', date: 'startDate', endDate: 'endDate', format: 'format', groupSize: 'groupSize' };

/**
 * Converts a row of an ICF client log. ICF keeps paid and pro bono hours side by side, the
 * app keeps one payment per record, so a row with both gives two records (same row number).
 */
export function convertIcfRow(cells: readonly string[], context: IcfRowContext): ConvertedRow {
  const cell = (column: IcfColumn) => {
    const index = context.indexOf.get(column);
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  const errors: Record<string, string> = {};
  const interpretations: string[] = [];
  const take = <T>(column: IcfColumn, reading: CellReading<T>): T | undefined => {
    if ('error' in reading) {
      errors[column] = reading.error;
      return undefined;
    }
    if (reading.interpretation) interpretations.push(reading.interpretation);
    return reading.value;
  };
  const readDate = (column: IcfColumn, text: string) => readDateCell(context.labelOf(column), text, context.conventions.get(column) ?? 'unknown');

  const name = cell('clientName');
  const code = name ? context.codeOf(name) : { error: messages.noName };
  const clientCode = take('clientName', typeof code === 'string' ? { value: code } : code);

  const startText = cell('startDate');
  const date = startText ? take('startDate', readDate('startDate', startText)) : undefined;
  const endText = cell('endDate');
  const end = endText ? readDate('endDate', endText) : undefined;
  // One date range is one record in the app; an end equal to the start is a single day.
  const endDate = end && ('error' in end || end.value !== date) ? take('endDate', end) : undefined;

  const formatText = cell('format');
  const format = take('format', formatText ? choiceReading(formatText) : { error: messages.noFormat });
  // ICF logs often put 1 in "Number in Group" for individual clients: it only means something for groups.
  const groupSizeText = cell('groupSize');
  const groupSize = format !== 'one_to_one' && groupSizeText ? take('groupSize', readWholeNumberCell(groupSizeText)) : undefined;

  const records: ConvertedRow['records'] = [];
  const hoursColumns = [
    ['paidHours', 'paid'],
    ['proBonoHours', 'pro_bono'],
  ] as const;
  let anyHours = false;
  for (const [column, payment] of hoursColumns) {
    const text = cell(column);
    const reading = text ? readHoursCell(context.labelOf(column), text) : { value: 0 };
    if ('error' in reading) errors[column] = reading.error;
    if ('error' in reading || reading.value <= 0) continue;
    anyHours = true;
    // ICF credentials count coaching; the app also logs mentoring, so the kind is set here.
    const values = withoutUndefined({ clientCode, date, endDate, hours: reading.value, format, groupSize, practiceKind: 'coaching', payment });
    const columnOf = (field: string) => (field === 'hours' ? column : (ICF_COLUMN_OF_FIELD[field] ?? ''));
    records.push({ values, interpretations: reading.interpretation ? [...interpretations, reading.interpretation] : [...interpretations], columnOf });
  }
  if (!anyHours && !errors.paidHours && !errors.proBonoHours) errors[context.indexOf.has('paidHours') ? 'paidHours' : 'proBonoHours'] = messages.noHours;
  return { records, errors };
}

function choiceReading(text: string): CellReading<string> {
  const id = parseChoice(text, ICF_FORMATS);
  return typeof id === 'string' ? { value: id } : id;
}

const withoutUndefined = (values: RecordValues): RecordValues => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));

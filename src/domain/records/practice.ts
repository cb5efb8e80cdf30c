import type { FromSchema } from 'json-schema-to-ts';
import { DELIVERIES, PAYMENTS, PRACTICE_FORMATS, PRACTICE_KINDS } from '../vocabulary';
import { choice, freeText, hours, isoDate, text } from './schema-parts';
import { clientCodeProblem, rangeError } from './record-checks';
import type { RecordDefinition } from './record-definition';
import { formatHours, formatIsoDate } from '../dates';

export const practiceSchema = {
  type: 'object',
  properties: {
    clientCode: text(40, 'a client code such as C-017'),
    date: isoDate('the date of the session (or the first date of a range)'),
    endDate: isoDate('the last date of the range'),
    hours: hours('the client contact hours'),
    format: choice(PRACTICE_FORMATS.ids, 'one-to-one, group or team'),
    groupSize: { type: 'integer', minimum: 2, maximum: 500, errorMessage: 'Enter the number of people in the group or team, from 2 to 500.' },
    practiceKind: choice(PRACTICE_KINDS.ids, 'mentoring or coaching'),
    payment: choice(PAYMENTS.ids, 'paid or pro bono'),
    sponsor: freeText(200, 'Enter the sponsor organisation in at most 200 characters.'),
    delivery: choice(DELIVERIES.ids, 'in person or remote'),
    notes: freeText(2000, 'Keep the notes to at most 2000 characters.'),
  },
  required: ['clientCode', 'date', 'hours', 'format', 'practiceKind', 'payment'],
  additionalProperties: false,
  errorMessage: {
    required: {
      clientCode: 'Enter a client code, such as C-017.',
      date: 'Enter the date of the session.',
      hours: 'Enter the client contact hours, e.g. 1.5.',
      format: 'Choose one-to-one, group or team.',
      practiceKind: 'Choose mentoring or coaching.',
      payment: 'Choose paid or pro bono.',
    },
  },
} as const;
export type PracticeInput = FromSchema<typeof practiceSchema>;

export const practiceDefinition: RecordDefinition<PracticeInput> = {
  type: 'practice',
  table: 'practice_entries',
  path: '/practice',
  names: { one: 'practice record', many: 'practice records', log: 'Client practice log', nav: 'Practice' },
  purpose: 'Your client contact hours: every mentoring or coaching session, or an engagement over a date range. EMCC counts hours and distinct clients per level.',
  addLabel: 'Log a session',
  schema: practiceSchema,
  quickLogging: true,
  fields: [
    {
      name: 'clientCode',
      column: 'client_code',
      label: 'Client code',
      control: 'text',
      required: true,
      suggested: true,
      keptForNext: true,
      hint: 'A pseudonym such as C-017, never the client’s name or email: your portfolio is shared with assessors.',
    },
    { name: 'date', column: 'date', label: 'Date', control: 'date', required: true, notFuture: true, hint: 'The session date, or the first date of a range.' },
    { name: 'endDate', column: 'end_date', label: 'End date', control: 'date', notFuture: true, hint: 'Only for a range of sessions logged as one record. It counts on this date.' },
    { name: 'hours', column: 'hours', label: 'Hours', control: 'hours', required: true, hint: 'Client contact hours, e.g. 1.5, 1:30 or 90 min.' },
    { name: 'format', column: 'format', label: 'Format', control: 'radio', required: true, choices: PRACTICE_FORMATS },
    { name: 'groupSize', column: 'group_size', label: 'Group size', control: 'integer', keptForNext: true, hint: 'For group and team sessions: how many people took part.' },
    { name: 'practiceKind', column: 'practice_kind', label: 'Mentoring or coaching', control: 'radio', required: true, choices: PRACTICE_KINDS },
    { name: 'payment', column: 'payment', label: 'Paid or pro bono', control: 'radio', required: true, choices: PAYMENTS },
    { name: 'sponsor', column: 'sponsor', label: 'Sponsor organisation', control: 'text', suggested: true, keptForNext: true, hint: 'Optional: the organisation that engaged you, if not the client.' },
    { name: 'delivery', column: 'delivery', label: 'In person or remote', control: 'radio', choices: DELIVERIES },
    { name: 'notes', column: 'notes', label: 'Notes', control: 'textarea', hint: 'Optional, for you. Avoid anything that identifies the client.' },
  ],
  dateField: 'date',
  hoursField: 'hours',
  listFields: ['date', 'clientCode', 'hours', 'format', 'practiceKind', 'payment'],
  describe: (v) => `${v.clientCode} · ${formatIsoDate(v.date)}${v.endDate ? ` to ${formatIsoDate(v.endDate)}` : ''} · ${formatHours(v.hours)}`,
  check(values) {
    const errors = rangeError(values, 'date', 'endDate');
    const code = clientCodeProblem(values.clientCode);
    if (code) errors.clientCode = code;
    if ((values.format === 'group' || values.format === 'team') && values.groupSize == null) {
      errors.groupSize = 'Enter how many people took part: group and team sessions count each member as a client.';
    }
    if (values.format === 'one_to_one' && values.groupSize != null && values.groupSize !== 1) {
      errors.groupSize = 'A one-to-one session has no group size: clear this field or choose group or team.';
    }
    return errors;
  },
};

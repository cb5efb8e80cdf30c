import type { FromSchema } from 'json-schema-to-ts';
import { SUPERVISION_PRACTICE_FORMATS } from '../vocabulary';
import { choice, freeText, hours, isoDate, text } from './schema-parts';
import { clientCodeProblem } from './record-checks';
import type { RecordDefinition } from './record-definition';
import { formatHours, formatIsoDate } from '../dates';

export const supervisionPracticeSchema = {
  type: 'object',
  properties: {
    superviseeCode: text(40, 'a supervisee code such as S-004'),
    date: isoDate('the date of the session'),
    hours: hours('the supervision hours you gave'),
    format: choice(SUPERVISION_PRACTICE_FORMATS.ids, 'individual or group'),
    groupSize: { type: 'integer', minimum: 2, maximum: 500, errorMessage: 'Enter the number of supervisees in the group, from 2 to 500.' },
    notes: freeText(2000, 'Keep the notes to at most 2000 characters.'),
  },
  required: ['superviseeCode', 'date', 'hours', 'format'],
  additionalProperties: false,
  errorMessage: {
    required: {
      superviseeCode: 'Enter a supervisee code, such as S-004.',
      date: 'Enter the date of the session.',
      hours: 'Enter the hours of the session, e.g. 1.5.',
      format: 'Choose individual or group.',
    },
  },
} as const;
export type SupervisionPracticeInput = FromSchema<typeof supervisionPracticeSchema>;

/**
 * The supervision a supervisor gives (EMCC ESIA counts years supervising, distinct supervisees
 * and contact hours). A group session is one record: its hours count once, its supervisees by
 * its code (a group code such as G-02 stands for the group's members, see the group size).
 */
export const supervisionPracticeDefinition: RecordDefinition<SupervisionPracticeInput> = {
  type: 'supervision_practice',
  table: 'supervision_practice_entries',
  path: '/supervision-practice',
  names: { one: 'supervision session given', many: 'supervision sessions given', log: 'Supervision practice log', nav: 'Supervising' },
  purpose:
    'The supervision you give to mentors and coaches, for your own accreditation as a supervisor (EMCC ESIA): years supervising, distinct supervisees and contact hours. A group session is logged once: its hours count once.',
  addLabel: 'Log a supervision session',
  schema: supervisionPracticeSchema,
  quickLogging: true,
  fields: [
    {
      name: 'superviseeCode',
      column: 'supervisee_code',
      label: 'Supervisee code',
      control: 'text',
      required: true,
      suggested: true,
      keptForNext: true,
      hint: 'A pseudonym such as S-004 (or G-02 for a group), never the supervisee’s name or email: your portfolio is shared with assessors.',
    },
    { name: 'date', column: 'date', label: 'Date', control: 'date', required: true, notFuture: true },
    { name: 'hours', column: 'hours', label: 'Hours', control: 'hours', required: true, hint: 'Supervision contact hours, e.g. 1.5, 1:30 or 90 min. A group session’s hours count once.' },
    { name: 'format', column: 'format', label: 'Format', control: 'radio', required: true, choices: SUPERVISION_PRACTICE_FORMATS },
    { name: 'groupSize', column: 'group_size', label: 'Group size', control: 'integer', keptForNext: true, hint: 'For a group: how many supervisees took part.' },
    { name: 'notes', column: 'notes', label: 'Notes', control: 'textarea', hint: 'Optional, for you. Avoid anything that identifies the supervisee or their clients.' },
  ],
  dateField: 'date',
  hoursField: 'hours',
  listFields: ['date', 'superviseeCode', 'hours', 'format'],
  describe: (v) => `${v.superviseeCode} · ${formatIsoDate(v.date)} · ${formatHours(v.hours)}`,
  check(values) {
    const errors: Record<string, string> = {};
    const code = clientCodeProblem(values.superviseeCode);
    if (code) errors.superviseeCode = code.replace('client emails', 'supervisee emails');
    if (values.format === 'group' && values.groupSize == null) errors.groupSize = 'Enter how many supervisees took part in the group session.';
    if (values.format === 'individual' && values.groupSize != null) errors.groupSize = 'An individual session has no group size: clear this field or choose group.';
    return errors;
  },
};

import type { FromSchema } from 'json-schema-to-ts';
import { SUPERVISION_ABOUT, SUPERVISION_FORMATS } from '../vocabulary';
import { choice, email, freeText, hours, isoDate, text } from './schema-parts';
import type { RecordDefinition } from './record-definition';
import { formatHours, formatIsoDate } from '../dates';

export const supervisionSchema = {
  type: 'object',
  properties: {
    date: isoDate('the date of the supervision'),
    hours: hours('the supervision hours'),
    supervisorName: text(200, 'the supervisor’s name'),
    supervisorEmail: email('the supervisor’s email address'),
    format: choice(SUPERVISION_FORMATS.ids, 'individual, group or peer'),
    themes: freeText(2000, 'Keep the themes to at most 2000 characters.'),
    about: choice(SUPERVISION_ABOUT.ids, 'what the supervision was about'),
  },
  required: ['date', 'hours', 'supervisorName', 'format'],
  additionalProperties: false,
  errorMessage: {
    required: {
      date: 'Enter the date of the supervision.',
      hours: 'Enter the supervision hours, e.g. 1.',
      supervisorName: 'Enter your supervisor’s name.',
      format: 'Choose individual, group or peer supervision.',
    },
  },
} as const;
export type SupervisionInput = FromSchema<typeof supervisionSchema>;

export const supervisionDefinition: RecordDefinition<SupervisionInput> = {
  type: 'supervision',
  table: 'supervision_entries',
  path: '/supervision',
  names: { one: 'supervision record', many: 'supervision records', log: 'Supervision log', nav: 'Supervision' },
  purpose: 'The supervision you receive. EMCC asks for regular supervision: at least 1 hour per quarter, and 1 hour per 35 hours of practice; individual supervision counts towards the minimum.',
  addLabel: 'Log supervision',
  schema: supervisionSchema,
  quickLogging: true,
  fields: [
    { name: 'date', column: 'date', label: 'Date', control: 'date', required: true, notFuture: true },
    { name: 'hours', column: 'hours', label: 'Hours', control: 'hours', required: true, hint: 'e.g. 1, 1.5, 1:30 or 90 min.' },
    { name: 'supervisorName', column: 'supervisor_name', label: 'Supervisor’s name', control: 'text', required: true, suggested: true, keptForNext: true },
    { name: 'supervisorEmail', column: 'supervisor_email', label: 'Supervisor’s email address', control: 'email', suggested: true, keptForNext: true, hint: 'Needed later to ask your supervisor to confirm this record.' },
    { name: 'format', column: 'format', label: 'Format', control: 'radio', required: true, choices: SUPERVISION_FORMATS },
    {
      name: 'about',
      column: 'about',
      label: 'What it was about',
      control: 'radio',
      choices: SUPERVISION_ABOUT,
      keptForNext: true,
      hint: 'If you supervise others: supervision of your supervision work counts toward your own supervisor accreditation (EMCC ESIA). Left empty, it is about your coaching or mentoring practice.',
    },
    { name: 'themes', column: 'themes', label: 'Themes', control: 'textarea', hint: 'What you worked on, without identifying clients.' },
  ],
  dateField: 'date',
  hoursField: 'hours',
  listFields: ['date', 'hours', 'supervisorName', 'format'],
  describe: (v) => `${formatIsoDate(v.date)} · ${v.supervisorName} · ${formatHours(v.hours)}`,
};

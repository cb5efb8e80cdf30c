import type { FromSchema } from 'json-schema-to-ts';
import { CPD_KINDS } from '../vocabulary';
import { choice, freeText, hours, isoDate, text } from './schema-parts';
import { rangeError } from './record-checks';
import type { RecordDefinition } from './record-definition';
import { formatHours, formatIsoDate } from '../dates';

export const cpdSchema = {
  type: 'object',
  properties: {
    title: text(200, 'the title of the activity'),
    provider: freeText(200, 'Enter the provider in at most 200 characters.'),
    startDate: isoDate('the start date'),
    endDate: isoDate('the end date'),
    hours: hours('the CPD hours'),
    kind: choice(CPD_KINDS.ids, 'the kind of activity'),
    accreditation: freeText(200, 'Enter the accreditation (e.g. EMCC EQA) in at most 200 characters.'),
  },
  required: ['title', 'startDate', 'endDate', 'hours', 'kind'],
  additionalProperties: false,
  errorMessage: {
    required: {
      title: 'Enter the title of the activity.',
      startDate: 'Enter the start date.',
      endDate: 'Enter the end date (the same as the start date for a single day).',
      hours: 'Enter the CPD hours, e.g. 3.',
      kind: 'Choose the kind of activity.',
    },
  },
} as const;
export type CpdInput = FromSchema<typeof cpdSchema>;

export const cpdDefinition: RecordDefinition<CpdInput> = {
  type: 'cpd',
  table: 'cpd_entries',
  path: '/cpd',
  names: { one: 'CPD record', many: 'CPD records', log: 'CPD log', nav: 'CPD' },
  purpose: 'Your continuing professional development: courses, workshops, conferences, reading, peer learning. EMCC looks for about 16 hours a year.',
  addLabel: 'Log CPD',
  schema: cpdSchema,
  quickLogging: true,
  fields: [
    { name: 'title', column: 'title', label: 'Title', control: 'text', required: true },
    { name: 'provider', column: 'provider', label: 'Provider', control: 'text', suggested: true, keptForNext: true },
    { name: 'startDate', column: 'start_date', label: 'Start date', control: 'date', required: true, notFuture: true },
    { name: 'endDate', column: 'end_date', label: 'End date', control: 'date', required: true, notFuture: true, hint: 'The same as the start date for a single day. CPD counts on its end date.' },
    { name: 'hours', column: 'hours', label: 'Hours', control: 'hours', required: true },
    { name: 'kind', column: 'kind', label: 'Kind', control: 'select', required: true, choices: CPD_KINDS },
    { name: 'accreditation', column: 'accreditation', label: 'Accreditation', control: 'text', suggested: true, keptForNext: true, hint: 'If any, e.g. EMCC EQA.' },
  ],
  dateField: 'endDate',
  hoursField: 'hours',
  listFields: ['endDate', 'title', 'kind', 'hours'],
  describe: (v) => `${v.title} · ${formatIsoDate(v.endDate)} · ${formatHours(v.hours)}`,
  check: (values) => rangeError(values, 'startDate', 'endDate'),
};

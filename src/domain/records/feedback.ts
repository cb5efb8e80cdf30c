import type { FromSchema } from 'json-schema-to-ts';
import { FEEDBACK_CHANNELS } from '../vocabulary';
import { choice, isoDate, text } from './schema-parts';
import type { RecordDefinition } from './record-definition';
import { clientCodeProblem } from './record-checks';
import { formatIsoDate } from '../dates';

export const feedbackSchema = {
  type: 'object',
  properties: {
    date: isoDate('the date you received it'),
    clientCode: text(40, 'the client code, such as C-017'),
    channel: choice(FEEDBACK_CHANNELS.ids, 'written, survey or recorded verbal'),
    summary: text(5000, 'a summary or quote'),
  },
  required: ['date', 'clientCode', 'channel', 'summary'],
  additionalProperties: false,
  errorMessage: {
    required: { date: 'Enter the date you received the feedback.', clientCode: 'Enter the client code.', channel: 'Choose how the feedback was given.', summary: 'Enter a summary or a quote.' },
  },
} as const;
export type FeedbackInput = FromSchema<typeof feedbackSchema>;

export const feedbackDefinition: RecordDefinition<FeedbackInput> = {
  type: 'feedback',
  table: 'feedback_items',
  path: '/feedback',
  names: { one: 'client feedback item', many: 'client feedback items', log: 'Client feedback', nav: 'Feedback' },
  purpose: 'Feedback from your clients, each dated. EMCC asks for feedback received in the 12 months before you apply.',
  addLabel: 'Add feedback',
  schema: feedbackSchema,
  fields: [
    { name: 'date', column: 'date', label: 'Date received', control: 'date', required: true, notFuture: true },
    { name: 'clientCode', column: 'client_code', label: 'Client code', control: 'text', required: true, hint: 'The same pseudonym as in your practice log.' },
    { name: 'channel', column: 'channel', label: 'Channel', control: 'radio', required: true, choices: FEEDBACK_CHANNELS },
    { name: 'summary', column: 'summary', label: 'Summary or quote', control: 'textarea', required: true },
  ],
  dateField: 'date',
  listFields: ['date', 'clientCode', 'channel', 'summary'],
  describe: (v) => `${v.clientCode} · ${formatIsoDate(v.date)}`,
  check(values): Record<string, string> {
    const code = clientCodeProblem(values.clientCode);
    return code ? { clientCode: code } : {};
  },
};

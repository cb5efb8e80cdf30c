import type { FromSchema } from 'json-schema-to-ts';
import { CONTRIBUTION_KINDS } from '../vocabulary';
import { choice, freeText, isoDate, optionalHours, text } from './schema-parts';
import type { RecordDefinition } from './record-definition';
import { formatIsoDate } from '../dates';

export const contributionSchema = {
  type: 'object',
  properties: {
    kind: choice(CONTRIBUTION_KINDS.ids, 'the kind of contribution'),
    title: text(200, 'a title'),
    date: isoDate('the date'),
    hours: optionalHours('the hours'),
    description: freeText(5000, 'Keep the description to at most 5000 characters.'),
    link: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 500, errorMessage: 'Enter a web address starting with https://.' },
  },
  required: ['kind', 'title', 'date'],
  additionalProperties: false,
  errorMessage: { required: { kind: 'Choose the kind of contribution.', title: 'Enter a title.', date: 'Enter the date.' } },
} as const;
export type ContributionInput = FromSchema<typeof contributionSchema>;

export const contributionDefinition: RecordDefinition<ContributionInput> = {
  type: 'contribution',
  table: 'contributions',
  path: '/contributions',
  names: { one: 'community contribution', many: 'community contributions', log: 'Community contribution', nav: 'Contributions' },
  purpose: 'What you give back to the profession: articles, talks, volunteering, committee or EMCC roles, pro bono programmes, research.',
  addLabel: 'Add a contribution',
  schema: contributionSchema,
  fields: [
    { name: 'kind', column: 'kind', label: 'Kind', control: 'select', required: true, choices: CONTRIBUTION_KINDS },
    { name: 'title', column: 'title', label: 'Title', control: 'text', required: true },
    { name: 'date', column: 'date', label: 'Date', control: 'date', required: true, notFuture: true },
    { name: 'hours', column: 'hours', label: 'Hours', control: 'hours', hint: 'Optional.' },
    { name: 'description', column: 'description', label: 'Description', control: 'textarea' },
    { name: 'link', column: 'link', label: 'Link', control: 'url', hint: 'Optional: where it can be read or seen.' },
  ],
  dateField: 'date',
  hoursField: 'hours',
  listFields: ['date', 'kind', 'title', 'hours'],
  describe: (v) => `${v.title} · ${formatIsoDate(v.date)}`,
};

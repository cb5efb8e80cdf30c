import type { FromSchema } from 'json-schema-to-ts';
import { COMPETENCES, REFLECTION_KINDS, SUPERVISION_COMPETENCES } from '../vocabulary';
import { choice, isoDate, text } from './schema-parts';
import type { RecordDefinition } from './record-definition';
import { formatIsoDate } from '../dates';

export const reflectionSchema = {
  type: 'object',
  properties: {
    kind: choice(REFLECTION_KINDS.ids, 'reflection or case study'),
    date: isoDate('the date'),
    title: text(200, 'a title'),
    text: text(50000, 'your reflection'),
    competences: {
      type: 'array',
      items: { enum: COMPETENCES.ids },
      uniqueItems: true,
      errorMessage: 'Choose the competence categories that this evidences from the list.',
    },
    supervisionCompetences: {
      type: 'array',
      items: { enum: SUPERVISION_COMPETENCES.ids },
      uniqueItems: true,
      errorMessage: 'Choose the supervision competences that this evidences from the list.',
    },
    linkedRecords: {
      type: 'array',
      items: { type: 'string', pattern: '^(practice|supervision|cpd|contribution|feedback|supervision_practice):[1-9][0-9]{0,9}$' },
      uniqueItems: true,
      maxItems: 50,
      errorMessage: 'Choose records from the list (at most 50).',
    },
  },
  required: ['kind', 'date', 'title', 'text'],
  additionalProperties: false,
  errorMessage: {
    required: {
      kind: 'Choose reflection or case study.',
      date: 'Enter the date.',
      title: 'Enter a title.',
      text: 'Write your reflection.',
    },
  },
} as const;
export type ReflectionInput = FromSchema<typeof reflectionSchema>;

export const reflectionDefinition: RecordDefinition<ReflectionInput> = {
  type: 'reflection',
  table: 'reflections',
  path: '/reflections',
  names: { one: 'reflection', many: 'reflections and case studies', log: 'Reflections and case studies', nav: 'Reflections' },
  purpose: 'Your learning log: short reflections on practice, supervision or CPD, and case studies of how you work with a client and why. Tag each with the EMCC competence categories it evidences.',
  addLabel: 'Write a reflection',
  schema: reflectionSchema,
  fields: [
    { name: 'kind', column: 'kind', label: 'Reflection or case study', control: 'radio', required: true, choices: REFLECTION_KINDS },
    { name: 'date', column: 'date', label: 'Date', control: 'date', required: true, notFuture: true },
    { name: 'title', column: 'title', label: 'Title', control: 'text', required: true },
    { name: 'text', column: 'text', label: 'Text', control: 'textarea', required: true },
    { name: 'competences', column: 'competences', label: 'Competence categories evidenced', control: 'checkboxes', choices: COMPETENCES, hint: 'The EMCC Competence Framework (coaching and mentoring).' },
    {
      name: 'supervisionCompetences',
      column: 'supervision_competences',
      label: 'Supervision competences evidenced',
      control: 'checkboxes',
      choices: SUPERVISION_COMPETENCES,
      hint: 'If you supervise others: the EMCC Global Supervision Competence Framework (2019, 8 competences). Choose these, the categories above, or both.',
    },
    { name: 'linkedRecords', column: 'linked_records', label: 'Records this reflects on', control: 'checkboxes', notInCsv: true, hint: 'Optional: the sessions, supervision or CPD this reflection is about.' },
  ],
  dateField: 'date',
  listFields: ['date', 'kind', 'title', 'competences'],
  describe: (v) => `${v.title} · ${formatIsoDate(v.date)}`,
  check(values): Record<string, string> {
    if (!values.competences?.length && !values.supervisionCompetences?.length) {
      return { competences: 'Choose at least one competence category, or a supervision competence, that this evidences.' };
    }
    return {};
  },
};

import type { RecordDefinition } from '../domain/records';
import { portfolioSettingsWithTargetsSchema } from '../domain/portfolio/portfolio-service';
import { RECOMMENDATIONS, JUDGEMENTS } from '../domain/submission/assessment-service';
import { NO_NUL } from '../validation/json-checks';

/**
 * The JSON Schemas of the API's request bodies: the routes check each body against its schema
 * as sent (jsonBody: no coercion, unknown fields refused), and the OpenAPI document publishes
 * the same objects, so what the document promises is what the server does.
 */

type Schema = Record<string, unknown> & { properties?: Record<string, object>; required?: readonly string[] };

const MAX_COMMENT = 5000;

/** Fields a client may send back with a record it read; the server ignores them. */
const RECORD_READ_ONLY: Record<string, object> = {
  id: { type: 'integer', readOnly: true, description: 'Ignored when sent: the record’s id is in the path.' },
  createdAt: { type: 'string', readOnly: true, description: 'Ignored when sent.' },
  updatedAt: { type: 'string', readOnly: true, description: 'Ignored when sent.' },
  confirmation: { type: 'object', readOnly: true, description: 'Supervision records: ignored when sent (a supervisor confirms a record; its owner cannot).' },
};
export const READ_ONLY_RECORD_FIELDS: readonly string[] = Object.keys(RECORD_READ_ONLY);

/** The body of POST /api/v1/<log>: the record's own schema, and the read-only fields a client may echo. */
export function recordCreateBody(definition: RecordDefinition): Schema {
  const schema = definition.schema as Schema;
  return { ...schema, properties: { ...schema.properties, ...RECORD_READ_ONLY } };
}

/** A PATCH body: any field of the schema; an optional one may also be null (which clears it), unless it always has a value. */
function patchOf(schema: Schema, readOnly: Record<string, object>, alwaysSet: string[] = []): Schema {
  const required = new Set([...(schema.required ?? []), ...alwaysSet]);
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, required.has(name) ? property : { anyOf: [property, { type: 'null' }] }]));
  return { type: 'object', properties: { ...properties, ...readOnly }, additionalProperties: false };
}

/** The body of PATCH /api/v1/<log>/{id}: the fields sent replace the record's, null clears an optional one. */
export const recordPatchBody = (definition: RecordDefinition): Schema => patchOf(definition.schema as Schema, RECORD_READ_ONLY);

/** The body of PATCH /api/v1/portfolio (targets: the list of target credentials; the first is criteriaSet + targetLevel). */
export const portfolioPatchBody: Schema = patchOf(portfolioSettingsWithTargetsSchema as unknown as Schema, { updatedAt: { type: 'string', readOnly: true, description: 'Ignored when sent.' } }, ['criteriaSet']);

export const signoffRequestBody: Schema = {
  type: 'object',
  properties: {
    recordIds: {
      type: 'array',
      items: { type: 'integer', minimum: 1 },
      minItems: 1,
      maxItems: 100,
      uniqueItems: true,
      errorMessage: 'recordIds must be a list of 1 to 100 different supervision record ids, e.g. [12, 13].',
    },
  },
  required: ['recordIds'],
  additionalProperties: false,
  errorMessage: { required: { recordIds: 'recordIds must be a list of supervision record ids, e.g. [12, 13].' } },
};

export const submissionBody: Schema = {
  type: 'object',
  properties: {
    level: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]*$', maxLength: 80, errorMessage: 'level must be the id of a level of your criteria set, e.g. "practitioner".' },
    previousId: { type: 'integer', minimum: 1, errorMessage: 'previousId must be the id of your submission that asked for more information.' },
    declarations: {
      type: 'object',
      additionalProperties: { type: 'boolean' },
      description: 'Each declaration of the criteria set by id, true when made (all are needed), e.g. { "ethics": true, "diversity": true }.',
      errorMessage: 'declarations must map each declaration’s id to true, e.g. { "ethics": true, "diversity": true }.',
    },
    blindAppendices: {
      type: 'boolean',
      description: 'If the submission is reviewed blind, whether the assessor’s copy includes the appended files (true, the default) or lists them without their pages.',
      errorMessage: 'blindAppendices must be true or false.',
    },
  },
  required: ['declarations'],
  anyOf: [{ required: ['level'] }, { required: ['previousId'] }],
  additionalProperties: false,
  errorMessage: {
    required: { declarations: 'declarations must map each declaration’s id to true, e.g. { "ethics": true, "diversity": true }.' },
    anyOf: 'Send level (the level you apply for), or previousId to resubmit after a request for more information.',
  },
};

const comment = { type: 'string', maxLength: MAX_COMMENT, pattern: NO_NUL, errorMessage: `A comment is text of at most ${MAX_COMMENT} characters.` };

export const judgementsBody: Schema = {
  type: 'object',
  properties: {
    judgements: {
      type: 'array',
      items: { type: 'object', properties: { requirementId: { type: 'string', maxLength: 80 }, judgement: { enum: [...JUDGEMENTS, null] }, comment }, required: ['requirementId'], additionalProperties: false },
      errorMessage: 'judgements must be a list of { "requirementId": "…", "judgement": "met" | "not_met" | "more_info", "comment": "…" }.',
    },
    competences: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string', maxLength: 80 }, comment }, required: ['id'], additionalProperties: false },
      errorMessage: 'competences must be a list of { "id": "…", "comment": "…" }.',
    },
  },
  additionalProperties: false,
};

export const decisionBody: Schema = {
  type: 'object',
  properties: {
    recommendation: { enum: RECOMMENDATIONS, errorMessage: 'recommendation must be "award", "not_yet" or "more_info".' },
    feedback: { type: 'string', minLength: 1, maxLength: MAX_COMMENT, pattern: NO_NUL, errorMessage: `feedback is your message to the applicant: text of 1 to ${MAX_COMMENT} characters.` },
  },
  required: ['recommendation', 'feedback'],
  additionalProperties: false,
  errorMessage: { required: { recommendation: 'recommendation must be "award", "not_yet" or "more_info".', feedback: 'Write your feedback to the applicant.' } },
};

/** POST /portfolio/pdf-renders: the draft PDF to render in the background (the same choices as GET /portfolio.pdf). */
export const pdfRenderBody: Schema = {
  type: 'object',
  properties: {
    level: {
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9_.-]*$',
      maxLength: 80,
      description: 'A level id of the portfolio’s criteria set; default: the level aimed at',
      errorMessage: 'level must be the id of a level of your criteria set, e.g. "practitioner".',
    },
    asOf: { type: 'string', format: 'date', description: 'The evaluation date; default: today', errorMessage: 'asOf must be a date written as YYYY-MM-DD.' },
    blind: { type: 'boolean', description: 'Leave out the applicant’s name and membership number', errorMessage: 'blind must be true or false.' },
    omitAppendices: { type: 'boolean', description: 'With blind: list the appended files without their pages', errorMessage: 'omitAppendices must be true or false.' },
  },
  additionalProperties: false,
  errorMessage: { additionalProperties: 'Send only level, asOf, blind and omitAppendices.' },
};

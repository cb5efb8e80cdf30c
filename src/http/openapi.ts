import { RECORD_DEFINITIONS } from '../domain/records';
import { portfolioExportSchema } from '../domain/export/export-schema';
import { IMPORT_KINDS } from '../domain/import/prepared-import';
import { CONFIRMATION_STATES } from '../domain/vocabulary';
import { SUBMISSION_STATUSES } from '../domain/submission/statuses';
import { RECOMMENDATIONS } from '../domain/submission/assessment-service';
import { decisionBody, judgementsBody, portfolioPatchBody, recordCreateBody, recordPatchBody, signoffRequestBody, submissionBody } from './api-bodies';

/** Our schemas carry ajv-errors messages for the forms; the published document keeps standard keywords. */
function publishable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(publishable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'errorMessage' && key !== '$schema' && key !== '$id')
        .map(([key, inner]) => [key, publishable(inner)]),
    );
  }
  return value;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const errorResponses = {
  '401': { description: 'Missing, wrong or revoked token', ...json(ref('Error')) },
  '403': { description: 'The token’s user is not an applicant', ...json(ref('Error')) },
  '422': {
    description:
      'Invalid input: each error with its field path and reason. Bodies are taken as sent: a value of another type than documented is refused, never converted, and a field not documented is refused, never dropped; no text may contain the NUL character',
    ...json(ref('Error')),
  },
};

/**
 * The OpenAPI 3.1 description of /api/v1, generated from the same JSON Schemas that validate
 * the forms, the imports and the API itself, so it cannot drift from what the API accepts.
 */
export function openApiDocument(baseUrl: string): Record<string, unknown> {
  const schemas: Record<string, unknown> = {
    Error: {
      type: 'object',
      properties: {
        error: {
          type: 'object',
          properties: {
            code: { type: 'string', examples: ['validation', 'unauthenticated', 'not_found'] },
            message: { type: 'string' },
            fields: { type: 'object', additionalProperties: { type: 'string' } },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] } },
          },
          required: ['code', 'message'],
        },
      },
      required: ['error'],
    },
    PortfolioSettings: publishable(portfolioPatchBody),
    SignoffRequest: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        supervisorName: { type: 'string' },
        supervisorEmail: { type: 'string' },
        recordIds: { type: 'array', items: { type: 'integer' } },
        state: { enum: ['pending', 'completed', 'revoked', 'expired'] },
        sentAt: { type: 'string', format: 'date-time' },
        expiresAt: { type: 'string', format: 'date-time' },
      },
    },
    PortfolioExport: publishable(portfolioExportSchema()),
  };
  const idPath = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
  schemas.Submission = {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      version: { type: 'integer' },
      previousId: { type: ['integer', 'null'] },
      criteriaSet: { type: 'string' },
      level: { type: 'string' },
      asOf: { type: 'string', format: 'date' },
      status: { enum: SUBMISSION_STATUSES },
      applicantName: { type: ['string', 'null'], description: 'null for an assessor in blind review' },
      verificationCode: { type: 'string' },
      snapshotSha256: { type: 'string' },
      pdfSha256: { type: 'string' },
      submittedAt: { type: 'string', format: 'date-time' },
      decidedAt: { type: ['string', 'null'], format: 'date-time' },
      recommendation: { enum: [...RECOMMENDATIONS, null] },
      feedback: { type: ['string', 'null'] },
    },
  };
  const paths: Record<string, unknown> = {
    '/me': { get: { summary: 'The token’s user and roles', responses: { '200': { description: 'The user', ...json({ type: 'object' }) }, '401': errorResponses['401'] } } },
    '/portfolio': {
      get: { summary: 'Portfolio settings', responses: { '200': { description: 'The settings', ...json(ref('PortfolioSettings')) }, ...errorResponses } },
      patch: {
        summary: 'Change portfolio settings (fields sent replace, null clears)',
        requestBody: json(publishable(portfolioPatchBody) as object),
        responses: { '200': { description: 'The new settings', ...json(ref('PortfolioSettings')) }, ...errorResponses },
      },
    },
    '/imports': {
      post: {
        summary: 'Check (commit=false) or import (commit=true) a CSV or XLSX log',
        requestBody: {
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: {
                  file: { type: 'string', format: 'binary' },
                  kind: { enum: IMPORT_KINDS },
                  commit: { enum: ['true', 'false'] },
                  again: { enum: ['true', 'false'], description: 'true: import a file already imported before (otherwise 409)' },
                  clientCodeRule: { enum: ['initials', 'hash'] },
                },
                required: ['file', 'kind'],
              },
            },
          },
        },
        responses: { '200': { description: 'The preview report: rows to add, duplicates, errors with row, column and reason' }, '201': { description: 'Imported' }, ...errorResponses },
      },
    },
    '/export': { get: { summary: 'The whole portfolio', responses: { '200': { description: 'The export', ...json(ref('PortfolioExport')) }, ...errorResponses } } },
    '/evaluation': {
      get: {
        summary: 'The evaluation of the portfolio against a criteria set on a date',
        parameters: [
          { name: 'asOf', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Default: today' },
          { name: 'set', in: 'query', schema: { type: 'string' }, description: 'A criteria set id; default: the portfolio’s' },
        ],
        responses: { '200': { description: 'See schemas/evaluation.schema.json', ...json({ type: 'object' }) }, ...errorResponses },
      },
    },
    '/signoff-requests': {
      get: {
        summary: 'Confirmation requests sent to supervisors',
        responses: { '200': { description: 'The requests', ...json({ type: 'object', properties: { items: { type: 'array', items: ref('SignoffRequest') } } }) }, ...errorResponses },
      },
      post: {
        summary: 'Ask the supervisor of these supervision records (one supervisor) to confirm them; emails a link',
        requestBody: json(publishable(signoffRequestBody) as object),
        responses: { '201': { description: 'The request', ...json(ref('SignoffRequest')) }, ...errorResponses },
      },
    },
    '/signoff-requests/{id}/revoke': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      post: { summary: 'Revoke: the link stops working', responses: { '204': { description: 'Revoked' }, ...errorResponses } },
    },
    '/portfolio.pdf': {
      get: {
        summary: 'The application PDF (a draft, every page marked DRAFT), streamed',
        parameters: [
          { name: 'level', in: 'query', schema: { type: 'string' }, description: 'A level id of the portfolio’s criteria set; default: the level aimed at' },
          { name: 'asOf', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Default: today' },
          { name: 'blind', in: 'query', schema: { enum: ['1', 'true'] }, description: 'Leave out the applicant’s name and membership number (appended files are included as uploaded and may name the applicant)' },
          { name: 'omitAppendices', in: 'query', schema: { enum: ['1', 'true'] }, description: 'With blind: list the appended files without their pages' },
        ],
        responses: { '200': { description: 'The PDF; the X-Snapshot-SHA256 header gives the SHA-256 of the snapshot it renders', content: { 'application/pdf': {} } }, ...errorResponses },
      },
    },
    '/submissions': {
      get: {
        summary: 'Submissions you may see: your own, those assigned to you, all for an administrator',
        responses: { '200': { description: 'The submissions', ...json({ type: 'object', properties: { items: { type: 'array', items: ref('Submission') } } }) }, ...errorResponses },
      },
      post: {
        summary: 'Submit the portfolio as it is today for a level (or resubmit, with previousId, after a request for more information)',
        requestBody: json(publishable(submissionBody) as object),
        responses: { '201': { description: 'The submission', ...json(ref('Submission')) }, '409': { description: 'A submission is already in progress', ...json(ref('Error')) }, ...errorResponses },
      },
    },
    '/submissions/{id}': {
      parameters: [idPath],
      get: {
        summary: 'A submission with its frozen snapshot',
        responses: { '200': { description: 'The submission', ...json(ref('Submission')) }, '404': { description: 'Not found', ...json(ref('Error')) }, ...errorResponses },
      },
    },
    '/submissions/{id}/pdf': {
      parameters: [idPath],
      get: {
        summary: 'The PDF issued for the submission, byte for byte',
        responses: { '200': { description: 'The PDF', content: { 'application/pdf': {} } }, '404': { description: 'Not found', ...json(ref('Error')) } },
      },
    },
    '/assessments': {
      get: {
        summary: 'Submissions assigned to you (assessors)',
        responses: { '200': { description: 'The queue', ...json({ type: 'object', properties: { items: { type: 'array', items: ref('Submission') } } }) }, ...errorResponses },
      },
    },
    '/assessments/{id}/judgements': {
      parameters: [idPath],
      post: {
        summary: 'Record judgements per requirement and comments per competence category',
        requestBody: json(publishable(judgementsBody) as object),
        responses: { '200': { description: 'Every note of the assessment' }, ...errorResponses },
      },
    },
    '/assessments/{id}/decision': {
      parameters: [idPath],
      post: {
        summary: 'Award the level, do not award it yet, or request more information; the applicant is emailed',
        requestBody: json(publishable(decisionBody) as object),
        responses: { '200': { description: 'The submission', ...json(ref('Submission')) }, '409': { description: 'Decided, withdrawn or waiting for the applicant', ...json(ref('Error')) }, ...errorResponses },
      },
    },
    '/signoff-requests/{id}/resend': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      post: { summary: 'Send a new link; the old one stops working', responses: { '204': { description: 'Sent' }, ...errorResponses } },
    },
  };

  for (const definition of RECORD_DEFINITIONS) {
    const name = capitalised(definition.type);
    schemas[`${name}Input`] = publishable(recordCreateBody(definition));
    const stored = { id: { type: 'integer' }, createdAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' } };
    const confirmation = {
      type: 'object',
      description: 'Where the supervisor’s confirmation of the record stands',
      properties: { state: { enum: CONFIRMATION_STATES.ids }, text: { type: 'string' } },
      required: ['state', 'text'],
    };
    schemas[name] = {
      allOf: [
        publishable({ ...(definition.schema as object), additionalProperties: true }),
        {
          type: 'object',
          properties: { ...stored, ...(definition.type === 'supervision' ? { confirmation } : {}) },
          required: ['id', 'createdAt', 'updatedAt', ...(definition.type === 'supervision' ? ['confirmation'] : [])],
        },
      ],
    };
    const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
    paths[definition.path] = {
      get: {
        summary: `List the ${definition.names.log.toLowerCase()}`,
        parameters: [
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' }, description: `On or after, by ${definition.dateField}` },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'sort', in: 'query', schema: { enum: definition.listFields } },
          { name: 'dir', in: 'query', schema: { enum: ['asc', 'desc'] } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
        ],
        responses: {
          '200': {
            description: 'A page of records with the total count (and hours)',
            ...json({ type: 'object', properties: { items: { type: 'array', items: ref(name) }, total: { type: 'integer' }, hours: { type: 'number' } } }),
          },
          ...errorResponses,
        },
      },
      post: { summary: `Create a ${definition.names.one}`, requestBody: json(ref(`${name}Input`)), responses: { '201': { description: 'Created', ...json(ref(name)) }, ...errorResponses } },
    };
    paths[`${definition.path}/{id}`] = {
      parameters: [idParameter],
      get: {
        summary: `Read a ${definition.names.one}`,
        responses: { '200': { description: 'The record', ...json(ref(name)) }, '404': { description: 'Not found (or not yours)', ...json(ref('Error')) }, ...errorResponses },
      },
      patch: {
        summary: `Change a ${definition.names.one} (fields sent replace, null clears an optional field)`,
        requestBody: json(publishable(recordPatchBody(definition)) as object),
        responses: { '200': { description: 'The record', ...json(ref(name)) }, '404': { description: 'Not found', ...json(ref('Error')) }, ...errorResponses },
      },
      delete: { summary: `Delete a ${definition.names.one}`, responses: { '204': { description: 'Deleted' }, '404': { description: 'Not found', ...json(ref('Error')) }, ...errorResponses } },
    };
  }

  return {
    openapi: '3.1.0',
    info: { title: 'EIA Portfolio API', version: '1', description: 'Read and write an EMCC accreditation portfolio. Authenticate with a personal access token: Authorization: Bearer eia_pat_…' },
    servers: [{ url: `${baseUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A personal access token (Account → API tokens)' } }, schemas },
    paths,
  };
}

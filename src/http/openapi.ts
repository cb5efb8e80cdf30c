import { RECORD_DEFINITIONS, type RecordDefinition } from '../domain/records';
import { portfolioExportSchema } from '../domain/export/export-schema';
import { CONFIRMATION_STATES } from '../domain/vocabulary';
import { SUBMISSION_STATUSES } from '../domain/submission/statuses';
import { RECOMMENDATIONS } from '../domain/submission/assessment-service';
import { portfolioPatchBody, recordCreateBody } from './api-bodies';
import type { RegisteredOperation } from './api-router';

/** Our schemas carry ajv-errors messages for the forms; the published document keeps standard keywords. */
export function publishable(value: unknown): unknown {
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

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: object) => ({ content: { 'application/json': { schema } } });
/** The component names of a record type: "Practice" (as stored) and "PracticeInput" (as created). */
export const recordSchemaName = (definition: RecordDefinition) => definition.type.charAt(0).toUpperCase() + definition.type.slice(1);

export const errorResponses = {
  '401': { description: 'Missing, wrong or revoked token', ...json(ref('Error')) },
  '403': { description: 'The token’s user is not an applicant', ...json(ref('Error')) },
  '422': {
    description:
      'Invalid input: each error with its field path and reason. Bodies are taken as sent: a value of another type than documented is refused, never converted, and a field not documented is refused, never dropped; no text may contain the NUL character',
    ...json(ref('Error')),
  },
};

/**
 * The OpenAPI 3.1 description of /api/v1: its paths are the operations the API router registered
 * (each route with its documentation), and its schemas the same JSON Schemas that validate the
 * forms, the imports and the API itself, so it cannot drift from what the API serves or accepts.
 */
export function openApiDocument(baseUrl: string, operations: readonly RegisteredOperation[]): Record<string, unknown> {
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
  schemas.PdfRender = {
    type: 'object',
    description: 'A PDF made in the background: queued, then rendering, then ready (or failed, with the reason)',
    properties: {
      id: { type: 'integer' },
      purpose: { enum: ['draft', 'submission'] },
      status: { enum: ['queued', 'rendering', 'ready', 'failed'] },
      attempts: { type: 'integer', description: 'Attempts begun so far (a failed attempt is tried again, up to PDF_RENDER_ATTEMPTS)' },
      error: { type: ['string', 'null'], description: 'Why the last attempt failed' },
      fileName: { type: ['string', 'null'] },
      sizeBytes: { type: ['integer', 'null'] },
      snapshotSha256: { type: ['string', 'null'], description: 'The SHA-256 of the snapshot the PDF renders' },
      pdf: { type: ['string', 'null'], description: 'Where to download a ready draft (kept for a day)' },
      submissionId: { type: ['integer', 'null'], description: 'The submission a submission render made' },
      createdAt: { type: 'string', format: 'date-time' },
      finishedAt: { type: ['string', 'null'], format: 'date-time' },
    },
  };
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
      purpose: { enum: ['application', 'renewal'], description: 'A first application, or the renewal of an award (evaluated against the renewal set)' },
      awardId: { type: ['integer', 'null'], description: 'The award a renewal renews' },
    },
  };
  for (const definition of RECORD_DEFINITIONS) {
    const name = recordSchemaName(definition);
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
  }

  return {
    openapi: '3.1.0',
    info: { title: 'EIA Portfolio API', version: '1', description: 'Read and write an EMCC accreditation portfolio. Authenticate with a personal access token: Authorization: Bearer eia_pat_…' },
    servers: [{ url: `${baseUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A personal access token (Account → API tokens)' } }, schemas },
    paths: pathsOf(operations),
  };
}

/** The document's paths, from the operations the API router registered (in their order); each `{name}` in a path is an id. */
function pathsOf(operations: readonly RegisteredOperation[]): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, path, operation } of operations) {
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
    paths[path] ??= names.length ? { parameters: names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'integer', minimum: 1 } })) } : {};
    const { body, requestBody, ...rest } = operation;
    paths[path][method] = {
      summary: rest.summary,
      ...(rest.parameters ? { parameters: rest.parameters } : {}),
      ...(body ? { requestBody: json(publishable(body) as object) } : requestBody ? { requestBody } : {}),
      responses: rest.responses,
    };
  }
  return paths;
}

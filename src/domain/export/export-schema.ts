import { RECORD_DEFINITIONS, type RecordType } from '../records';
import { portfolioSettingsWithTargetsSchema } from '../portfolio/portfolio-service';

/** Logs added after the export format was published: optional in an export, empty when absent. */
export const LATER_LOGS: readonly RecordType[] = ['supervision_practice'];

export const EXPORT_FORMAT = 'eia-portfolio-export';
export const EXPORT_VERSION = 1;

/** A record's values plus the id it had, so links between records survive a re-import. */
const exportedRecord = (schema: object) => {
  const { properties, required } = schema as { properties: Record<string, unknown>; required: string[] };
  return { type: 'object', properties: { id: { type: 'integer', minimum: 1 }, ...properties }, required: ['id', ...required], additionalProperties: false };
};

/**
 * The published JSON Schema of the portfolio export, built from the same record schemas as
 * the forms, the API and the imports. `npm run schemas` writes it to schemas/.
 */
export function portfolioExportSchema(): Record<string, unknown> {
  const strip = (value: unknown): unknown => {
    // ajv-errors messages are for our forms; the published schema keeps standard keywords only.
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => key !== 'errorMessage')
          .map(([key, inner]) => [key, strip(inner)]),
      );
    }
    return value;
  };
  return strip({
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://eia-portfolio.example/schemas/portfolio-export.schema.json',
    title: 'EIA Portfolio export',
    description: 'One applicant’s whole portfolio: settings, every record of every log, and the list of evidence files with the records they support.',
    type: 'object',
    properties: {
      format: { const: EXPORT_FORMAT },
      version: { const: EXPORT_VERSION },
      exportedAt: { type: 'string', format: 'date-time' },
      portfolio: { ...portfolioSettingsWithTargetsSchema, required: [] },
      records: {
        type: 'object',
        properties: Object.fromEntries(RECORD_DEFINITIONS.map((definition) => [definition.type, { type: 'array', items: exportedRecord(definition.schema) }])),
        // A log added later (the supervision practice log) may be absent from older exports.
        required: RECORD_DEFINITIONS.filter((definition) => !LATER_LOGS.includes(definition.type)).map((definition) => definition.type),
        additionalProperties: false,
      },
      files: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'integer', minimum: 1 },
            name: { type: 'string', minLength: 1, maxLength: 255 },
            mediaType: { type: 'string' },
            sizeBytes: { type: 'integer', minimum: 0 },
            sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
            links: { type: 'array', items: { type: 'string', pattern: '^(practice|supervision|cpd|contribution|feedback|reflection|supervision_practice):[1-9][0-9]*$' } },
          },
          required: ['id', 'name', 'mediaType', 'sizeBytes', 'sha256', 'links'],
          additionalProperties: false,
        },
      },
      calendarAttendees: {
        description:
          'Calendar attendees mapped to client codes, each by a salted hash of the address (HMAC-SHA-256 keyed with salt), never the address; the salt, which also makes the pseudonymous codes of names, travels with them so a restored portfolio recognises the same attendees. Absent from exports made before calendar imports.',
        type: 'object',
        properties: {
          salt: { type: 'string', pattern: '^[0-9a-f]{16,128}$' },
          codes: {
            type: 'array',
            maxItems: 100000,
            items: {
              type: 'object',
              properties: { addressHash: { type: 'string', pattern: '^[0-9a-f]{64}$' }, clientCode: { type: 'string', minLength: 1, maxLength: 40 } },
              required: ['addressHash', 'clientCode'],
              additionalProperties: false,
            },
          },
        },
        required: ['salt', 'codes'],
        additionalProperties: false,
      },
    },
    required: ['format', 'version', 'exportedAt', 'portfolio', 'records', 'files'],
    additionalProperties: false,
  }) as Record<string, unknown>;
}

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FromSchema } from 'json-schema-to-ts';
import { validatorFor } from './validation/ajv';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from './validation/parse-limits';

const MB = 1024 * 1024;

/**
 * The environment the app reads, as a JSON Schema. Each property's errorMessage says the
 * expected form, so an invalid value stops the start with one line that says what to fix.
 */
const environmentSchema = {
  type: 'object',
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3000, errorMessage: 'must be a port number from 0 to 65535' },
    DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://', errorMessage: 'must be a PostgreSQL URL such as postgres://user@host:5432/dbname' },
    DATABASE_PREPARED_STATEMENTS: {
      enum: ['true', 'false'],
      default: 'true',
      errorMessage: 'must be true (PostgreSQL plans the statements every page sends once per connection) or false (behind a pooler in transaction mode that does not keep prepared statements)',
    },
    DATA_DIR: { type: 'string', minLength: 1, default: './data', errorMessage: 'must be a folder path' },
    BASE_URL: { type: 'string', pattern: '^https?://[^/\\s]+(/[^\\s]*)?$', errorMessage: 'must be the public address of the app, such as https://eia.example.org' },
    SESSION_SECRET: { type: 'string', minLength: 32, errorMessage: 'must be at least 32 characters (leave it unset to have one generated)' },
    SMTP_URL: { type: 'string', pattern: '^smtps?://', errorMessage: 'must be an SMTP URL such as smtp://user:pass@mail.example.org:587' },
    MAIL_FROM: { type: 'string', minLength: 3, default: 'EIA Portfolio <no-reply@localhost>', errorMessage: 'must be a sender such as "EIA Portfolio <no-reply@example.org>"' },
    LOG_LEVEL: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info', errorMessage: 'must be one of fatal, error, warn, info, debug, trace, silent' },
    LOG_FORMAT: { enum: ['auto', 'pretty', 'json'], default: 'auto', errorMessage: 'must be auto (readable in a terminal, JSON otherwise), pretty or json' },
    TRUST_PROXY: { type: 'string', pattern: '^(true|false|[0-9]+)$', default: 'false', errorMessage: 'must be true, false, or the number of proxies in front of the app' },
    UPLOAD_MAX_FILE_MB: { type: 'number', exclusiveMinimum: 0, maximum: 1024, default: 20, errorMessage: 'must be a number of megabytes between 0 and 1024' },
    PORTFOLIO_QUOTA_MB: { type: 'number', exclusiveMinimum: 0, maximum: 102400, default: 500, errorMessage: 'must be a number of megabytes between 0 and 102400' },
    FORM_BODY_LIMIT_KB: { type: 'integer', minimum: 1, maximum: 10240, default: 200, errorMessage: 'must be a whole number of kilobytes between 1 and 10240' },
    SIGNOFF_LINK_DAYS: { type: 'integer', minimum: 8, maximum: 365, default: 30, errorMessage: 'must be a whole number of days from 8 to 365' },
    IMPORT_MAX_UNPACKED_MB: { type: 'number', exclusiveMinimum: 0, maximum: 4096, default: DEFAULT_PARSE_LIMITS.spreadsheetInflatedBytes / MB, errorMessage: 'must be a number of megabytes between 0 and 4096' },
    IMPORT_MAX_ROWS: { type: 'integer', minimum: 1, maximum: 1_000_000, default: DEFAULT_PARSE_LIMITS.rows, errorMessage: 'must be a whole number of rows from 1 to 1000000' },
    IMPORT_MAX_COLUMNS: { type: 'integer', minimum: 10, maximum: 16_384, default: DEFAULT_PARSE_LIMITS.columns, errorMessage: 'must be a whole number of columns from 10 to 16384' },
    IMPORT_MAX_CALENDAR_EVENTS: { type: 'integer', minimum: 1, maximum: 100_000, default: DEFAULT_PARSE_LIMITS.calendarEvents, errorMessage: 'must be a whole number of sessions from 1 to 100000' },
    IMPORT_CALENDAR_SECONDS: { type: 'number', exclusiveMinimum: 0, maximum: 600, default: DEFAULT_PARSE_LIMITS.calendarReadSeconds, errorMessage: 'must be a number of seconds greater than 0 and at most 600' },
    IMPORT_CALENDAR_MEMORY_MB: { type: 'integer', minimum: 32, maximum: 4096, default: DEFAULT_PARSE_LIMITS.calendarReadMemoryMb, errorMessage: 'must be a whole number of megabytes from 32 to 4096' },
    IMPORT_MAX_CELL_CHARS: { type: 'integer', minimum: 100, maximum: 1_000_000, default: DEFAULT_PARSE_LIMITS.cellChars, errorMessage: 'must be a whole number of characters from 100 to 1000000' },
    EVIDENCE_MAX_UNPACKED_MB: { type: 'number', exclusiveMinimum: 0, maximum: 4096, default: DEFAULT_PARSE_LIMITS.pdfInflatedBytes / MB, errorMessage: 'must be a number of megabytes between 0 and 4096' },
    FAILPOINTS: {
      type: 'string',
      pattern: '^(import-commit|submission-pdf-stored)(,(import-commit|submission-pdf-stored))*$',
      errorMessage: 'names the steps where a crash test stops the server (import-commit, submission-pdf-stored); leave it unset',
    },
    STORAGE: { enum: ['local', 's3'], default: 'local', errorMessage: 'must be local (a folder in DATA_DIR) or s3 (an S3-compatible bucket: set S3_BUCKET)' },
    S3_BUCKET: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', errorMessage: 'must be a bucket name (3 to 63 lowercase letters, digits, dots and hyphens)' },
    S3_ENDPOINT: { type: 'string', pattern: '^https?://[^/\\s]+/?$', errorMessage: 'must be the address of an S3-compatible service, such as http://127.0.0.1:9000 (leave it unset for AWS)' },
    S3_REGION: { type: 'string', pattern: '^[a-z0-9-]+$', errorMessage: 'must be a region name such as eu-west-2' },
    S3_PREFIX: { type: 'string', pattern: '^([A-Za-z0-9._-]+/)*$', default: '', errorMessage: 'must be empty or folder names ending in /, such as evidence/' },
    S3_FORCE_PATH_STYLE: { enum: ['true', 'false'], errorMessage: 'must be true or false (true for most S3-compatible services; the default when S3_ENDPOINT is set)' },
    PDF_RENDERING: {
      enum: ['in-process', 'workers'],
      default: 'in-process',
      errorMessage: 'must be in-process (this process renders the PDFs it is asked for) or workers (npm run worker renders them; needs DATABASE_URL)',
    },
    PDF_WAIT_SECONDS: { type: 'number', minimum: 0, maximum: 60, default: 5, errorMessage: 'must be a number of seconds from 0 to 60' },
    PDF_RENDER_ATTEMPTS: { type: 'integer', minimum: 1, maximum: 10, default: 3, errorMessage: 'must be a whole number of attempts from 1 to 10' },
    PDF_RENDER_TIMEOUT_SECONDS: { type: 'integer', minimum: 1, maximum: 86400, default: 600, errorMessage: 'must be a whole number of seconds from 1 to 86400' },
    PDF_WORKER_CONCURRENCY: { type: 'integer', minimum: 1, maximum: 16, default: 1, errorMessage: 'must be a whole number from 1 to 16' },
    EVIDENCE_MAX_IMAGE_MEGAPIXELS: { type: 'number', exclusiveMinimum: 0, maximum: 1000, default: DEFAULT_PARSE_LIMITS.imagePixels / 1_000_000, errorMessage: 'must be a number of megapixels between 0 and 1000' },
  },
  required: [
    'PORT',
    'DATABASE_PREPARED_STATEMENTS',
    'DATA_DIR',
    'MAIL_FROM',
    'LOG_LEVEL',
    'LOG_FORMAT',
    'TRUST_PROXY',
    'UPLOAD_MAX_FILE_MB',
    'PORTFOLIO_QUOTA_MB',
    'FORM_BODY_LIMIT_KB',
    'SIGNOFF_LINK_DAYS',
    'IMPORT_MAX_UNPACKED_MB',
    'IMPORT_MAX_ROWS',
    'IMPORT_MAX_COLUMNS',
    'IMPORT_MAX_CELL_CHARS',
    'IMPORT_MAX_CALENDAR_EVENTS',
    'IMPORT_CALENDAR_SECONDS',
    'IMPORT_CALENDAR_MEMORY_MB',
    'EVIDENCE_MAX_UNPACKED_MB',
    'EVIDENCE_MAX_IMAGE_MEGAPIXELS',
    'STORAGE',
    'S3_PREFIX',
    'PDF_RENDERING',
    'PDF_WAIT_SECONDS',
    'PDF_RENDER_ATTEMPTS',
    'PDF_WORKER_CONCURRENCY',
    'PDF_RENDER_TIMEOUT_SECONDS',
  ],
} as const;

type Environment = FromSchema<typeof environmentSchema>;

export interface Config {
  readonly port: number;
  readonly databaseUrl: string | undefined;
  /** On PostgreSQL, whether statements marked prepared() are sent as named prepared statements (db/prepared.ts). */
  readonly databasePreparedStatements: boolean;
  readonly dataDir: string;
  readonly baseUrl: string;
  readonly secureCookies: boolean;
  readonly sessionSecret: string | undefined;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly logLevel: string;
  /** `auto`: readable lines when standard output is a terminal, JSON lines otherwise. */
  readonly logFormat: 'auto' | 'pretty' | 'json';
  readonly trustProxy: boolean | number;
  readonly uploadMaxFileBytes: number;
  readonly portfolioQuotaBytes: number;
  readonly formBodyLimitBytes: number;
  /** How long a supervisor's confirmation link works. */
  readonly signoffLinkDays: number;
  /** How much an uploaded spreadsheet or evidence file may make the server read. */
  readonly parseLimits: ParseLimits;
  /** Steps where the server stops on purpose, for the crash tests only (see failpoints.ts). */
  readonly failpoints: readonly string[];
  /** Where evidence files and submitted PDFs are kept: DATA_DIR/evidence, or an S3-compatible bucket. */
  readonly storage: { kind: 'local' } | { kind: 's3'; bucket: string; endpoint?: string; region: string; prefix: string; forcePathStyle: boolean };
  /**
   * PDFs of submissions and drafts are rendered as background jobs. `inProcess`: this process
   * renders them (always so on the embedded database); otherwise `npm run worker` does. A request
   * waits up to `waitMs` for its PDF before showing the "being prepared" page. A render still
   * "rendering" after `timeoutMs` was abandoned by a process that died, and is queued again.
   */
  readonly pdfJobs: { inProcess: boolean; waitMs: number; attempts: number; concurrency: number; timeoutMs: number };
}

/** The error thrown for an invalid environment: its message is the one line to print. */
export class ConfigError extends Error {}

/** Validates the environment and returns the typed, frozen config. Reads no files. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(environmentSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const validate = validatorFor<Environment>(environmentSchema);
  if (!validate(input)) {
    const error = validate.errors![0]!;
    const key = error.instancePath.replace(/^\//, '');
    const shown = key === 'SESSION_SECRET' || key === 'DATABASE_URL' || key === 'SMTP_URL' ? '' : ` (got "${String(env[key])}")`;
    throw new ConfigError(`Invalid configuration: ${key} ${error.message}${shown}.`);
  }
  const e = input as unknown as Environment;
  if (e.PDF_RENDERING === 'workers' && !e.DATABASE_URL) throw new ConfigError('Invalid configuration: PDF_RENDERING=workers needs DATABASE_URL (on the embedded database the app renders its own PDFs).');
  if (e.STORAGE === 's3' && !e.S3_BUCKET) throw new ConfigError('Invalid configuration: S3_BUCKET must name the bucket when STORAGE is s3.');
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS === 'true',
    dataDir: path.resolve(e.DATA_DIR),
    baseUrl,
    secureCookies: baseUrl.startsWith('https://'),
    sessionSecret: e.SESSION_SECRET,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    trustProxy: e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : Number(e.TRUST_PROXY),
    uploadMaxFileBytes: Math.round(e.UPLOAD_MAX_FILE_MB * 1024 * 1024),
    portfolioQuotaBytes: Math.round(e.PORTFOLIO_QUOTA_MB * 1024 * 1024),
    formBodyLimitBytes: e.FORM_BODY_LIMIT_KB * 1024,
    signoffLinkDays: e.SIGNOFF_LINK_DAYS,
    failpoints: Object.freeze(e.FAILPOINTS?.split(',') ?? []),
    storage: Object.freeze(
      e.STORAGE === 's3'
        ? {
            kind: 's3' as const,
            bucket: e.S3_BUCKET!,
            ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT.replace(/\/$/, '') } : {}),
            region: e.S3_REGION ?? env.AWS_REGION ?? 'us-east-1',
            prefix: e.S3_PREFIX,
            forcePathStyle: e.S3_FORCE_PATH_STYLE ? e.S3_FORCE_PATH_STYLE === 'true' : Boolean(e.S3_ENDPOINT),
          }
        : { kind: 'local' as const },
    ),
    pdfJobs: Object.freeze({
      inProcess: e.PDF_RENDERING === 'in-process',
      waitMs: Math.round(e.PDF_WAIT_SECONDS * 1000),
      attempts: e.PDF_RENDER_ATTEMPTS,
      concurrency: e.PDF_WORKER_CONCURRENCY,
      timeoutMs: e.PDF_RENDER_TIMEOUT_SECONDS * 1000,
    }),
    parseLimits: Object.freeze({
      spreadsheetInflatedBytes: Math.round(e.IMPORT_MAX_UNPACKED_MB * MB),
      rows: e.IMPORT_MAX_ROWS,
      columns: e.IMPORT_MAX_COLUMNS,
      cellChars: e.IMPORT_MAX_CELL_CHARS,
      calendarEvents: e.IMPORT_MAX_CALENDAR_EVENTS,
      calendarReadSeconds: e.IMPORT_CALENDAR_SECONDS,
      calendarReadMemoryMb: e.IMPORT_CALENDAR_MEMORY_MB,
      pdfInflatedBytes: Math.round(e.EVIDENCE_MAX_UNPACKED_MB * MB),
      imagePixels: Math.round(e.EVIDENCE_MAX_IMAGE_MEGAPIXELS * 1_000_000),
    }),
  });
}

/**
 * The session secret: the configured one, or one generated on first start and kept in
 * DATA_DIR so that sessions survive restarts.
 */
export function resolveSessionSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataDir, 'session-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process started at the same moment and wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}

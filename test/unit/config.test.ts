import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, resolveSessionSecret } from '../../src/config';

describe('loadConfig', () => {
  test('an empty environment gives the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: path.resolve('./data'),
      baseUrl: 'http://localhost:3000',
      secureCookies: false,
      smtpUrl: undefined,
      logLevel: 'info',
      logFormat: 'auto',
      trustProxy: false,
      uploadMaxFileBytes: 20 * 1024 * 1024,
      portfolioQuotaBytes: 500 * 1024 * 1024,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('values are converted to their types', () => {
    const config = loadConfig({ PORT: '8080', BASE_URL: 'https://eia.example.org/', TRUST_PROXY: '2', UPLOAD_MAX_FILE_MB: '5.5', DATABASE_URL: 'postgres://u@db:5432/eia' });
    expect(config.port).toBe(8080);
    expect(config.baseUrl).toBe('https://eia.example.org');
    expect(config.secureCookies).toBe(true);
    expect(config.trustProxy).toBe(2);
    expect(config.uploadMaxFileBytes).toBe(Math.round(5.5 * 1024 * 1024));
    expect(config.databaseUrl).toBe('postgres://u@db:5432/eia');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  test.each([
    ['PORT', 'abc', 'Invalid configuration: PORT must be a port number from 0 to 65535 (got "abc").'],
    ['PORT', '70000', 'Invalid configuration: PORT must be a port number from 0 to 65535 (got "70000").'],
    ['LOG_LEVEL', 'loud', 'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud").'],
    ['LOG_FORMAT', 'colour', 'Invalid configuration: LOG_FORMAT must be auto (readable in a terminal, JSON otherwise), pretty or json (got "colour").'],
    ['BASE_URL', 'eia.example.org', 'Invalid configuration: BASE_URL must be the public address of the app, such as https://eia.example.org (got "eia.example.org").'],
    ['TRUST_PROXY', 'maybe', 'Invalid configuration: TRUST_PROXY must be true, false, or the number of proxies in front of the app (got "maybe").'],
    ['UPLOAD_MAX_FILE_MB', '0', 'Invalid configuration: UPLOAD_MAX_FILE_MB must be a number of megabytes between 0 and 1024 (got "0").'],
  ])('an invalid %s stops with one line naming it and the expected form', (key, value, message) => {
    expect(() => loadConfig({ [key]: value })).toThrow(new ConfigError(message));
  });

  test('secrets are never echoed in the error', () => {
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow('Invalid configuration: SESSION_SECRET must be at least 32 characters (leave it unset to have one generated).');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' })).toThrow('Invalid configuration: DATABASE_URL must be a PostgreSQL URL such as postgres://user@host:5432/dbname.');
    expect(() => loadConfig({ SMTP_URL: 'http://user:hunter2@mail' })).not.toThrow(/hunter2/);
  });
});

describe('evidence storage', () => {
  test('a folder by default; a bucket with STORAGE=s3, path-style addressing when an endpoint is given', () => {
    expect(loadConfig({}).storage).toEqual({ kind: 'local' });
    expect(loadConfig({ STORAGE: 's3', S3_BUCKET: 'eia-evidence', S3_ENDPOINT: 'http://127.0.0.1:9000/', S3_PREFIX: 'evidence/' }).storage).toEqual({
      kind: 's3',
      bucket: 'eia-evidence',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      prefix: 'evidence/',
      forcePathStyle: true,
    });
    expect(loadConfig({ STORAGE: 's3', S3_BUCKET: 'eia-evidence', AWS_REGION: 'eu-west-2' }).storage).toMatchObject({ region: 'eu-west-2', prefix: '', forcePathStyle: false });
  });

  test('each mistake says what to fix', () => {
    expect(() => loadConfig({ STORAGE: 's3' })).toThrow('Invalid configuration: S3_BUCKET must name the bucket when STORAGE is s3.');
    expect(() => loadConfig({ STORAGE: 'ftp' })).toThrow(/STORAGE must be local \(a folder in DATA_DIR\) or s3/);
    expect(() => loadConfig({ STORAGE: 's3', S3_BUCKET: 'Bad_Bucket' })).toThrow(/S3_BUCKET must be a bucket name/);
    expect(() => loadConfig({ STORAGE: 's3', S3_BUCKET: 'ok-bucket', S3_PREFIX: 'no-slash' })).toThrow(/S3_PREFIX must be empty or folder names ending in \//);
  });
});

describe('background PDFs', () => {
  test('rendered by this process by default, waiting 5 s, 3 attempts; by workers only with PostgreSQL', () => {
    expect(loadConfig({}).pdfJobs).toEqual({ inProcess: true, waitMs: 5000, attempts: 3, concurrency: 1, timeoutMs: 600_000 });
    expect(
      loadConfig({ DATABASE_URL: 'postgres://eia@127.0.0.1/eia', PDF_RENDERING: 'workers', PDF_WAIT_SECONDS: '0.5', PDF_RENDER_ATTEMPTS: '5', PDF_WORKER_CONCURRENCY: '2', PDF_RENDER_TIMEOUT_SECONDS: '60' }).pdfJobs,
    ).toEqual({
      inProcess: false,
      waitMs: 500,
      attempts: 5,
      concurrency: 2,
      timeoutMs: 60_000,
    });
  });

  test('each mistake says what to fix', () => {
    expect(() => loadConfig({ PDF_RENDERING: 'workers' })).toThrow('Invalid configuration: PDF_RENDERING=workers needs DATABASE_URL (on the embedded database the app renders its own PDFs).');
    expect(() => loadConfig({ PDF_RENDERING: 'elsewhere' })).toThrow(/PDF_RENDERING must be in-process .* or workers/);
    expect(() => loadConfig({ PDF_WAIT_SECONDS: '61' })).toThrow(/PDF_WAIT_SECONDS must be a number of seconds from 0 to 60/);
    expect(() => loadConfig({ PDF_RENDER_ATTEMPTS: '0' })).toThrow(/PDF_RENDER_ATTEMPTS must be a whole number of attempts from 1 to 10/);
  });
});

describe('resolveSessionSecret', () => {
  test('is generated once under DATA_DIR, private, and kept across restarts', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'eia-config-'));
    const config = loadConfig({ DATA_DIR: dataDir });
    const first = resolveSessionSecret(config);
    expect(first.length).toBeGreaterThanOrEqual(48);
    expect(resolveSessionSecret(loadConfig({ DATA_DIR: dataDir }))).toBe(first);
    const file = path.join(dataDir, 'session-secret');
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test('a configured secret wins', () => {
    const secret = 'x'.repeat(40);
    expect(resolveSessionSecret(loadConfig({ SESSION_SECRET: secret, DATA_DIR: '/nonexistent/never-created' }))).toBe(secret);
  });
});

import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths whose last segment is a secret (reset and confirmation links): never logged. */
const SECRET_PATH = /^(\/(?:password\/reset|confirm|account\/verify)\/)[^/?#]+/;

/** The URL as it may be logged: no query string, no secret token in the path. */
export function redactUrl(url: string): string {
  const pathOnly = url.split('?')[0] ?? '';
  return pathOnly.replace(SECRET_PATH, '$1[redacted]');
}

/** The app's logger; headers, cookies and body fields that carry secrets are removed. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token', '*.newPassword', '*.currentPassword'],
      censor: '[redacted]',
    },
  });
}

import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Paths whose last segment is a secret (reset and confirmation links): never logged. */
const SECRET_PATH = /^(\/(?:password\/reset|confirm|account\/verify)\/)[^/?#]+/;

/** The URL as it may be logged: no query string, no secret token in the path. */
export function redactUrl(url: string): string {
  const pathOnly = url.split('?')[0] ?? '';
  return pathOnly.replace(SECRET_PATH, '$1[redacted]');
}

/** How log lines are written: `pretty` for a person at a terminal, `json` for machines. */
export type LogFormat = 'pretty' | 'json';

/**
 * The format for a LOG_FORMAT setting: `auto` writes readable lines when the output is a
 * terminal and JSON otherwise (containers, CI, tests and log collectors read JSON).
 */
export function chooseLogFormat(setting: 'auto' | LogFormat, outputIsTerminal: boolean): LogFormat {
  if (setting !== 'auto') return setting;
  return outputIsTerminal ? 'pretty' : 'json';
}

interface LoggedRequest {
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
}

/** A request as one short line ("GET /practice 200 12 ms"); any other line is its message. */
function prettyMessage(log: Record<string, unknown>, messageKey: string): string {
  const { req, res, responseTime } = log as LoggedRequest;
  const message = String(log[messageKey] ?? '');
  if (!req?.method || !res?.statusCode) return message;
  return `${req.method} ${req.url ?? ''} ${res.statusCode}${responseTime === undefined ? '' : ` ${responseTime} ms`}${message === 'request completed' ? '' : ` ${message}`}`;
}

/** Readable lines, written synchronously (in this thread) so nothing is lost when the process stops. */
function prettyStream(destination: NodeJS.WritableStream | number): DestinationStream {
  // Loaded only for a terminal: servers write JSON and need not hold it.
  const pinoPretty = require('pino-pretty') as typeof import('pino-pretty');
  return pinoPretty({
    destination,
    sync: true,
    colorize: typeof destination === 'number' && pinoPretty.isColorSupported,
    translateTime: 'SYS:HH:MM:ss',
    // The request's details are in the one-line message; the process and host are the same on every line.
    ignore: 'pid,hostname,req,res,responseTime',
    messageFormat: prettyMessage,
  });
}

/**
 * The app's logger; headers, cookies and body fields that carry secrets are removed in either
 * format. `destination` is standard output unless a test gives another stream.
 */
export function createLogger(level: string, format: LogFormat = 'json', destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token', '*.newPassword', '*.currentPassword'],
      censor: '[redacted]',
    },
  };
  if (format === 'pretty') return pino(options, prettyStream(destination ?? 1));
  return destination ? pino(options, destination as DestinationStream) : pino(options);
}

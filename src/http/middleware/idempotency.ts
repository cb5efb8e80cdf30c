import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { AppDeps } from '../app-deps';
import { claimIdempotencyKey, findIdempotentAnswer, keepIdempotentAnswer, releaseIdempotencyKey, type IdempotentAnswer } from '../../domain/idempotency-keys';
import { AppError, conflict } from '../../errors';

/**
 * One-time keys on creates, so a double click or a retried request creates one thing: a form
 * carries a hidden `_key` made when the page was drawn; an API client sends `Idempotency-Key`.
 * The first request with a key claims it (a row, so every app process sees it) and its answer
 * is kept; a second one waits for that answer and gets the same: the form lands on the record
 * the first created, the API repeats its status and body (with `Idempotent-Replayed: true`).
 * A request that fails frees its key, so the corrected form can be sent again with it.
 */

const messages = {
  otherRequest: 'This Idempotency-Key was used for another request. Send a new key for a new request.',
  stillRunning: 'The same request is still being answered. Wait a moment, then look at what it created.',
  badKey: 'An Idempotency-Key is 8 to 255 visible characters, such as a UUID.',
};

const WAIT_MS = 10_000;
const POLL_MS = 100;
/** A key claimed this long ago and still unanswered belongs to a request that died (a crash). */
const ABANDONED_MS = 60_000;
const KEY = /^[\x21-\x7e]{8,255}$/;

const isApi = (req: Request) => req.path.startsWith('/api/');

function keyOf(req: Request): string | undefined {
  const sent = isApi(req) ? req.get('Idempotency-Key') : (req.body as { _key?: unknown } | undefined)?._key;
  if (sent === undefined || sent === '') return undefined;
  if (typeof sent !== 'string' || !KEY.test(sent)) throw new AppError('validation', 400, messages.badKey);
  return sent;
}

/** What the request asks, without the fields that change with every page: its body's SHA-256. */
function fingerprintOf(req: Request): string {
  const { _csrf: _token, _key: _form, ...fields } = (req.body ?? {}) as Record<string, unknown>;
  const file = (req.file as { buffer?: Buffer } | undefined)?.buffer;
  return createHash('sha256')
    .update(JSON.stringify(fields))
    .update(file ?? '')
    .digest('hex');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answerOf(deps: AppDeps, userId: number, key: string): Promise<IdempotentAnswer | undefined> {
  const started = Date.now();
  for (;;) {
    const answer = await findIdempotentAnswer(deps, userId, key);
    if (!answer || answer.status !== null || Date.now() - started > WAIT_MS) return answer;
    await sleep(POLL_MS);
  }
}

function replay(req: Request, res: Response, answer: IdempotentAnswer): void {
  res.set('Idempotent-Replayed', 'true');
  if (!isApi(req) && answer.location) return res.redirect(303, answer.location);
  if (answer.location) res.location(answer.location);
  if (answer.body === null) return void res.status(answer.status!).end();
  res.status(answer.status!).json(answer.body);
}

/** Keeps the answer when the response is a success, frees the key otherwise. */
function keepAnswer(deps: AppDeps, req: Request, res: Response, userId: number, key: string): void {
  let body: unknown;
  const json = res.json.bind(res);
  res.json = (value: unknown) => {
    body = value;
    return json(value);
  };
  res.on('finish', () => {
    const done = res.statusCode < 400 ? keepIdempotentAnswer(deps, userId, key, { status: res.statusCode, location: res.get('Location') ?? null, body }) : releaseIdempotencyKey(deps, userId, key);
    done.catch((error: unknown) => (req.log ?? deps.logger).error({ err: error }, 'idempotency key not recorded'));
  });
}

/** Makes a create route answer a repeated key with the first answer; put it where the body is parsed. */
export function idempotent(deps: AppDeps): RequestHandler {
  return async (req, res, next) => {
    const key = keyOf(req);
    if (!key || !req.user) return next();
    const userId = req.user.id;
    const route = `${req.method} ${req.baseUrl}${req.path}`;
    const fingerprint = fingerprintOf(req);
    const now = deps.clock.now();
    if (!(await claimIdempotencyKey(deps, userId, key, route, fingerprint, now))) {
      const answer = await answerOf(deps, userId, key);
      const abandoned = answer && answer.status === null && now.getTime() - answer.createdAt.getTime() > ABANDONED_MS;
      if (answer && !abandoned) {
        const same = answer.route === route && answer.fingerprint === fingerprint;
        // A form sent again with other values (the back button, then an edit) is a new record.
        if (!same && !isApi(req)) return next();
        if (!same) throw new AppError('validation', 422, messages.otherRequest);
        if (answer.status === null) throw conflict(messages.stillRunning);
        return replay(req, res, answer);
      }
      await releaseIdempotencyKey(deps, userId, key);
      if (!(await claimIdempotencyKey(deps, userId, key, route, fingerprint, now))) throw conflict(messages.stillRunning);
    }
    keepAnswer(deps, req, res, userId, key);
    next();
  };
}

import type { ServiceDeps } from './deps';
import type { IdempotentAnswer } from '../db/repositories/idempotency-repository';

export type { IdempotentAnswer } from '../db/repositories/idempotency-repository';

/*
 * One-time keys on creates, kept in the database so every app process sees them; the http
 * middleware (http/middleware/idempotency.ts) decides when to claim, wait, replay or release.
 */

type KeyDeps = Pick<ServiceDeps, 'db' | 'repos'>;

/** Claims the user's key for this request; false when another request holds it already. */
export const claimIdempotencyKey = (deps: KeyDeps, userId: number, key: string, route: string, fingerprint: string, at: Date): Promise<boolean> =>
  deps.repos.idempotency.claim(deps.db, userId, key, route, fingerprint, at);

/** What the request that claimed the key answered (status null while it is still running), or undefined. */
export const findIdempotentAnswer = (deps: KeyDeps, userId: number, key: string): Promise<IdempotentAnswer | undefined> => deps.repos.idempotency.find(deps.db, userId, key);

/** Keeps the first request's answer, so a repeat gets the same. */
export const keepIdempotentAnswer = (deps: KeyDeps, userId: number, key: string, answer: { status: number; location: string | null; body: unknown }): Promise<void> =>
  deps.repos.idempotency.answer(deps.db, userId, key, answer);

/** Frees a key whose request failed (or never finished), so it can be used again. */
export const releaseIdempotencyKey = (deps: KeyDeps, userId: number, key: string): Promise<void> => deps.repos.idempotency.release(deps.db, userId, key);

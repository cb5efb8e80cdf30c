import type { Request, RequestHandler } from 'express';
import type { RateLimiter, RateLimitRule } from '../../domain/rate-limiter';
import { rateLimited } from '../../errors';

/** One counter to consume per request: its rule and the key (e.g. the IP, or the email). */
export interface LimitCounter {
  name: string;
  rule: RateLimitRule;
  key: (req: Request) => string | undefined;
}

/**
 * Consumes every counter of the request; when one is exhausted the request is refused with
 * 429 and a message that does not say which counter (nor whether the account exists).
 */
export function rateLimit(limiter: RateLimiter, counters: LimitCounter[], message?: string): RequestHandler {
  return async (req, _res, next) => {
    let retryAfter = 0;
    for (const counter of counters) {
      const key = counter.key(req);
      if (!key) continue;
      const decision = await limiter.consume(`${counter.name}:${key}`, counter.rule);
      if (!decision.allowed) retryAfter = Math.max(retryAfter, decision.retryAfterSeconds);
    }
    if (retryAfter > 0) throw rateLimited(retryAfter, message);
    next();
  };
}

export const byIp = (req: Request) => req.ip ?? 'unknown';
export const byEmailField = (req: Request) => {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.trim() ? email.trim().toLowerCase() : undefined;
};

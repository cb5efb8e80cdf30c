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
 * 429 and a message that does not say which counter (nor whether the account exists). With
 * `failuresOnly`, a request that succeeds (a sign-in with the right password) gives its
 * attempts back: only failures count towards the limit.
 */
export function rateLimit(limiter: RateLimiter, counters: LimitCounter[], message?: string, options: { failuresOnly?: boolean } = {}): RequestHandler {
  return async (req, res, next) => {
    let retryAfter = 0;
    const consumed: string[] = [];
    for (const counter of counters) {
      const key = counter.key(req);
      if (!key) continue;
      const decision = await limiter.consume(`${counter.name}:${key}`, counter.rule);
      consumed.push(`${counter.name}:${key}`);
      if (!decision.allowed) retryAfter = Math.max(retryAfter, decision.retryAfterSeconds);
    }
    if (retryAfter > 0) throw rateLimited(retryAfter, message);
    if (options.failuresOnly) {
      res.on('finish', () => {
        if (res.statusCode < 400) void Promise.all(consumed.map((key) => limiter.refund(key))).catch((error: unknown) => req.log?.error({ err: error }, 'rate limit refund failed'));
      });
    }
    next();
  };
}

export const byIp = (req: Request) => req.ip ?? 'unknown';
export const byEmailField = (req: Request) => {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.trim() ? email.trim().toLowerCase() : undefined;
};

/**
 * The account and the address it is tried from, together: guesses from one place lock that
 * place out of the account, never the owner signing in from elsewhere.
 */
export const byEmailAndIp = (req: Request) => {
  const email = byEmailField(req);
  return email && `${email}|${byIp(req)}`;
};

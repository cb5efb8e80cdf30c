import type { Db } from '../db/knex';
import type { Repositories } from '../db/repositories';
import type { Clock } from '../clock';

export interface RateLimitRule {
  /** Attempts allowed in one window. */
  points: number;
  windowSeconds: number;
}

export interface RateLimits {
  /** Failed sign-ins from one address. */
  loginPerIp: RateLimitRule;
  /** Failed sign-ins to one account from one address. */
  loginPerAccount: RateLimitRule;
  resetPerIp: RateLimitRule;
  resetPerAccount: RateLimitRule;
  /** Every request to the public verify pages (look-ups and PDF checks) from one address. */
  verifyPerIp: RateLimitRule;
  /** Registrations asked for from one address. */
  registerPerIp: RateLimitRule;
  /** Confirmation links asked for again by one account. */
  verificationPerAccount: RateLimitRule;
}

export const defaultRateLimits: RateLimits = {
  loginPerIp: { points: 30, windowSeconds: 15 * 60 },
  loginPerAccount: { points: 10, windowSeconds: 15 * 60 },
  resetPerIp: { points: 10, windowSeconds: 60 * 60 },
  resetPerAccount: { points: 3, windowSeconds: 60 * 60 },
  verifyPerIp: { points: 60, windowSeconds: 15 * 60 },
  registerPerIp: { points: 10, windowSeconds: 60 * 60 },
  verificationPerAccount: { points: 5, windowSeconds: 60 * 60 },
};

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters in the database, so every app process shares them. One upsert per
 * attempt: a new window starts when the old one has ended.
 */
export class RateLimiter {
  constructor(private readonly deps: { db: Db; clock: Clock; repos: Pick<Repositories, 'rateLimit'> }) {}

  async consume(key: string, rule: RateLimitRule): Promise<RateDecision> {
    const now = this.deps.clock.now();
    const counter = await this.deps.repos.rateLimit.hit(this.deps.db, key, now, new Date(now.getTime() + rule.windowSeconds * 1000));
    return {
      allowed: counter.hits <= rule.points,
      retryAfterSeconds: Math.max(1, Math.ceil((counter.windowEndsAt.getTime() - now.getTime()) / 1000)),
    };
  }

  /** Gives back one attempt (an attempt that turned out to be allowed use, such as a right password). */
  async refund(key: string): Promise<void> {
    await this.deps.repos.rateLimit.refund(this.deps.db, key);
  }

  /** Drops counters whose window has ended (run by the maintenance job). */
  async prune(): Promise<number> {
    return this.deps.repos.rateLimit.pruneEnded(this.deps.db, this.deps.clock.now());
  }
}

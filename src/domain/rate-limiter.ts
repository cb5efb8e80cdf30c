import type { Db } from '../db/knex';
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
  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  async consume(key: string, rule: RateLimitRule): Promise<RateDecision> {
    const now = this.deps.clock.now();
    const windowEnd = new Date(now.getTime() + rule.windowSeconds * 1000);
    const result = await this.deps.db.raw<{ rows: { hits: number; window_ends_at: Date }[] }>(
      `insert into rate_limits (key, hits, window_ends_at) values (?, 1, ?)
       on conflict (key) do update set
         hits = case when rate_limits.window_ends_at <= ? then 1 else rate_limits.hits + 1 end,
         window_ends_at = case when rate_limits.window_ends_at <= ? then excluded.window_ends_at else rate_limits.window_ends_at end
       returning hits, window_ends_at`,
      [key, windowEnd, now, now],
    );
    const row = result.rows[0]!;
    return {
      allowed: row.hits <= rule.points,
      retryAfterSeconds: Math.max(1, Math.ceil((new Date(row.window_ends_at).getTime() - now.getTime()) / 1000)),
    };
  }

  /** Gives back one attempt (an attempt that turned out to be allowed use, such as a right password). */
  async refund(key: string): Promise<void> {
    await this.deps.db('rate_limits').where('key', key).where('hits', '>', 0).decrement('hits', 1);
  }

  /** Drops counters whose window has ended (run by the maintenance job). */
  async prune(): Promise<number> {
    return this.deps.db('rate_limits').where('window_ends_at', '<=', this.deps.clock.now()).delete();
  }
}

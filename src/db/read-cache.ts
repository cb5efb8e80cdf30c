import { isDate } from 'node:util/types';

/**
 * The embedded database's read cache: the answers to read-only statements, kept until the next
 * statement that may write. Only the embedded database can use it, because only there is every
 * statement known: PGlite lives in this process and no other process can open its files (see
 * embedded-lock.ts), so whatever changes the data passes through here first and empties the
 * cache. PostgreSQL is shared by other processes, whose writes this one never sees.
 *
 * Why: PGlite runs PostgreSQL in WebAssembly on the request's own thread, where even a lookup by
 * key costs about a millisecond; reading a page asks the same few questions (the session, the
 * user, the portfolio) again and again between two changes.
 */

/** A statement's answer as the driver gives it (rows, fields, counts): kept and handed out as copies. */
export type DriverResponse = { rows?: unknown[] } & Record<string, unknown>;

export interface ReadCacheOptions {
  /** Answers longer than this are not kept (the evidence of a big portfolio has a cache of its own). */
  maxRowsPerAnswer?: number;
  /** Rows kept in all; the oldest answers go first. */
  maxRows?: number;
}

/** A statement that only reads: one SELECT (or a WITH that writes nothing), no locking clause, no volatile function. */
const READ_ONLY = /^\s*\(?\s*(select|with)\b/i;
const WRITES_OR_VOLATILE =
  /\b(insert|update|delete|merge|for\s+(no\s+key\s+)?(update|share)|for\s+key\s+share|nextval|setval|now|current_(date|time|timestamp)|localtime(stamp)?|clock_timestamp|statement_timestamp|transaction_timestamp|random|gen_random_uuid|pg_\w+lock\w*|pg_notify|set_config|txid_current|pg_sleep)\b/i;

export const isCacheableRead = (sql: string): boolean => READ_ONLY.test(sql) && !WRITES_OR_VOLATILE.test(sql);

/** A deep copy of a value as the driver gives it (JSON values, dates, bytes), as structuredClone would make it. */
function copyValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isDate(value)) return new Date(value.getTime()); // (any realm's Date, as structuredClone accepts)
  if (Array.isArray(value)) return value.map(copyValue);
  if (ArrayBuffer.isView(value)) return (value as Uint8Array).slice();
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = copyValue((value as Record<string, unknown>)[key]);
  return copy;
}

/**
 * A copy of an answer whose rows the caller may change: the rows are copied deeply, the rest
 * (the fields' descriptions, counts) is shared, as no caller changes it. Five times cheaper than
 * structuredClone, which was a twentieth of a cached page's time.
 */
const copyAnswer = (answer: DriverResponse): DriverResponse => (answer.rows ? { ...answer, rows: answer.rows.map(copyValue) } : { ...answer });

export class ReadCache {
  private readonly answers = new Map<string, DriverResponse>();
  private rows = 0;
  private readonly maxRowsPerAnswer: number;
  private readonly maxRows: number;
  /** Moves on every statement that may write: an answer read across a change is not kept. */
  private generation = 0;
  hits = 0;
  misses = 0;

  constructor(options: ReadCacheOptions = {}) {
    this.maxRowsPerAnswer = options.maxRowsPerAnswer ?? 1000;
    this.maxRows = options.maxRows ?? 50_000;
  }

  /**
   * Runs a statement through the cache. `inTransaction`: inside a transaction nothing is kept or
   * reused (it may see its own uncommitted rows), but a write there still empties the cache,
   * as do its COMMIT and ROLLBACK.
   */
  async run(sql: string, bindings: readonly unknown[] | undefined, inTransaction: boolean, execute: () => Promise<DriverResponse>): Promise<DriverResponse> {
    if (!isCacheableRead(sql)) {
      this.clear();
      try {
        return await execute();
      } finally {
        // Also after: a read that started while this statement ran must not be kept.
        this.clear();
      }
    }
    if (inTransaction) return execute();
    const key = `${sql}\u0000${JSON.stringify(bindings ?? [])}`;
    const kept = this.answers.get(key);
    if (kept) {
      this.hits++;
      return copyAnswer(kept);
    }
    this.misses++;
    const generation = this.generation;
    const answer = await execute();
    const rowCount = answer.rows?.length ?? 0;
    if (generation === this.generation && rowCount <= this.maxRowsPerAnswer) this.keep(key, copyAnswer(answer), rowCount);
    return answer;
  }

  /** Forgets every answer (any statement that may write calls it). */
  clear(): void {
    this.generation++;
    if (!this.answers.size) return;
    this.answers.clear();
    this.rows = 0;
  }

  private keep(key: string, answer: DriverResponse, rowCount: number): void {
    this.answers.set(key, answer);
    this.rows += rowCount;
    for (const [oldest, old] of this.answers) {
      if (this.rows <= this.maxRows) break;
      this.answers.delete(oldest);
      this.rows -= old.rows?.length ?? 0;
    }
  }
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import type { Db } from '../../src/db/knex';
import type { AppDeps } from '../../src/http/app-deps';
import { buildDeps } from '../../src/build-deps';

/**
 * A fixed "now": generated records are dated up to 2025-12-31, so none is ever "after today",
 * whatever day the benchmark runs, and every run sees the same clock.
 */
export const BENCH_NOW = new Date('2026-01-15T10:00:00Z');
export const fixedClock: Clock = { now: () => new Date(BENCH_NOW) };

/**
 * Everything the app is built from, as the server builds it, but quiet and self-contained:
 * no SMTP (mail stays in the outbox), no logs, evidence files in a temporary folder.
 * `dispose` removes that folder; the database is the caller's to close.
 */
export function benchDeps(db: Db, clock: Clock = fixedClock): { deps: AppDeps; dispose(): void } {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'eia-bench-'));
  const config = loadConfig({ DATA_DIR: dataDir, BASE_URL: 'http://bench.invalid', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret', LOG_LEVEL: 'silent' });
  const deps = buildDeps({ config, db, clock, sessionSecret: config.sessionSecret!, transport: undefined, evidenceRoot: path.join(dataDir, 'evidence') });
  return { deps, dispose: () => rmSync(dataDir, { recursive: true, force: true }) };
}

import { portfolioRepository } from '../../src/db/repositories/portfolio-repository';
import type { Db } from '../../src/db/knex';
import { createUser } from '../../src/domain/accounts/account-service';
import { commitImport, previewImport } from '../../src/domain/import/import-batch-service';
import { openBenchDb } from './bench-db';
import { benchDeps } from './bench-deps';
import type { Bench } from './measure';
import { practiceCsv, type PracticeExpectation } from './practice-csv';

/**
 * An applicant imports a practice log of n rows: preview (read, parse, check every row
 * against the JSON Schema, mark duplicates, store the preview), then commit (check again,
 * insert every row in one transaction). The file is already in memory, as multer hands it over.
 *
 * Two runs, each into its own new portfolio: "cold" is the first import of a freshly started
 * process (it pays for JIT, compiling the row schema, the first queries on these tables), which
 * is what the first applicant after a restart waits for; "warm" is the same work once the code
 * is hot. Each run is checked afterwards: a benchmark of a broken import is worthless.
 */
export async function runPracticeImport(bench: Bench, rows: number): Promise<void> {
  const database = await openBenchDb();
  bench.note(database.backend);
  const { deps, dispose } = benchDeps(database.db);
  try {
    for (const [label, seed] of [
      ['cold', 1],
      ['warm', 2],
    ] as const) {
      const owner = await createUser(deps, { name: `Bench ${label}`, email: `bench-${label}@example.org`, password: 'Lantern-Quarry-Ferns-2048', roles: ['applicant'] }, null);
      const csv = practiceCsv(rows, seed);
      const outcome = await bench.measure(label, async (lap) => {
        // Keep only a summary of the preview: in the app, the commit is a later request that reloads the batch.
        const { id, errors } = await previewImport(deps, owner.id, { kind: 'practice', clientCodeRule: 'initials', fileName: 'practice-log.csv', bytes: csv.bytes });
        lap('preview');
        if (errors.length) return { errors: errors.slice(0, 3), imported: 0, duplicates: 0 };
        const { imported, duplicates } = await commitImport(deps, owner.id, id);
        lap('commit');
        return { errors: [], imported, duplicates };
      });
      if (outcome.errors.length) throw new Error(`the ${label} import found problems in the generated file, e.g. ${JSON.stringify(outcome.errors)}`);
      if (outcome.imported !== rows || outcome.duplicates !== 0) throw new Error(`the ${label} import reported ${outcome.imported} rows imported and ${outcome.duplicates} duplicates, expected ${rows} and 0`);
      await verifyStored(database.db, owner.id, csv.expected, label);
    }
  } finally {
    dispose();
    await database.close();
  }
}

/** Reads back what the import stored and compares it with what the generator wrote. */
async function verifyStored(db: Db, ownerId: number, expected: PracticeExpectation, label: string): Promise<void> {
  const portfolio = await portfolioRepository.findOrCreate(db, ownerId, new Date());
  const stored = (await db('practice_entries')
    .where('portfolio_id', portfolio.id)
    .first(db.raw('count(*) as rows'), db.raw('coalesce(sum(hours), 0) as hours'), db.raw("coalesce(sum(date - date '2000-01-01'), 0) as days"), db.raw('count(group_size) as grouped'))) as {
    rows: number;
    hours: string;
    days: string | number;
    grouped: number;
  };
  const actual: PracticeExpectation = {
    rows: Number(stored.rows),
    hundredthsOfHours: Math.round(Number(stored.hours) * 100),
    dayNumberSum: Number(stored.days),
    grouped: Number(stored.grouped),
  };
  const wrong = (Object.keys(expected) as (keyof PracticeExpectation)[]).filter((key) => actual[key] !== expected[key]);
  if (wrong.length) {
    throw new Error(`the ${label} import stored the wrong data: ${wrong.map((key) => `${key} ${actual[key]} (expected ${expected[key]})`).join(', ')}`);
  }
}

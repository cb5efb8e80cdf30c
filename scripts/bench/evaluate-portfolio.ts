import type { Evaluation, RequirementResult } from '../../src/domain/evaluation/evaluation';
import { evaluate } from '../../src/domain/evaluation/evaluate';
import { evaluatePortfolio } from '../../src/domain/portfolio/evaluation-service';
import { loadEvidence } from '../../src/domain/portfolio/evidence-loader';
import { openBenchDb } from './bench-db';
import { benchDeps } from './bench-deps';
import type { Bench } from './measure';
import type { PracticeFacts } from './portfolio-data';
import { seedPortfolio } from './seed-portfolio';

/**
 * The end of the last full year before the bench's "today" (2026-01-15): the entries of the
 * last two weeks fall after it, so the evaluation both counts and excludes by date.
 */
export const EVALUATION_AS_OF = '2025-12-31';
/** Fewer runs at 100,000 entries, where one run takes a second on the embedded database. */
const planFor = (practiceEntries: number) => ({ warmups: 1, runs: practiceEntries >= 100_000 ? 11 : 21 });

/**
 * One evaluation of a whole portfolio, from reading the database to the result:
 * evaluatePortfolio (the portfolio, its criteria set, the five logs, then the pure evaluate over
 * the EMCC EIA set). Its two parts are also timed on their own, to show where the time goes.
 */
export async function runEvaluation(bench: Bench, practiceEntries: number): Promise<void> {
  const database = await openBenchDb();
  bench.note(database.backend);
  const { deps, dispose } = benchDeps(database.db);
  try {
    const seeded = await seedPortfolio(deps, practiceEntries);
    const evaluateOnce = () => evaluatePortfolio(deps, seeded.owner.id, { asOf: EVALUATION_AS_OF });
    const { portfolio, set, evidence } = await evaluateOnce();
    const result = await bench.measureRuns(
      `evaluatePortfolio, ${database.engine}`,
      {
        ...planFor(practiceEntries),
        parts: {
          'loadEvidence: read the logs': () => loadEvidence(deps.repos, deps.db, portfolio, deps.clock.now()),
          'evaluate: the pure evaluation in memory': async () => evaluate(set, evidence, EVALUATION_AS_OF),
        },
      },
      evaluateOnce,
    );
    checkEvaluation(result.evaluation, seeded.expected, practiceEntries);
  } finally {
    dispose();
    await database.close();
  }
}

/** Fails loudly unless the evaluation counted exactly the generated practice up to its date. */
export function checkEvaluation(evaluation: Evaluation, facts: PracticeFacts, practiceEntries: number): void {
  const expected = facts.upTo(evaluation.asOf);
  const hours = requirement(evaluation, 'master_practitioner.hours');
  const clients = requirement(evaluation, 'master_practitioner.clients');
  const problems = [
    hours.actual !== expected.hours ? `Master Practitioner hours are ${hours.actual}, the data has ${expected.hours} up to ${evaluation.asOf}` : '',
    hours.counted.length !== expected.entries ? `${hours.counted.length} practice entries counted, ${expected.entries} expected` : '',
    hours.counted.length + hours.excluded.length !== practiceEntries ? `${hours.counted.length + hours.excluded.length} practice entries seen of ${practiceEntries}` : '',
    clients.actual !== expected.clients ? `${clients.actual} distinct clients, ${expected.clients} expected` : '',
  ].filter(Boolean);
  if (problems.length) throw new Error(`the evaluation did not run on the stored data: ${problems.join('; ')}`);
}

function requirement(evaluation: Evaluation, id: string): RequirementResult {
  const found = evaluation.levels.flatMap((level) => level.requirements).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`the evaluation has no requirement ${id}`);
  return found;
}

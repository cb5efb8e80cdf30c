import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser } from '../support/factories';
import { makeSamplePortfolio } from '../support/portfolio-factory';
import { evaluatePortfolio } from '../../src/domain/portfolio/evaluation-service';
import { getOwnSubmission, submitPortfolio } from '../../src/domain/submission/submission-service';
import { evaluateSnapshot, takeSnapshot } from '../../src/domain/snapshot/snapshot-service';
import type { Evaluation } from '../../src/domain/evaluation/evaluation';
import type { User } from '../../src/domain/accounts/account-service';

/*
 * The live portfolio and a snapshot of it (a draft PDF's, a frozen submission's) are read by
 * different code (the evidence repository; the records a snapshot holds) but mapped to the
 * evaluation's input by one toEvidence. These tests hold the two evaluations side by side.
 */

const testDb = useTestDb();
let t: TestApp;
let ana: User;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  ana = await makeUser(t.deps, ['applicant']);
  await makeSamplePortfolio(t.deps, ana.id);
}, 60_000);

/**
 * Every level and requirement with its figures and the records it counted. Counted refs are
 * sorted: the live logs come in no particular order, a snapshot's by date.
 */
const figures = (evaluation: Evaluation) =>
  evaluation.levels.map((level) => ({
    level: level.id,
    met: level.met,
    requirements: level.requirements.map((requirement) => ({ id: requirement.id, met: requirement.met, actual: requirement.actual, required: requirement.required, counted: [...requirement.counted].sort() })),
  }));

test('a frozen submission, evaluated again from its stored snapshot, agrees with the live evaluation level by level and requirement by requirement', async () => {
  const submitted = await submitPortfolio(t.deps, ana.id, { level: 'practitioner', declarations: ['ethics', 'diversity'] });
  const { snapshot } = await getOwnSubmission(t.deps, ana.id, submitted.id);
  const live = await evaluatePortfolio(t.deps, ana.id, { asOf: snapshot.asOf });
  const frozen = evaluateSnapshot(live.set, snapshot);

  expect(figures(frozen)).toEqual(figures(live.evaluation));
  expect(frozen.highestLevelMet).toBe(live.evaluation.highestLevelMet);
  // The comparison is not vacuous: the sample's records are counted.
  expect(
    figures(live.evaluation)
      .flatMap((level) => level.requirements)
      .filter((requirement) => requirement.counted.length > 0).length,
  ).toBeGreaterThan(3);
  // And the evaluation frozen with the submission is that same one.
  expect(snapshot.evaluation.levels).toEqual(live.evaluation.levels.map((level) => ({ id: level.id, label: level.label, met: level.met })));
  expect(figures({ ...frozen, levels: [snapshot.evaluation.level] })).toEqual(figures({ ...live.evaluation, levels: live.evaluation.levels.filter((level) => level.id === 'practitioner') }));
});

test('a snapshot on an earlier date holds only the records counted by then, and still agrees with the live evaluation on that date', async () => {
  const asOf = '2026-06-30';
  const { snapshot } = await takeSnapshot(t.deps, ana.id, { asOf });
  const live = await evaluatePortfolio(t.deps, ana.id, { asOf });
  // Records after the date are in the live evidence (excluded by the evaluation) but not in the snapshot.
  expect(snapshot.records.practice.length).toBeLessThan(live.evidence.practice.length);
  expect(figures(evaluateSnapshot(live.set, snapshot))).toEqual(figures(live.evaluation));
});

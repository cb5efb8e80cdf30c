import { EvidenceCache } from '../../src/domain/portfolio/evidence-cache';
import { evaluate } from '../../src/domain/evaluation/evaluate';
import type { Evidence } from '../../src/domain/evaluation/evaluation';
import type { Portfolio } from '../../src/db/repositories/portfolio-repository';
import { loadCriteriaFiles } from '../../src/domain/criteria/criteria-files';

const [set] = loadCriteriaFiles().filter((each) => each.id === 'emcc-eia');
const now = new Date('2026-06-01T12:00:00Z');
const evidence: Evidence = {
  portfolio: { firstPracticeDate: '2024-01-01', emccMembershipNumber: 'EMCC-1', displayName: 'Ana' },
  practice: [{ id: 1, clientCode: 'C-1', date: '2026-01-10', hours: 2, format: 'one_to_one', payment: 'paid' }],
  supervision: [],
  cpd: [],
  feedback: [],
  reflections: [],
};
const portfolio = (revision: number) => ({ id: 7, revision }) as Portfolio;

test('an evaluation is kept for the revision, criteria set and date it was made for, and only for them', () => {
  const cache = new EvidenceCache();
  cache.set(portfolio(3), evidence, new Date('2026-06-02T00:00:00Z'));
  const evaluation = evaluate(set!, evidence, '2026-06-01');
  cache.keepEvaluation(portfolio(3), set!, '2026-06-01', evaluation);

  expect(cache.evaluation(portfolio(3), set!, '2026-06-01', now)).toEqual({ evidence, evaluation });
  expect(cache.evaluation(portfolio(3), set!, '2026-06-01', now)!.evaluation).toBe(evaluation);
  expect(cache.evaluation(portfolio(3), set!, '2026-05-31', now)).toBeUndefined();
  expect(cache.evaluation(portfolio(3), { ...set! }, '2026-06-01', now)).toBeUndefined(); // another edition's object
  expect(cache.evaluation(portfolio(4), set!, '2026-06-01', now)).toBeUndefined(); // the portfolio changed
  expect(cache.evaluation(portfolio(3), set!, '2026-06-01', new Date('2026-06-02T00:00:00Z'))).toBeUndefined(); // a request lapsed
});

test('new evidence starts without evaluations, and an evaluation of an older revision is not kept', () => {
  const cache = new EvidenceCache();
  cache.set(portfolio(3), evidence);
  cache.keepEvaluation(portfolio(3), set!, '2026-06-01', evaluate(set!, evidence, '2026-06-01'));
  cache.set(portfolio(4), evidence);
  expect(cache.evaluation(portfolio(4), set!, '2026-06-01', now)).toBeUndefined();
  cache.keepEvaluation(portfolio(3), set!, '2026-06-01', evaluate(set!, evidence, '2026-06-01'));
  expect(cache.evaluation(portfolio(4), set!, '2026-06-01', now)).toBeUndefined();
});

test('a few dates are kept per criteria set, the oldest going first', () => {
  const cache = new EvidenceCache();
  cache.set(portfolio(1), evidence);
  const dates = Array.from({ length: 9 }, (_, index) => `2026-05-${String(index + 1).padStart(2, '0')}`);
  for (const date of dates) cache.keepEvaluation(portfolio(1), set!, date, evaluate(set!, evidence, date));
  expect(cache.evaluation(portfolio(1), set!, dates[0]!, now)).toBeUndefined();
  for (const date of dates.slice(1)) expect(cache.evaluation(portfolio(1), set!, date, now)?.evaluation.asOf).toBe(date);
});

import { useTestDb } from '../support/test-db';
import { createTestApp } from '../support/test-app';
import { makeUser } from '../support/factories';
import { updatePortfolioSettings, portfolioOf, portfolioTargets } from '../../src/domain/portfolio/portfolio-service';

const testDb = useTestDb();
const MIGRATION = '20261203001200_portfolio_targets.ts';

test('an existing portfolio’s single target becomes its first target credential; one without a target gets none', async () => {
  const t = createTestApp({ db: testDb.current.db });
  const ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org' });
  const bob = await makeUser(t.deps, ['applicant'], { email: 'bob@example.org' });
  await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana', criteriaSet: 'icf-credentials', targetLevel: 'pcc' });
  await updatePortfolioSettings(t.deps, bob.id, { displayName: 'Bob' });
  const db = testDb.current.db;

  // Back to the schema before the table existed: only portfolios.criteria_set / target_level hold the aim.
  await db.migrate.down({ name: MIGRATION });
  expect(await db.schema.hasTable('portfolio_targets')).toBe(false);
  const before = await db('portfolios').select('owner_id', 'criteria_set', 'target_level').orderBy('owner_id');
  expect(before).toEqual([
    { owner_id: ana.id, criteria_set: 'icf-credentials', target_level: 'pcc' },
    { owner_id: bob.id, criteria_set: 'emcc-eia', target_level: null },
  ]);

  await db.migrate.up({ name: MIGRATION });
  const anaPortfolio = await portfolioOf(t.deps, ana.id);
  const rows = await db('portfolio_targets').select('portfolio_id', 'criteria_set', 'level_id', 'position');
  expect(rows).toEqual([{ portfolio_id: anaPortfolio.id, criteria_set: 'icf-credentials', level_id: 'pcc', position: 0 }]);
  expect(await portfolioTargets(t.deps, anaPortfolio)).toEqual([{ criteriaSet: 'icf-credentials', levelId: 'pcc' }]);
  expect(await portfolioTargets(t.deps, await portfolioOf(t.deps, bob.id))).toEqual([]);
  // The columns are untouched: the first target is still the level aimed at.
  expect(await db('portfolios').select('owner_id', 'criteria_set', 'target_level').orderBy('owner_id')).toEqual(before);
});

import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { makeSamplePortfolio } from '../support/portfolio-factory';
import { createRecord } from '../../src/domain/records/record-service';
import { isoDay } from '../../src/domain/dates';
import type { User } from '../../src/db/repositories/user-repository';

/**
 * The dashboard's next step, levels and requirements are drawn once per evaluation and view, and kept with
 * the evaluation (renderedOnce): what is kept must never show one view's HTML in another, nor
 * outlive a change of the evidence.
 */

const testDb = useTestDb();
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  agent = t.agent();
  await signInAs(agent, ana);
  await makeSamplePortfolio(t.deps, ana.id, { files: false });
});

const plain = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const dashboard = async (query = '') => {
  const page = await agent.get(`/${query}`);
  expect(page.status).toBe(200);
  return page.text;
};

test('each level in focus shows its own requirements, and going back shows the first again', async () => {
  const aimed = plain(await dashboard('?asOf=2026-10-31'));
  expect(aimed).toContain('Practitioner (the level you aim for): what is still missing');
  expect(aimed).toContain('82 h (100 h needed)');
  const senior = plain(await dashboard('?asOf=2026-10-31&level=senior_practitioner'));
  expect(senior).toContain('Senior Practitioner: what is still missing');
  expect(senior).not.toContain('(the level you aim for)');
  expect(plain(await dashboard('?asOf=2026-10-31'))).toBe(aimed);
});

test('a change to the evidence shows at once, in the requirements and in the next step', async () => {
  const before = plain(await dashboard('?asOf=2026-10-31'));
  expect(before).toContain('82 h (100 h needed)');
  expect(before).toContain('For Practitioner you still need 18 more client hours');
  await createRecord(t.deps, ana.id, 'practice', { clientCode: 'C-051', date: '2026-10-01', hours: 5, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
  const after = plain(await dashboard('?asOf=2026-10-31'));
  expect(after).toContain('87 h (100 h needed)');
  expect(after).not.toContain('82 h (100 h needed)');
  expect(after).toContain('For Practitioner you still need 13 more client hours');
});

test('a date that is not one is reported on that page only', async () => {
  const wrong = await dashboard('?asOf=31-10-2026');
  expect(plain(wrong)).toContain('“31-10-2026” is not a date like 2026-03-12, so today is used.');
  expect(wrong).toContain('aria-invalid="true"');
  const right = await dashboard();
  expect(right).not.toContain('is not a date');
  expect(right).not.toContain('aria-invalid');
});

test('today asked for by date keeps the date in its links; today by default does not', async () => {
  const today = isoDay(t.clock.now());
  const dated = await dashboard(`?asOf=${today}`);
  expect(dated).toMatch(new RegExp(`class="level-card[^"]*">\\s*<a href="/\\?asOf=${today}&amp;level=`));
  const plainToday = await dashboard();
  expect(plainToday).toMatch(/class="level-card[^"]*">\s*<a href="\/\?level=/);
  expect(plainToday).not.toContain(`asOf=${today}`);
});

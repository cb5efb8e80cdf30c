import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { makeSamplePortfolio } from '../support/portfolio-factory';
import { createRecord } from '../../src/domain/records/record-service';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  agent = t.agent();
  await signInAs(agent, ana);
});

const plain = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const supervision = (date: string) => createRecord(t.deps, ana.id, 'supervision', { date, hours: 1.5, supervisorName: 'Dr Sam Lee', format: 'individual' });
const practice = (date: string, hours: number) => createRecord(t.deps, ana.id, 'practice', { clientCode: 'C-050', date, hours, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });

describe('the dashboard’s next step', () => {
  test('an unmet aimed level is described in one sentence: its gaps in words, with the pace', async () => {
    await makeSamplePortfolio(t.deps, ana.id, { files: false });
    const page = await agent.get('/?asOf=2026-10-31');
    expect(page.status).toBe(200);
    const text = plain(page.text);
    // 82 of 100 h; the quarter from August to October has only declined supervision.
    expect(text).toContain('For Practitioner you still need 18 more client hours (at your pace, about February 2027) and supervision every quarter.');
    expect(text).not.toContain('You meet');
    // The sentence comes before the levels.
    expect(text.indexOf('you still need')).toBeLessThan(text.indexOf('Evaluate as of'));
    expect(text).toContain('82 h (100 h needed)');
  });

  test('a level met is offered to apply for, linked to its checklist; the met requirements fold under the unmet ones', async () => {
    await makeSamplePortfolio(t.deps, ana.id, { files: false });
    await supervision('2026-06-20'); // the quarter May to July had only a declined session
    const foundationMet = await agent.get('/?asOf=2026-10-31');
    expect(foundationMet.text).toContain('You meet <strong>Foundation</strong> on 31 October 2026: <a href="/submit?level=foundation">prepare your application</a>.');
    expect(plain(foundationMet.text)).toContain('For Practitioner you still need 18 more client hours (at your pace, about February 2027).');

    await practice('2026-10-20', 20);
    const page = await agent.get('/');
    expect(page.text).toContain('You meet <strong>Practitioner</strong>: <a href="/submit?level=practitioner">prepare your application</a>.');
    // The met requirements are in a closed disclosure after the unmet ones, figures as sentences.
    const folded = page.text.slice(page.text.indexOf('<details class="met-requirements">'));
    expect(page.text.indexOf('<details class="met-requirements">')).toBeGreaterThan(0);
    expect(plain(folded)).toMatch(/^ All 10 requirements met for Practitioner /);
    expect(plain(folded)).toContain('100 client contact hours 102 h (100 h needed)');
    expect(plain(folded)).toContain('3 years of practice 4 years (3 needed)');
    // The aimed level is met: nothing is "Not yet" and no sentence asks for more for it.
    expect(page.text).not.toContain('Not yet');
    // Where a figure comes from is one click away, in English.
    expect(page.text).toMatch(/<details class="requirement__source">\s*<summary>Source and confidence<span class="visually-hidden"> for 100 client contact hours<\/span><\/summary>/);
    expect(page.text).not.toContain('EIA-niveaus');
  });

  test('a new account sees three first steps, not a page of unmet requirements', async () => {
    const page = await agent.get('/');
    const text = plain(page.text);
    expect(text).toContain('Start here');
    expect(page.text).toContain('Your evidence will be measured against <strong>EMCC Global Individual Accreditation (EIA)</strong>, level by level.');
    const steps = page.text.slice(page.text.indexOf('<ol class="start-steps">'), page.text.indexOf('</ol>', page.text.indexOf('<ol class="start-steps">')));
    expect((steps.match(/<li>/g) ?? []).length).toBe(3);
    expect(steps).toContain('<a href="/settings">portfolio settings</a>');
    expect(steps).toContain('<a href="/practice/new">Log a client session</a>');
    expect(steps).toContain('<a href="/import">import your spreadsheet</a>');
    for (const absent of ['Not yet', 'class="requirement', 'you still need', 'Not at your pace']) expect(page.text).not.toContain(absent);

    // Settings saved but nothing logged: still the first steps, the first one marked done.
    await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana Kowalska', firstPracticeDate: '2024-01-15', criteriaSet: 'emcc-eia', targetLevel: 'practitioner' });
    const afterSettings = plain((await agent.get('/')).text);
    expect(afterSettings).toContain('✓ Done: Tell us when you first practised');
    expect(afterSettings).not.toContain('Not yet');

    // The first record: the evaluation takes over.
    await practice('2026-11-20', 2);
    const afterRecord = plain((await agent.get('/')).text);
    expect(afterRecord).not.toContain('Start here');
    expect(afterRecord).toContain('For Practitioner you still need');
  });
});

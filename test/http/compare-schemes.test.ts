import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { makeSamplePortfolio } from '../support/portfolio-factory';
import { createRecord } from '../../src/domain/records/record-service';
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

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
/** The comparison table's row for a criteria set, as text cell by cell. */
function rowOf(html: string, setId: string): Record<string, string> {
  const start = html.indexOf(`<tr data-set="${setId}">`);
  if (start < 0) throw new Error(`no row for ${setId}`);
  const row = html.slice(start, html.indexOf('</tr>', start));
  return Object.fromEntries([...row.matchAll(/<td data-label="([^"]+)">([\s\S]*?)<\/td>/g)].map((match) => [match[1]!, plain(match[2]!).replace(/ ([:.,])/g, '$1')]));
}

const supervision = (date: string) => createRecord(t.deps, ana.id, 'supervision', { date, hours: 1, supervisorName: 'Dr Sam Lee', format: 'individual' });

describe('the comparison page', () => {
  test('EMCC, ICF and AC side by side: the highest level met, the next level, its progress and main gap, linked to each full evaluation', async () => {
    // The sample portfolio on 31 October 2026: 82 client hours (76 paid, 17 clients), 18 h of CPD,
    // individual supervision in January, April and October (July's was declined).
    await makeSamplePortfolio(t.deps, ana.id, { files: false });
    // Supervision in June (EMCC's May–July quarter) and in August and September (AC's months).
    for (const date of ['2026-06-20', '2026-08-20', '2026-09-20']) await supervision(date);

    const page = await agent.get('/compare?asOf=2026-10-31');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<table class="stack-table comparison">');
    const sets = [...page.text.matchAll(/<tr data-set="([^"]+)">/g)].map((match) => match[1]);
    // The portfolio's target first, then every other shipped scheme, in file order; a renewal's
    // rules are prepared from an award, not compared.
    expect(sets).toEqual(['emcc-eia', 'ac-accreditation', 'emcc-esia', 'icf-credentials']);

    const emcc = rowOf(page.text, 'emcc-eia');
    expect(emcc).toMatchObject({ 'Highest level met': '✓ Foundation', 'Next level': 'Practitioner' });
    expect(emcc.Scheme).toContain('Your target: Practitioner');
    expect(emcc['Main gap']).toBe('100 client contact hours: 18 more client hours');
    expect(emcc.Progress).toMatch(/^\d+ of \d+ requirements met$/);

    const ac = rowOf(page.text, 'ac-accreditation');
    // 82 h ≥ 75 and supervision in each of the last 3 months: Foundation Coach; Coach needs 250 h.
    expect(ac).toMatchObject({ 'Highest level met': '✓ Foundation Coach', 'Next level': 'Coach', Progress: '0 of 3 requirements met' });
    expect(ac['Main gap']).toBe('250 coaching hours: 168 more client hours');

    const icf = rowOf(page.text, 'icf-credentials');
    // 82 of 100 h; paid, clients and recent hours are met.
    expect(icf).toMatchObject({ 'Highest level met': 'None yet', 'Next level': 'ACC', Progress: '3 of 4 requirements met', 'Main gap': '100 coaching hours: 18 more client hours' });

    // The bars: a picture of the progress figure beside it (in 5 % steps: 3 of 4 = 75 %).
    const icfRow = page.text.slice(page.text.indexOf('<tr data-set="icf-credentials">'));
    expect(icfRow).toMatch(/<div class="progress" aria-hidden="true"><span class="progress__fill meter__fill--75"><\/span><\/div>/);
    // Each scheme's full evaluation is one click away; the portfolio's own set is the dashboard.
    expect(page.text).toContain('<a href="/?asOf=2026-10-31">Full evaluation<span class="visually-hidden"> against EMCC');
    expect(page.text).toContain('<a href="/?set=ac-accreditation&amp;asOf=2026-10-31">Full evaluation');
    expect(page.text).toContain('href="/evaluation/coach.hours?set=ac-accreditation&amp;asOf=2026-10-31"');

    const acPage = await agent.get('/?set=ac-accreditation&asOf=2026-10-31');
    expect(acPage.status).toBe(200);
    const acText = plain(acPage.text);
    expect(acText).toContain('Association for Coaching: individual coach accreditation');
    expect(acText).toContain('your evidence meets Foundation Coach');
    // Guidance rows are shown, never as a gap.
    expect(acText).toContain('Client references');
    expect(acPage.text).not.toContain('Download the');
    const detail = await agent.get('/evaluation/coach.hours?set=ac-accreditation&asOf=2026-10-31');
    expect(detail.status).toBe(200);
    expect(plain(detail.text)).toContain('82 h (250 h needed)');
  });

  test('a portfolio with nothing logged sees "None yet" for every scheme, and an unknown date is said and today used', async () => {
    const page = await agent.get('/compare?asOf=31-10-2026');
    expect(page.status).toBe(200);
    expect(page.text).toContain('“31-10-2026” is not a date like 2026-03-12, so today is used.');
    for (const set of ['emcc-eia', 'icf-credentials', 'ac-accreditation']) expect(rowOf(page.text, set)['Highest level met']).toBe('None yet');
    expect(rowOf(page.text, 'ac-accreditation')['Next level']).toBe('Foundation Coach');
  });

  test('the page is for applicants only', async () => {
    const sam = await makeUser(t.deps, ['supervisor'], { email: 'sam@example.org' });
    const other = t.agent();
    await signInAs(other, sam);
    expect((await other.get('/compare')).status).toBe(403);
  });
});

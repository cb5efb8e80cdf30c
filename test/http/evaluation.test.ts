import path from 'node:path';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn, submitForm } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { createRecord } from '../../src/domain/records/record-service';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { loadCriteriaFiles, CriteriaFileError } from '../../src/domain/criteria/criteria-files';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'criteria', name);
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  agent = t.agent();
  await signInAs(agent, ana);
});

/** 57.5 client hours over 6 clients in early 2026, one group session of 4 people. */
async function somePractice() {
  await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana Kowalska', firstPracticeDate: '2024-01-15', criteriaSet: 'emcc-eia', targetLevel: 'practitioner' });
  for (let index = 0; index < 5; index += 1) {
    await createRecord(t.deps, ana.id, 'practice', { clientCode: `C-${index}`, date: `2026-0${index + 1}-10`, hours: 10, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
  }
  await createRecord(t.deps, ana.id, 'practice', { clientCode: 'G-1', date: '2026-06-10', hours: 7.5, format: 'group', groupSize: 4, practiceKind: 'coaching', payment: 'pro_bono' });
  await createRecord(t.deps, ana.id, 'supervision', { date: '2026-03-01', hours: 1, supervisorName: 'Sam', format: 'group' });
}

describe('dashboard', () => {
  test('shows the levels, the aimed level’s gaps in words with progress, and the figures behind them', async () => {
    await somePractice();
    const page = await agent.get('/?asOf=2026-06-30');
    expect(page.status).toBe(200);
    expect(page.text).toContain('On 30 June 2026 your evidence does not yet meet any level');
    expect(page.text).toContain('Practitioner (the level you aim for): what is still missing');
    expect(page.text).toContain('57.5 h (100 h needed)');
    expect(page.text).toContain('42.5 more client hours');
    expect(page.text).toContain('9 clients (10 needed)');
    expect(page.text).toMatch(/no individual supervision between/);
    expect(page.text).toContain('meter__fill--55');
    expect(page.text).toContain('High confidence: stated by the awarding body');
    expect(page.text).toContain('href="/evaluation/practitioner.hours?asOf=2026-06-30"');
    // Foundation's hours are met: 57.5 ≥ 50.
    const foundation = await agent.get('/?asOf=2026-06-30&level=foundation');
    expect(foundation.text).toContain('Foundation: what is still missing');
    expect(foundation.text).toMatch(/✓<\/span> Met<\/span>\s*<a class="requirement__label" href="[^"]*">50 client contact hours/);
  });

  test('a requirement’s page lists the records that count and those that do not, with the reason', async () => {
    await somePractice();
    const page = await agent.get('/evaluation/senior_practitioner.supervision?asOf=2026-06-30');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Records that do not count (1)');
    expect(page.text).toContain('group supervision does not count towards this minimum');
    const hours = await agent.get('/evaluation/practitioner.hours?asOf=2026-03-31');
    expect(hours.text).toContain('Records that count (3)');
    expect(hours.text).toContain('dated after the evaluation date');
    expect((await agent.get('/evaluation/nonsense')).status).toBe(404);
  });

  test('a bad “as of” date is reported and today is used', async () => {
    const page = await agent.get('/?asOf=31-02-2026');
    expect(page.text).toContain('is not a date like 2026-03-12, so today is used');
  });

  test('switching the portfolio to ICF credentials re-evaluates against them', async () => {
    await somePractice();
    await submitForm(agent, '/settings', { displayName: 'Ana Kowalska', aim: 'icf-credentials/acc' });
    const page = await agent.get('/?asOf=2026-06-30');
    expect(page.text).toContain('ICF credentials (ACC, PCC, MCC)');
    expect(page.text).toContain('ACC (the level you aim for)');
    expect(page.text).toContain('50 h (75 h needed)'); // paid hours only
  });
});

describe('competence map', () => {
  test('marks empty categories and lists the reflections behind the others', async () => {
    await createRecord(t.deps, ana.id, 'reflection', { kind: 'case_study', date: '2026-02-02', title: 'Working with silence', text: 'Body', competences: ['building_relationship', 'evaluation'] });
    const page = await agent.get('/competences');
    expect(page.status).toBe(200);
    expect(page.text).toContain('6 of 8 categories have no evidence yet');
    expect(page.text).toContain('Working with silence');
    expect((page.text.match(/✗ No evidence yet/g) ?? []).length).toBe(6);
    expect(page.text).toContain('Empathic; works with emotions');
  });
});

describe('criteria sets', () => {
  let admin: ReturnType<TestApp['agent']>;
  beforeEach(async () => {
    const adminUser = await makeUser(t.deps, ['admin']);
    admin = t.agent();
    await signInAs(admin, adminUser);
  });

  const upload = async (file: string) => {
    const page = await admin.get('/admin/criteria');
    return admin.post(`/admin/criteria?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`).attach('file', file);
  };

  test('an admin sees every set with its sources, uploads a valid one and makes it the default', async () => {
    const list = await admin.get('/admin/criteria');
    expect(list.text).toContain('EMCC Global Individual Accreditation (EIA)');
    expect(list.text).toContain('ICF: experience requirements for ACC, PCC and MCC credentials');
    const uploaded = await upload(fixture('valid-set.json'));
    expect(uploaded.status).toBe(303);
    expect((await testDb.current.db('criteria_sets').first()).id).toBe('test-scheme');
    const made = await submitForm(admin, '/admin/criteria', {}, '/admin/criteria/test-scheme/default');
    expect(made.status).toBe(303);
    expect((await admin.get('/admin/criteria')).text).toMatch(/test-scheme[\s\S]*✓ Default/);
    // A new applicant's portfolio aims at the new default.
    const bob = await makeUser(t.deps, ['applicant']);
    const bobAgent = t.agent();
    await signInAs(bobAgent, bob);
    expect((await bobAgent.get('/')).text).toContain('Test scheme');
  });

  test('a guidance requirement is shown apart with its source and confidence, and never blocks the level', async () => {
    expect((await upload(fixture('guidance-set.json'))).status).toBe(303);
    await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana Kowalska', criteriaSet: 'guidance-scheme', targetLevel: 'only' });
    await createRecord(t.deps, ana.id, 'feedback', { date: '2026-05-01', clientCode: 'C-001', channel: 'survey', summary: 'Helpful sessions.' });
    const page = await agent.get('/?asOf=2026-06-30');
    expect(page.status).toBe(200);
    expect(page.text).toContain('1 more item to prepare, not checked by the app');
    expect(page.text).toMatch(/ⓘ<\/span> Guidance<\/span>\s*<a class="requirement__label" href="[^"]*">Two references on the body&#39;s own form/);
    expect(page.text).toContain('The body asks for references on its own form; their number is not published.');
    expect(page.text).toContain('Low confidence: from one training provider or one applicant’s account');
    expect(page.text).toContain('The one requirement is met');
    // The level is met: the guidance row counts neither for nor against it, and the API says what it is.
    const { token } = await createApiToken(t.deps, ana.id, 'x');
    const evaluation = await t.agent().get('/api/v1/evaluation?asOf=2026-06-30').set('Authorization', `Bearer ${token}`);
    expect(evaluation.status).toBe(200);
    expect(evaluation.body.highestLevelMet).toBe('only');
    expect(evaluation.body.levels[0].requirements[1]).toMatchObject({ id: 'only.references', unit: 'guidance', met: true, confidence: 'low' });
  });

  test('an invalid set is refused with each problem’s path, and nothing is stored', async () => {
    const refused = await upload(fixture('invalid-set.json'));
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('/levels/0/requirements/0/params/hours must be number');
    expect(refused.text).toContain('/levels/0/requirements/1/kind must be equal to one of the allowed values');
    expect(await testDb.current.db('criteria_sets').first()).toBeUndefined();
    const builtIn = readFileSync(path.join(__dirname, '..', '..', 'criteria', 'emcc-eia.json'));
    const page = await admin.get('/admin/criteria');
    const clash = await admin.post(`/admin/criteria?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`).attach('file', builtIn, 'emcc.json');
    expect(clash.status).toBe(409);
    expect(clash.text).toContain('ships with the app');
  });

  test('an applicant cannot reach the admin page but can read a set', async () => {
    expect((await agent.get('/admin/criteria')).status).toBe(403);
    const set = await agent.get('/criteria/emcc-eia');
    expect(set.text).toContain('Master Practitioner');
    expect(set.text).toContain('assumed');
  });

  test('a bad criteria file stops the start with the file, the path and the reason', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eia-criteria-'));
    writeFileSync(path.join(dir, 'broken.json'), readFileSync(fixture('invalid-set.json')));
    expect(() => loadCriteriaFiles(dir)).toThrow(CriteriaFileError);
    expect(() => loadCriteriaFiles(dir)).toThrow(/^Criteria file .*broken\.json is not valid: \/levels\/0\/requirements\/0\/params\/hours must be number/);
  });
});

describe('API', () => {
  test('GET /api/v1/evaluation returns the evaluation, following its published schema, with the same numbers', async () => {
    await somePractice();
    const { token } = await createApiToken(t.deps, ana.id, 'x');
    const response = await t.agent().get('/api/v1/evaluation?asOf=2026-06-30').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'schemas', 'evaluation.schema.json'), 'utf8')));
    expect(validate(response.body)).toBe(true);
    expect(response.body.asOf).toBe('2026-06-30');
    expect(response.body.highestLevelMet).toBeNull();
    const hours = response.body.levels[1].requirements.find((r: { id: string }) => r.id === 'practitioner.hours');
    expect(hours).toMatchObject({ met: false, required: 100, actual: 57.5, gap: 42.5, gapText: '42.5 more client hours' });
    expect(hours.countedCount).toBe(6);
    // The summary leaves the record lists out; include=records brings them, in the same schema.
    expect(hours.counted).toBeUndefined();
    const full = await t.agent().get('/api/v1/evaluation?asOf=2026-06-30&include=records').set('Authorization', `Bearer ${token}`);
    expect(validate(full.body)).toBe(true);
    const fullHours = full.body.levels[1].requirements.find((r: { id: string }) => r.id === 'practitioner.hours');
    expect(fullHours).toMatchObject({ actual: 57.5, countedCount: 6 });
    expect(fullHours.counted).toHaveLength(6);
    expect(JSON.stringify(full.body).length).toBeGreaterThan(JSON.stringify(response.body).length);
    const icf = await t.agent().get('/api/v1/evaluation?asOf=2026-06-30&set=icf-credentials').set('Authorization', `Bearer ${token}`);
    expect(icf.body.criteriaSet.id).toBe('icf-credentials');
  });

  test('a bad date, an unknown set or an unknown include is 422 with the reason', async () => {
    const { token } = await createApiToken(t.deps, ana.id, 'x');
    const badDate = await t.agent().get('/api/v1/evaluation?asOf=2026-13-01').set('Authorization', `Bearer ${token}`);
    expect(badDate.status).toBe(422);
    expect(badDate.body.error.errors[0]).toEqual({ path: '/asOf', message: '“2026-13-01” is not a date: write it as YYYY-MM-DD, e.g. 2026-03-12.' });
    const badSet = await t.agent().get('/api/v1/evaluation?set=nope').set('Authorization', `Bearer ${token}`);
    expect(badSet.status).toBe(422);
    expect(badSet.body.error.errors[0].path).toBe('/set');
    const badInclude = await t.agent().get('/api/v1/evaluation?include=everything').set('Authorization', `Bearer ${token}`);
    expect(badInclude.status).toBe(422);
    expect(badInclude.body.error.fields.include).toContain('include must be "records"');
  });
});

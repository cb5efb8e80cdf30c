import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { makeSamplePortfolio } from '../support/portfolio-factory';
import { submitForm } from '../support/forms';
import { portfolioOf, portfolioTargets, updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { exportPortfolio } from '../../src/domain/export/portfolio-export';
import { parseExport, restorePortfolio } from '../../src/domain/export/portfolio-restore';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
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
const stored = async () => (await testDb.current.db('portfolio_targets').select('criteria_set', 'level_id', 'position').orderBy('position')) as { criteria_set: string; level_id: string; position: number }[];

describe('target credentials', () => {
  test('the settings form sets two targets: the aim first, the other after it; the dashboard leads with both', async () => {
    await makeSamplePortfolio(t.deps, ana.id, { files: false });
    const saved = await submitForm(agent, '/settings', { displayName: 'Ana Kowalska', firstPracticeDate: '2022-06-01', practiceRole: 'coach', aim: 'emcc-eia/practitioner', alsoAim: 'icf-credentials/acc' });
    expect(saved.status).toBe(303);
    expect(await stored()).toEqual([
      { criteria_set: 'emcc-eia', level_id: 'practitioner', position: 0 },
      { criteria_set: 'icf-credentials', level_id: 'acc', position: 1 },
    ]);
    // The form shows them again: the aim's radio and the other's box ticked.
    const form = (await agent.get('/settings')).text;
    expect(form).toMatch(/value="emcc-eia\/practitioner" checked/);
    expect(form).toMatch(/name="alsoAim" value="icf-credentials\/acc" checked/);
    expect(form).not.toMatch(/name="alsoAim" value="icf-credentials\/pcc" checked/);

    const page = await agent.get('/?asOf=2026-10-31');
    expect(page.status).toBe(200);
    const text = plain(page.text);
    // The first target leads as before (its next step), then the other target as a compact row, before the levels.
    expect(text).toContain('For Practitioner you still need 18 more client hours');
    const row = text.indexOf('Your other target credentials');
    expect(row).toBeGreaterThan(text.indexOf('you still need'));
    expect(row).toBeLessThan(text.indexOf('Evaluate as of'));
    expect(text).toMatch(/Your other target credentials ✗ Not yet ICF credentials \(ACC, PCC, MCC\): coaching experience: ACC \d+ of 4 requirements met/);
    expect(page.text).toContain('href="/?set=icf-credentials&amp;level=acc&amp;asOf=2026-10-31"');
    expect(page.text).toContain('href="/compare"');

    // The target row's link opens ICF's full evaluation, aimed at ACC.
    const icf = await agent.get('/?set=icf-credentials&level=acc&asOf=2026-10-31');
    expect(icf.status).toBe(200);
    expect(plain(icf.text)).toContain('ACC (the level you aim for)');
    expect(icf.text).toContain('<input type="hidden" name="set" value="icf-credentials">');
  });

  test('the API lists the targets and replaces them; sending only targetLevel keeps the others', async () => {
    await updatePortfolioSettings(t.deps, ana.id, {
      displayName: 'Ana',
      targets: [
        { criteriaSet: 'icf-credentials', level: 'pcc' },
        { criteriaSet: 'emcc-eia', level: 'foundation' },
      ],
    });
    const token = (await createApiToken(t.deps, ana.id, 'test')).token;
    const api = (method: 'get' | 'patch', body?: object) => {
      const call = t.agent()[method]('/api/v1/portfolio').set('Authorization', `Bearer ${token}`);
      return body ? call.send(body) : call;
    };
    const settings = (await api('get')).body;
    expect(settings.criteriaSet).toBe('icf-credentials');
    expect(settings.targetLevel).toBe('pcc');
    expect(settings.targets).toEqual([
      { criteriaSet: 'icf-credentials', level: 'pcc' },
      { criteriaSet: 'emcc-eia', level: 'foundation' },
    ]);
    // An older client that knows only targetLevel changes the first target and keeps the second.
    const patched = await api('patch', { targetLevel: 'acc' });
    expect(patched.status).toBe(200);
    expect(patched.body.targets).toEqual([
      { criteriaSet: 'icf-credentials', level: 'acc' },
      { criteriaSet: 'emcc-eia', level: 'foundation' },
    ]);
    const unknown = await api('patch', { targets: [{ criteriaSet: 'emcc-eia', level: 'grandmaster' }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.fields.targetLevel).toContain('"grandmaster" is not a level of EMCC');
    expect(await stored()).toHaveLength(2);
    // targets and a targetLevel that is not its first entry would disagree: refused, nothing changed.
    const disagreeing = await api('patch', { targets: [{ criteriaSet: 'emcc-eia', level: 'senior-practitioner' }], targetLevel: 'acc' });
    expect(disagreeing.status).toBe(422);
    expect(JSON.stringify(disagreeing.body)).toContain('send targets alone');
    // null clears the list, and with it the level aimed at.
    const cleared = await api('patch', { targets: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ targets: null, targetLevel: null, criteriaSet: 'icf-credentials' });
    expect(await stored()).toEqual([]);
  });

  test('an export carries the targets, and a restore brings them back in order', async () => {
    await updatePortfolioSettings(t.deps, ana.id, {
      displayName: 'Ana',
      targets: [
        { criteriaSet: 'ac-accreditation', level: 'coach' },
        { criteriaSet: 'emcc-eia', level: 'practitioner' },
        { criteriaSet: 'icf-credentials', level: 'acc' },
      ],
    });
    const document = await exportPortfolio(t.deps, ana.id);
    expect(document.portfolio).toMatchObject({
      criteriaSet: 'ac-accreditation',
      targetLevel: 'coach',
      targets: [
        { criteriaSet: 'ac-accreditation', level: 'coach' },
        { criteriaSet: 'emcc-eia', level: 'practitioner' },
        { criteriaSet: 'icf-credentials', level: 'acc' },
      ],
    });
    const bob = await makeUser(t.deps, ['applicant'], { email: 'bob@example.org' });
    await restorePortfolio(t.deps, bob.id, parseExport(Buffer.from(JSON.stringify(document))));
    expect(await portfolioTargets(t.deps, await portfolioOf(t.deps, bob.id))).toEqual([
      { criteriaSet: 'ac-accreditation', levelId: 'coach' },
      { criteriaSet: 'emcc-eia', levelId: 'practitioner' },
      { criteriaSet: 'icf-credentials', levelId: 'acc' },
    ]);
  });

  test('ticking another credential without an aim is refused on the form, nothing stored', async () => {
    const page = await submitForm(agent, '/settings', { displayName: 'Ana Kowalska', alsoAim: 'icf-credentials/acc' });
    expect(page.status).toBe(422);
    expect(page.text).toContain('Choose the level you are aiming for first');
    expect(await stored()).toEqual([]);
  });
});

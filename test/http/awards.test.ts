import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { clockOn } from '../support/fake-clock';
import { makeUser, signInAs } from '../support/factories';
import { csrfTokenIn, fieldError, submitForm } from '../support/forms';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { addAward } from '../../src/domain/awards/award-service';
import type { User } from '../../src/db/repositories/user-repository';
import { isNavGroup, navigationFor } from '../../src/http/presenters/navigation';

const testDb = useTestDb();
const db = () => testDb.current.db;
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

beforeEach(async () => {
  // The app's clock on a fixed day: 3 December 2026, noon UTC.
  t = createTestApp({ db: db(), clock: clockOn('2026-12-03T12:00:00Z') });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  agent = t.agent();
  await signInAs(agent, ana);
});

/** Posts the award form as a browser sends it (multipart, the CSRF token in the address). */
async function postAward(fields: Record<string, string>, certificate?: { bytes: Buffer; name: string }, action = '/awards') {
  const page = await agent.get('/awards/new');
  const request = agent.post(`${action}?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`);
  for (const [name, value] of Object.entries(fields)) request.field(name, value);
  if (certificate) request.attach('certificate', certificate.bytes, certificate.name);
  return request;
}

describe('awards', () => {
  test('an EIA Practitioner award from 4 years and 10 months ago shows its renewal date (award + 5 years) on the awards page and the dashboard', async () => {
    const added = await postAward(
      { scheme: 'emcc_eia', eiaLevel: 'practitioner', otherLevel: '', awardedOn: '2022-02-03' },
      { bytes: Buffer.from('EMCC Global certifies that Ana Kowalska holds EIA Practitioner.\n'), name: 'certificate.txt' },
    );
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe('/awards');

    const list = plain((await agent.get('/awards')).text);
    expect(list).toContain('EMCC EIA Practitioner');
    expect(list).toContain('3 February 2022');
    expect(list).toContain('Due on 3 February 2027 (in 62 days)');
    expect(list).toContain('Prepare renewal');

    // The certificate is one of the portfolio's evidence files, in the content-addressed store.
    const award = await db()('awards').first();
    expect(award.certificate_file_id).not.toBeNull();
    const file = await db()('evidence_files').where('id', award.certificate_file_id).first();
    expect(file.name).toBe('certificate.txt');
    expect(await t.deps.evidenceStore.exists(file.sha256)).toBe(true);

    const dashboard = await agent.get('/');
    expect(plain(dashboard.text)).toContain('Your EMCC EIA Practitioner award is due for renewal on 3 February 2027, in 62 days.');
    expect(dashboard.text).toContain(`<a href="/awards/${award.id}/renewal">Prepare your renewal`);
  });

  test('ICF has no renewal date computed; AC renews after 3 years', async () => {
    await postAward({ scheme: 'icf', eiaLevel: '', otherLevel: 'PCC', awardedOn: '2024-05-01' });
    await postAward({ scheme: 'ac', eiaLevel: '', otherLevel: 'Professional Coach', awardedOn: '2024-05-01' });
    const list = plain((await agent.get('/awards')).text);
    expect(list).toContain('ICF PCC 1 May 2024 Renewal not computed');
    expect(list).toContain('Association for Coaching (AC) Professional Coach 1 May 2024 Due on 1 May 2027');
  });

  test('bad input is reported beside its field on the form, with the input kept; nothing is stored', async () => {
    const noLevel = await postAward({ scheme: 'emcc_eia', eiaLevel: '', otherLevel: 'Gold', awardedOn: '2022-02-03' });
    expect(noLevel.status).toBe(422);
    expect(fieldError(noLevel.text, 'eiaLevel')).toBe('Choose the EIA level of the award: one of Foundation, Practitioner, Senior Practitioner, Master Practitioner.');
    expect(noLevel.text).toContain('value="2022-02-03"');

    const future = await postAward({ scheme: 'icf', otherLevel: 'ACC', awardedOn: '2027-01-01' });
    expect(future.status).toBe(422);
    expect(plain(future.text)).toContain('The award date cannot be after today (3 December 2026).');
    expect(future.text).toContain('value="ACC"');

    const badCode = await postAward({ scheme: 'icf', otherLevel: 'ACC', awardedOn: '2025-01-01', verificationCode: 'ABCD-EFGH-JKMN' });
    expect(badCode.status).toBe(422);
    expect(fieldError(badCode.text, 'verificationCode')).toContain('This code is not one of your submissions that an assessor of this app awarded.');
    expect(Number((await db()('awards').count({ n: '*' }))[0]!.n)).toBe(0);
  });

  test('an award is edited and deleted; another person’s award is not found', async () => {
    await postAward({ scheme: 'emcc_eia', eiaLevel: 'foundation', awardedOn: '2021-06-30' });
    const { id } = await db()('awards').first();
    const edit = await agent.get(`/awards/${id}/edit`);
    expect(edit.text).toContain('<option value="foundation" selected>');
    const saved = await postAward({ scheme: 'emcc_eia', eiaLevel: 'senior_practitioner', awardedOn: '2021-07-31' }, undefined, `/awards/${id}`);
    expect(saved.status).toBe(303);
    expect(plain((await agent.get('/awards')).text)).toContain('EMCC EIA Senior Practitioner 31 July 2021 Due on 31 July 2026 (125 days ago)');

    const bob = await makeUser(t.deps, ['applicant'], { email: 'bob@example.org' });
    const bobAgent = t.agent();
    await signInAs(bobAgent, bob);
    expect((await bobAgent.get(`/awards/${id}/edit`)).status).toBe(404);

    const deleted = await submitForm(agent, `/awards/${id}/delete`, {});
    expect(deleted.status).toBe(303);
    expect(await db()('awards').where('id', id).first()).toBeUndefined();
  });

  test('the Awards page is in the Evidence menu; the top navigation keeps at most 7 items', async () => {
    const page = await agent.get('/awards');
    expect(page.text).toContain('href="/awards"');
    const everyRole = { ...ana, roles: ['applicant', 'supervisor', 'assessor', 'admin'] } as User;
    const items = navigationFor(everyRole, '/awards');
    expect(items.length + 1).toBeLessThanOrEqual(7); // + the account menu
    const evidence = items.find((item) => item.label === 'Evidence');
    expect(evidence && isNavGroup(evidence) ? evidence.links.find((link) => link.href === '/awards') : undefined).toMatchObject({ label: 'Awards', current: true });
  });
});

describe('the awards API', () => {
  test('records, lists, changes and deletes an award with its renewal date; it is in the OpenAPI document', async () => {
    const token = (await createApiToken(t.deps, ana.id, 'test')).token;
    const auth = { Authorization: `Bearer ${token}` };
    const created = await agent.post('/api/v1/awards').set(auth).send({ scheme: 'emcc_eia', level: 'practitioner', awardedOn: '2022-02-03' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      scheme: 'emcc_eia',
      level: 'practitioner',
      levelLabel: 'Practitioner',
      awardedOn: '2022-02-03',
      renewalOn: '2027-02-03',
      daysUntilRenewal: 62,
      renewalCriteriaSet: 'emcc-eia-renewal',
      verified: false,
    });

    const bad = await agent.post('/api/v1/awards').set(auth).send({ scheme: 'emcc_eia', level: 'gold', awardedOn: '2022-02-03' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields.level).toContain('Choose the EIA level of the award');

    const list = await agent.get('/api/v1/awards').set(auth);
    expect(list.body.items.map((item: { id: number }) => item.id)).toEqual([created.body.id]);

    const changed = await agent.patch(`/api/v1/awards/${created.body.id}`).set(auth).send({ scheme: 'icf', level: 'MCC', awardedOn: '2023-01-01' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ scheme: 'icf', level: 'MCC', renewalOn: null, daysUntilRenewal: null });

    const gone = await agent.delete(`/api/v1/awards/${created.body.id}`).set(auth);
    expect([gone.status, gone.text]).toEqual([204, '']);
    expect((await agent.get(`/api/v1/awards/${created.body.id}`).set(auth)).status).toBe(404);

    const document = (await agent.get('/api/v1/openapi.json')).body;
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/awards', '/awards/{id}']));
    expect(Object.keys(document.paths['/awards/{id}'])).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
  });

  test('a verification code of the person’s own awarded submission marks the award verified by this app', async () => {
    const [portfolio] = await db()('portfolios').where('owner_id', ana.id);
    const portfolioId = portfolio?.id ?? (await t.deps.repos.portfolio.findOrCreate(db(), ana.id, t.clock.now())).id;
    const [{ id: submissionId }] = await db()('submissions')
      .insert({
        portfolio_id: portfolioId,
        applicant_id: ana.id,
        criteria_set: 'emcc-eia',
        level: 'practitioner',
        as_of: '2022-01-20',
        snapshot: JSON.stringify({ applicant: { name: 'Ana Kowalska' }, level: { label: 'Practitioner' } }),
        snapshot_sha256: 'a'.repeat(64),
        pdf_sha256: 'b'.repeat(64),
        pdf_size_bytes: 10,
        verification_code: 'ABCD-EFGH-JKMN',
        status: 'awarded',
        submitted_at: new Date('2022-01-20T10:00:00Z'),
      })
      .returning('id');
    const award = await addAward(t.deps, ana.id, { scheme: 'emcc_eia', level: 'practitioner', awardedOn: '2022-02-03', verificationCode: 'abcd efgh jkmn' });
    expect(award.verified).toBe(true);
    expect(award.verifiedSubmissionId).toBe(submissionId);
    expect(plain((await agent.get('/awards')).text)).toContain('EMCC EIA Practitioner Verified by this app');

    // Someone else's code, or one not awarded, is refused.
    await db()('submissions').where('id', submissionId).update({ status: 'in_review' });
    await expect(addAward(t.deps, ana.id, { scheme: 'emcc_eia', level: 'practitioner', awardedOn: '2022-02-03', verificationCode: 'ABCD-EFGH-JKMN' })).rejects.toMatchObject({
      details: { fields: { verificationCode: expect.any(String) } },
    });
  });
});

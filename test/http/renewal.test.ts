import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { clockOn } from '../support/fake-clock';
import { makeUser, signInAs } from '../support/factories';
import { submitForm } from '../support/forms';
import { PdfFile } from '../support/pdf-tools';
import { createRecord, updateRecord } from '../../src/domain/records/record-service';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { addAward, type AwardView } from '../../src/domain/awards/award-service';
import { evaluateRenewal } from '../../src/domain/awards/renewal-service';
import { assignAssessor } from '../../src/domain/submission/assessment-service';
import { addMonths } from '../../src/domain/evaluation/windows';
import type { User } from '../../src/db/repositories/user-repository';
import { binaryBody } from '../support/binary-body';

const testDb = useTestDb();
const db = () => testDb.current.db;
const TODAY = '2026-12-03';

let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;
let award: AwardView;

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

const practice = (date: string, hours: number) => createRecord(t.deps, ana.id, 'practice', { clientCode: 'C-001', date, hours, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
const supervision = (date: string, hours = 1) => createRecord(t.deps, ana.id, 'supervision', { date, hours, supervisorName: 'Dr Sam Lee', format: 'individual' });
const words = (count: number) => Array.from({ length: count }, (_, index) => `word${index}`).join(' ');
const report = (date: string, count: number) => createRecord(t.deps, ana.id, 'reflection', { kind: 'reflection', date, title: 'Five years of practice', text: words(count), competences: ['self_development'] });

/** One hour of supervision in the middle of each of the 20 quarters of the 5 years before today, but those skipped. */
async function everyQuarter(skip: number[] = []) {
  for (let quarter = 0; quarter < 20; quarter += 1) if (!skip.includes(quarter)) await supervision(addMonths(TODAY, -(20 - quarter) * 3 + 1));
}

beforeEach(async () => {
  t = createTestApp({ db: db(), clock: clockOn(`${TODAY}T12:00:00Z`) });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  await updatePortfolioSettings(t.deps, ana.id, { displayName: 'Ana Kowalska', firstPracticeDate: '2018-01-10', criteriaSet: 'emcc-eia', targetLevel: 'practitioner' });
  // EIA Practitioner, awarded 4 years and 10 months before today: due for renewal on 3 February 2027.
  award = await addAward(t.deps, ana.id, { scheme: 'emcc_eia', level: 'practitioner', awardedOn: '2022-02-03' });
  agent = t.agent();
  await signInAs(agent, ana);
});

const requirement = async (id: string) => (await evaluateRenewal(t.deps, ana.id, award.id)).level.requirements.find((each) => each.id === id)!;

describe('the renewal evaluation (emcc-eia-renewal, Practitioner)', () => {
  test('exactly 100 h in the 5-year window pass; an hour the day before the window does not count', async () => {
    const inside = await practice('2021-12-03', 100); // the window's first day: 5 years before 3 December 2026
    await practice('2021-12-02', 1); // one day outside
    const hours = await requirement('practitioner.renewal-hours');
    expect(hours).toMatchObject({ met: true, actual: 100, required: 100 });
    expect(hours.excluded).toHaveLength(1);

    await updateRecord(t.deps, ana.id, 'practice', inside.id, { clientCode: 'C-001', date: '2021-12-03', hours: 99.5, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
    const short = await requirement('practitioner.renewal-hours');
    expect(short).toMatchObject({ met: false, actual: 99.5, required: 100 });

    const page = plain((await agent.get(`/awards/${award.id}/renewal`)).text);
    expect(page).toContain('due for renewal on 3 February 2027 (in 62 days)');
    expect(page).toContain('100 client contact hours in the last 5 years 99.5 h (100 h needed)');
  });

  test('an hour of supervision in each of the 20 quarters passes; one quarter missing fails', async () => {
    await everyQuarter();
    expect(await requirement('practitioner.renewal-supervision')).toMatchObject({ met: true, actual: 20, required: 20 });
    await db()('supervision_entries')
      .where('date', addMonths(TODAY, -(20 - 7) * 3 + 1))
      .delete();
    const missing = await requirement('practitioner.renewal-supervision');
    expect(missing).toMatchObject({ met: false, actual: 19, required: 20 });
    expect(plain((await agent.get(`/awards/${award.id}/renewal`)).text)).toContain('Supervision every quarter for 5 years 19 periods covered (20 needed)');
  });

  test('the reflective report counts from 450 words; CPD and the guidance items are shown, not counted', async () => {
    await report('2025-06-01', 449);
    expect(await requirement('practitioner.renewal-report')).toMatchObject({ met: false, actual: 0 });
    await report('2025-07-01', 450);
    expect(await requirement('practitioner.renewal-report')).toMatchObject({ met: true, actual: 1 });
    expect(await requirement('practitioner.renewal-cpd')).toMatchObject({ met: true, unit: 'guidance' });
    const page = plain((await agent.get(`/awards/${award.id}/renewal`)).text);
    expect(page).toContain('A CPD log for the 5 years guidance: not checked by the app');
  });

  test('a whole renewal: met on every counted requirement, the PDF says it is a renewal with the figures, and the assessor sees it labelled a renewal', async () => {
    await practice('2021-12-03', 100);
    await everyQuarter();
    await report('2025-07-01', 500);
    const page = plain((await agent.get(`/awards/${award.id}/renewal`)).text);
    expect(page).toContain('On 3 December 2026 your evidence meets every requirement of the Practitioner renewal.');

    const response = await agent.get(`/awards/${award.id}/renewal.pdf`).buffer(true).parse(binaryBody);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toContain('eia-renewal-practitioner-2026-12-03-draft.pdf');
    const pdf = new PdfFile(response.body as Buffer);
    const text = pdf.text().replace(/\s+/g, ' ');
    expect(text).toContain('Renewal application for EMCC Global Individual Accreditation renewal (EIA-R): Practitioner');
    expect(text).toContain('EMCC EIA Practitioner, awarded 3 February 2022');
    expect(text).toContain('3 February 2027');
    expect(text).toContain('100 client contact hours in the last 5 years');
    expect(pdf.info().Title).toContain('Practitioner renewal application');

    // Submitted through the same flow, against the renewal set, labelled a renewal.
    const refused = await submitForm(agent, `/awards/${award.id}/renewal`, { declarations: ['ethics', 'diversity'] });
    expect(refused.status).toBe(422);
    expect(plain(refused.text)).toContain('Tick “Supervision guidance” to make this declaration');
    const submitted = await submitForm(agent, `/awards/${award.id}/renewal`, { declarations: ['ethics', 'diversity', 'supervision'], blindAppendices: 'include' });
    expect(submitted.status).toBe(303);
    const row = await db()('submissions').first();
    expect(row).toMatchObject({ purpose: 'renewal', award_id: award.id, criteria_set: 'emcc-eia-renewal', level: 'practitioner' });
    expect(plain((await agent.get('/submissions')).text)).toContain('Practitioner Renewal');

    const admin = await makeUser(t.deps, ['admin'], { email: 'admin@example.org' });
    const assessor = await makeUser(t.deps, ['assessor'], { email: 'asha@example.org', name: 'Asha Assessor' });
    await assignAssessor(t.deps, admin.id, row.id, assessor.id, false);
    const assessorAgent = t.agent();
    await signInAs(assessorAgent, assessor);
    expect(plain((await assessorAgent.get('/assessments')).text)).toContain('Ana Kowalska Practitioner Renewal');
    const review = plain((await assessorAgent.get(`/assessments/${row.id}`)).text);
    expect(review).toContain('Assessment: Practitioner renewal, version 1');
    expect(review).toContain('Renewal of EMCC EIA Practitioner, awarded on 3 February 2022, due for renewal on 3 February 2027');
    expect(review).toContain('EMCC Global Individual Accreditation renewal (EIA-R)');

    const verify = plain((await t.agent().get(`/verify/${row.verification_code}`)).text);
    expect(verify).toContain(`Submitted renewal application ${row.verification_code}`);
    const issued = new PdfFile(await t.deps.evidenceStore.read(row.pdf_sha256));
    expect(issued.text().replace(/\s+/g, ' ')).toContain('Renewal application for EMCC Global Individual Accreditation renewal (EIA-R): Practitioner');
  });
});

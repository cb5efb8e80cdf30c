import { createHash } from 'node:crypto';
import type request from 'supertest';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn, formBody, submitForm } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { lastMailTo } from '../support/outbox';
import { EUROPEAN_NAMES, makeSamplePortfolio } from '../support/portfolio-factory';
import { PdfFile } from '../support/pdf-tools';
import { createRecord, updateRecord } from '../../src/domain/records/record-service';
import { deleteEvidenceFile, listEvidenceFiles, sweepEvidenceStore } from '../../src/domain/evidence/evidence-service';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { canonicalHash } from '../../src/domain/snapshot/canonical-json';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
const db = () => testDb.current.db;
let t: TestApp;
let ana: User;
let sam: User;
let eleni: User;
let admin: User;
let anaAgent: ReturnType<TestApp['agent']>;
let samAgent: ReturnType<TestApp['agent']>;
let adminAgent: ReturnType<TestApp['agent']>;

beforeEach(async () => {
  t = createTestApp({ db: db() });
  admin = await makeUser(t.deps, ['admin'], { email: 'admin@example.org', name: 'Ada Admin' });
  // Ana applies and is also an assessor: she must never assess her own submission.
  ana = await makeUser(t.deps, ['applicant', 'assessor'], { email: 'ana@example.org', name: 'Ana Account' });
  sam = await makeUser(t.deps, ['assessor'], { email: 'sam@assessors.example', name: 'Sam Assessor' });
  // Eleni confirmed Ana's supervision: a conflict of interest.
  eleni = await makeUser(t.deps, ['assessor', 'supervisor'], { email: 'eleni@supervision.example', name: EUROPEAN_NAMES.greek });
  await makeSamplePortfolio(t.deps, ana.id);
  anaAgent = t.agent();
  samAgent = t.agent();
  adminAgent = t.agent();
  await signInAs(anaAgent, ana);
  await signInAs(samAgent, sam);
  await signInAs(adminAgent, admin);
}, 60_000);

const binary = (call: request.Test) =>
  call.buffer(true).parse((response, done) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => done(null, Buffer.concat(chunks)));
  });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const DECLARED = { declarations: ['ethics', 'diversity'] };

async function submit(fields: Record<string, string | string[]> = DECLARED, page = '/submit?level=practitioner') {
  return submitForm(anaAgent, page, { level: 'practitioner', ...fields }, '/submit');
}

const latestSubmission = () => db()('submissions').orderBy('id', 'desc').first();

async function assign(submissionId: number, assessorId: number, blind = false) {
  return submitForm(adminAgent, '/admin/submissions', { assessorId: String(assessorId), ...(blind ? { blind: 'on' } : {}) }, `/admin/submissions/${submissionId}/assign`);
}

test('the whole lifecycle: submit, freeze, assign, request more information, resubmit, see the change, award', async () => {
  // The final checklist.
  const checklist = await anaAgent.get('/submit?level=practitioner');
  expect(checklist.text).toContain('Final checklist for Practitioner');
  expect(checklist.text).toMatch(/1 supervision record is \(1.5 h\) not confirmed by your supervisor/);
  expect(checklist.text).toMatch(/1 supervision record \(1.5 h\) declined by your supervisor: it does not count, and the assessor sees the decline/);
  expect(checklist.text).toContain('Appended to the PDF: three-pages.pdf, tiny.png, damaged.pdf, encrypted.pdf.');
  expect(checklist.text).toContain('EMCC Global Code of Ethics');

  // Declarations are required, and the page says so.
  const refused = await submit({});
  expect(refused.status).toBe(422);
  expect(refused.text).toContain('Tick “EMCC Global Code of Ethics” to make this declaration');
  expect(refused.text).toContain('Tick “Diversity and Inclusion declaration” to make this declaration');
  expect(await latestSubmission()).toBeUndefined();

  const submitted = await submit();
  expect(submitted.status).toBe(303);
  const v1 = await latestSubmission();
  expect(submitted.headers.location).toBe(`/submissions/${v1.id}`);
  expect(v1.status).toBe('submitted');
  expect(v1.verification_code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  expect(await canonicalHash(v1.snapshot)).toBe(v1.snapshot_sha256);
  const files = await db()('submission_files').where('submission_id', v1.id).pluck('sha256');
  expect(files).toEqual(expect.arrayContaining([v1.pdf_sha256, ...v1.snapshot.files.map((file: { sha256: string }) => file.sha256)]));

  // The issued PDF: not a draft, the submission's code, stored byte for byte.
  const issued = await binary(anaAgent.get(`/submissions/${v1.id}/pdf`));
  expect(sha256(issued.body as Buffer)).toBe(v1.pdf_sha256);
  const issuedText = new PdfFile(issued.body as Buffer).text();
  expect(issuedText).toContain(`Verification code ${v1.verification_code}`);
  expect(issuedText).toContain('Submitted application');
  expect(issuedText).not.toContain('DRAFT');

  // The live portfolio changes; the submission does not.
  const cpd = await db()('cpd_entries').first();
  await updateRecord(t.deps, ana.id, 'cpd', cpd.id, { title: cpd.title, provider: cpd.provider, startDate: cpd.start_date, endDate: cpd.end_date, hours: 30, kind: cpd.kind, accreditation: cpd.accreditation });
  const frozen = await db()('submissions').where('id', v1.id).first();
  expect(frozen.snapshot.records.cpd[0].hours).toBe(18);
  expect(await canonicalHash(frozen.snapshot)).toBe(v1.snapshot_sha256);
  expect(sha256((await binary(anaAgent.get(`/submissions/${v1.id}/pdf`))).body as Buffer)).toBe(v1.pdf_sha256);
  await updateRecord(t.deps, ana.id, 'cpd', cpd.id, { title: cpd.title, provider: cpd.provider, startDate: cpd.start_date, endDate: cpd.end_date, hours: 18, kind: cpd.kind, accreditation: cpd.accreditation });

  // A second submission while one is in progress is refused.
  expect((await submit()).text).toContain('You already have a submission in progress');

  // Assignment refuses conflicts of interest.
  const own = await assign(v1.id, ana.id);
  expect(own.status).toBe(422);
  expect(own.text).toContain('An assessor cannot assess their own submission');
  const supervisor = await assign(v1.id, eleni.id);
  expect(supervisor.text).toContain('confirmed supervision records of this applicant');
  expect((await assign(v1.id, sam.id)).status).toBe(303);
  expect((await lastMailTo(db(), 'sam@assessors.example'))!.text).toContain(`/assessments/${v1.id}`);

  // The assessor reviews: the queue, the page (in review from then on), judgements, a request.
  expect((await samAgent.get('/assessments')).text).toContain(EUROPEAN_NAMES.lithuanian);
  const page = await samAgent.get(`/assessments/${v1.id}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('100 client contact hours');
  expect(page.text).toContain('C-001');
  expect(page.text).toMatch(/From the portfolio settings: first practised on \d{1,2} [A-Z][a-z]+ \d{4}\./);
  expect(page.text).toMatch(/The 14 records that count/);
  // Reading the page changes nothing; starting the review is a POST.
  expect((await db()('submissions').where('id', v1.id).first()).status).toBe('submitted');
  expect(page.text).toContain('You have not started this review.');
  expect((await submitForm(samAgent, `/assessments/${v1.id}`, {}, `/assessments/${v1.id}/start`)).status).toBe(303);
  expect((await db()('submissions').where('id', v1.id).first()).status).toBe('in_review');
  const notes = await submitForm(samAgent, `/assessments/${v1.id}`, {
    'judgement-practitioner.hours': 'not_met',
    'comment-practitioner.hours': 'Short of 100 h.',
    'judgement-practitioner.feedback': 'more_info',
    'competence-evaluation': 'Clear evaluation habits.',
    action: 'save',
  });
  expect(notes.status).toBe(303);
  expect(await db()('assessment_notes').where('submission_id', v1.id).where('subject', 'requirement:practitioner.hours').first()).toMatchObject({ judgement: 'not_met', comment: 'Short of 100 h.' });
  const noFeedback = await submitForm(samAgent, `/assessments/${v1.id}`, { recommendation: 'more_info', action: 'decide' });
  expect(noFeedback.status).toBe(422);
  expect(noFeedback.text).toContain('Write your feedback to the applicant');
  await submitForm(samAgent, `/assessments/${v1.id}`, { recommendation: 'more_info', feedback: 'Please add one more client feedback item from this autumn.', action: 'decide' });
  expect((await db()('submissions').where('id', v1.id).first()).status).toBe('more_info_requested');
  expect((await lastMailTo(db(), 'ana@example.org'))!.text).toContain('Please add one more client feedback item');

  // The applicant adds it and resubmits as version 2.
  const request = await anaAgent.get(`/submissions/${v1.id}`);
  expect(request.text).toContain('Please add one more client feedback item from this autumn.');
  await createRecord(t.deps, ana.id, 'feedback', { date: '2026-11-10', clientCode: 'C-009', channel: 'survey', summary: 'Autumn survey: very helpful.' });
  const resubmitted = await submitForm(anaAgent, `/submit?resubmit=${v1.id}`, { ...DECLARED, previousId: String(v1.id) }, '/submit');
  expect(resubmitted.status).toBe(303);
  const v2 = await latestSubmission();
  expect(v2).toMatchObject({ version: 2, previous_id: v1.id, status: 'resubmitted', assessor_id: sam.id, level: 'practitioner' });
  expect((await lastMailTo(db(), 'sam@assessors.example'))!.subject).toContain('Resubmitted');

  // The assessor sees exactly that change, with the totals before and after.
  const diff = await samAgent.get(`/assessments/${v2.id}`);
  expect(diff.text).toContain('What changed since version 1');
  expect(diff.text).toMatch(/Records added \(1\)<\/h3>\s*<ul class="plain-list"><li><span class="tag">feedback<\/span> C-009 · 10 November 2026<\/li><\/ul>/);
  expect(diff.text).toContain('Records changed (0)');
  expect(diff.text).toContain('Records removed (0)');
  expect(diff.text).toMatch(/5 client feedback items in the last 12 months<\/td><td class="num" data-label="Version 1">6 ✓<\/td><td class="num" data-label="Version 2">7 ✓<\/td>/);
  // …and starts from the judgements and comments on version 1.
  expect(diff.text).toContain('Your judgements and comments below started from your assessment of version 1');
  // Carried over when the review starts, by a POST.
  expect((await db()('submissions').where('id', v2.id).first()).status).toBe('resubmitted');
  expect((await submitForm(samAgent, `/assessments/${v2.id}`, {}, `/assessments/${v2.id}/start`)).status).toBe(303);
  const carried = await db()('assessment_notes')
    .where('submission_id', v2.id)
    .where((q) => q.whereNotNull('judgement').orWhereNotNull('comment'))
    .orderBy('subject')
    .select('subject', 'judgement', 'comment');
  expect(carried).toEqual([
    { subject: 'competence:evaluation', judgement: null, comment: 'Clear evaluation habits.' },
    { subject: 'requirement:practitioner.feedback', judgement: 'more_info', comment: null },
    { subject: 'requirement:practitioner.hours', judgement: 'not_met', comment: 'Short of 100 h.' },
  ]);
  expect(diff.text).toMatch(/id="judgement-practitioner.hours-not_met" name="judgement-practitioner.hours" value="not_met" checked/);

  // The decision, recorded with who and when; the applicant is told; read-only from then on.
  expect((await submitForm(samAgent, `/assessments/${v2.id}`, { recommendation: 'award', feedback: 'A thoughtful, well-evidenced portfolio.', action: 'decide' })).status).toBe(303);
  const decided = await db()('submissions').where('id', v2.id).first();
  expect(decided).toMatchObject({ status: 'awarded', recommendation: 'award', decided_by: sam.id });
  expect(decided.decided_at).not.toBeNull();
  expect((await lastMailTo(db(), 'ana@example.org'))!.subject).toBe('Your Practitioner application: awarded');
  expect((await anaAgent.get(`/submissions/${v2.id}`)).text).toContain('Practitioner awarded');
  expect((await submitForm(samAgent, `/assessments/${v2.id}`, { recommendation: 'not_yet', feedback: 'Changed my mind.', action: 'decide' })).status).toBe(409);
  expect((await submitForm(samAgent, `/assessments/${v2.id}`, { 'comment-practitioner.hours': 'late', action: 'save' })).status).toBe(409);
  expect((await submitForm(adminAgent, '/admin/submissions', { assessorId: String(sam.id) }, `/admin/submissions/${v2.id}/assign`)).status).toBe(409);

  // Anyone can verify the final PDF, and a copy altered by one byte is rejected.
  const finalPdf = (await binary(anaAgent.get(`/submissions/${v2.id}/pdf`))).body as Buffer;
  const visitor = t.agent();
  const verifyPage = await visitor.get(`/verify/${v2.verification_code}`);
  expect(verifyPage.text).toContain('Awarded');
  const uploadTo = async (bytes: Buffer) => {
    const action = /action="(\/verify\/[^"#]+)/.exec((await visitor.get(`/verify/${v2.verification_code}`)).text)![1]!.replace(/&amp;/g, '&');
    return visitor.post(action).attach('pdf', bytes, 'application.pdf');
  };
  expect((await uploadTo(finalPdf)).text).toContain('Byte-identical to the PDF issued');
  const tampered = Buffer.from(finalPdf);
  tampered[Math.floor(tampered.length / 2)] ^= 1;
  expect((await uploadTo(tampered)).text).toContain('NOT identical');

  const actions = await db()('audit_events').where('entity_type', 'submission').orderBy('id').pluck('action');
  expect(actions).toEqual([
    'submission.submitted',
    'submission.assigned',
    'submission.review_started',
    'submission.judgements_saved',
    'submission.more_info_requested',
    'submission.resubmitted',
    'submission.review_started',
    'submission.decided',
  ]);
}, 120_000);

test('a submission keeps its evidence files when the live portfolio deletes them and the store is swept', async () => {
  await submit();
  const v1 = await latestSubmission();
  const { files } = await listEvidenceFiles(t.deps, ana.id);
  for (const file of files) await deleteEvidenceFile(t.deps, ana.id, file.id);
  await sweepEvidenceStore(t.deps, 0);
  for (const file of v1.snapshot.files) expect(await t.deps.evidenceStore.exists(file.sha256)).toBe(true);
  expect(await t.deps.evidenceStore.exists(v1.pdf_sha256)).toBe(true);
  await assign(v1.id, sam.id);
  const certificate = v1.snapshot.files.find((file: { name: string }) => file.name === 'three-pages.pdf');
  const shown = await binary(samAgent.get(`/assessments/${v1.id}/files/${certificate.sha256}`));
  expect(shown.status).toBe(200);
  expect(sha256(shown.body as Buffer)).toBe(certificate.sha256);
  expect(shown.headers['content-disposition']).toMatch(/^inline/);
}, 60_000);

test('a double click submits once: the second request is refused and nothing is half-written', async () => {
  const _csrf = csrfTokenIn((await anaAgent.get('/submit?level=practitioner')).text);
  const post = () =>
    anaAgent
      .post('/submit')
      .type('form')
      .send(formBody({ level: 'practitioner', ...DECLARED, _csrf }));
  const answers = await Promise.all([post(), post()]);
  expect(answers.map((answer) => answer.status).sort()).toEqual([303, 409]);
  expect(answers.find((answer) => answer.status === 409)!.text).toContain('You already have a submission in progress');
  const rows = await db()('submissions').select('id', 'pdf_sha256');
  expect(rows).toHaveLength(1);
  expect(await db()('submission_files').where('submission_id', rows[0].id).pluck('sha256')).toContain(rows[0].pdf_sha256);
}, 60_000);

test('the applicant can withdraw until the assessment starts, and not after', async () => {
  await submit();
  const v1 = await latestSubmission();
  expect((await submitForm(anaAgent, `/submissions/${v1.id}`, {}, `/submissions/${v1.id}/withdraw`)).status).toBe(303);
  expect((await db()('submissions').where('id', v1.id).first()).status).toBe('withdrawn');
  await submit();
  const v2 = await latestSubmission();
  await assign(v2.id, sam.id);
  // Reading the page does not start the assessment; starting it does.
  await samAgent.get(`/assessments/${v2.id}`);
  expect((await db()('submissions').where('id', v2.id).first()).status).toBe('submitted');
  await submitForm(samAgent, `/assessments/${v2.id}`, {}, `/assessments/${v2.id}/start`);
  const late = await anaAgent
    .post(`/submissions/${v2.id}/withdraw`)
    .type('form')
    .send({ _csrf: csrfTokenIn((await anaAgent.get(`/submissions/${v1.id}`)).text) });
  expect(late.status).toBe(409);
  expect(late.text).toContain('Only a submission whose assessment has not started can be withdrawn');
}, 60_000);

test('every route refuses another person’s submission: applicants see their own, assessors theirs, admins all', async () => {
  await submit();
  const v1 = await latestSubmission();
  await assign(v1.id, sam.id, true);
  const bob = await makeUser(t.deps, ['applicant', 'assessor'], { email: 'bob@example.org', name: 'Bob Other' });
  const bobAgent = t.agent();
  await signInAs(bobAgent, bob);
  for (const path of [`/submissions/${v1.id}`, `/submissions/${v1.id}/pdf`, `/assessments/${v1.id}`, `/assessments/${v1.id}/pdf`, `/assessments/${v1.id}/files/${v1.pdf_sha256}`]) {
    expect((await bobAgent.get(path)).status).toBe(404);
  }
  const bobToken = csrfTokenIn((await bobAgent.get('/submit')).text);
  expect((await bobAgent.post(`/assessments/${v1.id}`).type('form').send({ _csrf: bobToken, recommendation: 'award', feedback: 'x', action: 'decide' })).status).toBe(404);
  expect((await bobAgent.post(`/submissions/${v1.id}/withdraw`).type('form').send({ _csrf: bobToken })).status).toBe(404);
  expect((await bobAgent.get('/admin/submissions')).status).toBe(403);
  // Blind review: the assessor's pages do not name the applicant.
  const blind = await samAgent.get(`/assessments/${v1.id}`);
  expect(blind.text).toContain('Withheld (blind review)');
  expect(blind.text).not.toContain(EUROPEAN_NAMES.lithuanian);
  const blindPdf = new PdfFile((await binary(samAgent.get(`/assessments/${v1.id}/pdf`))).body as Buffer).text();
  expect(blindPdf).toContain('Withheld for blind review');
  expect(blindPdf).not.toContain(EUROPEAN_NAMES.lithuanian);

  const token = async (user: User) => (await createApiToken(t.deps, user.id, 'test')).token;
  const api = async (user: User, path: string) =>
    t
      .agent()
      .get(path)
      .set('Authorization', `Bearer ${await token(user)}`);
  expect((await api(bob, `/api/v1/submissions/${v1.id}`)).status).toBe(404);
  expect((await api(bob, `/api/v1/submissions/${v1.id}/pdf`)).status).toBe(404);
  expect((await api(bob, '/api/v1/submissions')).body.items).toEqual([]);
  expect((await api(bob, '/api/v1/assessments')).body.items).toEqual([]);
  const asSam = await api(sam, `/api/v1/submissions/${v1.id}`);
  expect(asSam.status).toBe(200);
  expect(asSam.body.applicantName).toBeNull();
  expect(asSam.body.snapshot.applicant.name).toBeNull();
  expect((await api(ana, `/api/v1/submissions/${v1.id}`)).body.applicantName).toBe(EUROPEAN_NAMES.lithuanian);
  expect((await api(admin, '/api/v1/submissions')).body.items).toHaveLength(1);
}, 60_000);

test('the API submits, lists, judges and decides', async () => {
  const anaToken = (await createApiToken(t.deps, ana.id, 'api')).token;
  const samToken = (await createApiToken(t.deps, sam.id, 'api')).token;
  const refused = await t
    .agent()
    .post('/api/v1/submissions')
    .set('Authorization', `Bearer ${anaToken}`)
    .send({ level: 'practitioner', declarations: { ethics: true } });
  expect(refused.status).toBe(422);
  expect(refused.body.error.errors).toEqual([
    { path: '/declarations/diversity', message: 'Tick “Diversity and Inclusion declaration” to make this declaration: an application is submitted with every declaration made.' },
  ]);
  const created = await t
    .agent()
    .post('/api/v1/submissions')
    .set('Authorization', `Bearer ${anaToken}`)
    .send({ level: 'practitioner', declarations: { ethics: true, diversity: true } });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ level: 'practitioner', status: 'submitted', version: 1 });
  const pdf = await binary(t.agent().get(`/api/v1/submissions/${created.body.id}/pdf`).set('Authorization', `Bearer ${anaToken}`));
  expect(sha256(pdf.body as Buffer)).toBe(created.body.pdfSha256);
  expect((await t.agent().post(`/api/v1/assessments/${created.body.id}/decision`).set('Authorization', `Bearer ${samToken}`).send({ recommendation: 'award', feedback: 'x' })).status).toBe(404);
  await assign(created.body.id, sam.id);
  expect((await t.agent().get('/api/v1/assessments').set('Authorization', `Bearer ${samToken}`)).body.items).toHaveLength(1);
  const judged = await t
    .agent()
    .post(`/api/v1/assessments/${created.body.id}/judgements`)
    .set('Authorization', `Bearer ${samToken}`)
    .send({ judgements: [{ requirementId: 'practitioner.hours', judgement: 'met', comment: 'Fine.' }], competences: [{ id: 'evaluation', comment: 'Good.' }] });
  expect(judged.status).toBe(200);
  expect(judged.body.notes).toEqual(expect.arrayContaining([expect.objectContaining({ subject: 'requirement:practitioner.hours', judgement: 'met' })]));
  const bad = await t
    .agent()
    .post(`/api/v1/assessments/${created.body.id}/judgements`)
    .set('Authorization', `Bearer ${samToken}`)
    .send({ judgements: [{ requirementId: 'practitioner.hours', judgement: 'brilliant' }] });
  expect(bad.status).toBe(422);
  const decided = await t.agent().post(`/api/v1/assessments/${created.body.id}/decision`).set('Authorization', `Bearer ${samToken}`).send({ recommendation: 'not_yet', feedback: 'More hours first.' });
  expect(decided.body).toMatchObject({ status: 'not_awarded', recommendation: 'not_yet', feedback: 'More hours first.' });
}, 60_000);

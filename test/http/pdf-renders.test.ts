import { createHash } from 'node:crypto';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { submitForm } from '../support/forms';
import { binaryBody } from '../support/binary-body';
import { EUROPEAN_NAMES } from '../support/portfolio-factory';
import { PdfFile } from '../support/pdf-tools';
import { startRendering } from '../../src/maintenance';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { createRecord } from '../../src/domain/records/record-service';
import { InProcessJobQueue } from '../../src/db/jobs/in-process-job-queue';
import { requestDraftPdf, type PdfRender } from '../../src/domain/rendering/pdf-render-service';
import { submitPortfolio } from '../../src/domain/submission/submission-service';
import { sweepEvidenceStore } from '../../src/domain/evidence/evidence-service';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import type { RenderSnapshot } from '../../src/domain/snapshot/snapshot-renderer';
import type { User } from '../../src/db/repositories/user-repository';

// PDFs of drafts and submissions are made in the background (a pdf_renders row and a job): the
// request waits PDF_WAIT_SECONDS, then answers with the PDF or with the "being prepared" page.
// The tests hold the queue (render: false) or set the wait to 0 to see the page, and replace
// the renderer to see a failure tried again and reported.

const testDb = useTestDb();
const db = () => testDb.current.db;
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;

const DECLARED = { level: 'practitioner', declarations: ['ethics', 'diversity'] };
const API_SUBMISSION = { level: 'practitioner', declarations: { ethics: true, diversity: true } };
/** The request answers at once: the "being prepared" page, whatever the render's progress. */
const NO_WAIT = { PDF_WAIT_SECONDS: '0' };
/** Failures are tried again after 10 ms instead of seconds. */
const quickRetries = () => new InProcessJobQueue({ attempts: 3, retryDelayMs: () => 10 });

/** The app (rendering held or not), Ana signed in with a small portfolio: what is rendered matters less than when. */
async function start(options: { render?: boolean; env?: NodeJS.ProcessEnv; jobQueue?: InProcessJobQueue } = {}) {
  t = createTestApp({ db: db(), ...options });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Account' });
  await updatePortfolioSettings(t.deps, ana.id, { displayName: EUROPEAN_NAMES.lithuanian, firstPracticeDate: '2022-09-01', practiceRole: 'coach', criteriaSet: 'emcc-eia', targetLevel: 'practitioner' });
  await createRecord(t.deps, ana.id, 'practice', { practiceKind: 'coaching', payment: 'paid', format: 'one_to_one', clientCode: 'C-001', date: '2026-03-02', hours: 4.5 });
  agent = t.agent();
  await signInAs(agent, ana);
}

// Nothing rendered by one test's queue may reach the next test's (emptied) database.
afterEach(() => t?.deps.jobQueue.stop());

const askForPdf = (fields: Record<string, string> = { level: 'practitioner' }) => submitForm(agent, '/portfolio/pdf', fields);
const submit = () => submitForm(agent, '/submit?level=practitioner', DECLARED, '/submit');
const renderRow = (id: number) => db()('pdf_renders').where({ id }).first();
const renderIdIn = (location: string | undefined) => Number(/^\/renders\/(\d+)$/.exec(location ?? '')?.[1]);
const download = (path: string, client = agent) => client.get(path).buffer(true).parse(binaryBody);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks again every 20 ms until `condition` holds (at most 20 s). */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await pause(20);
  }
}

/** Waits until the job has finished the render (ready or failed), as the page's script does. */
async function finished(id: number): Promise<PdfRender> {
  let render: PdfRender | undefined;
  await until(async () => ['ready', 'failed'].includes((render = await t.deps.repos.pdfRender.find(db(), id))!.status), `render ${id} to finish`);
  return render!;
}

/** The renderer fails as `failure` says on each call (1, 2 …); otherwise it renders. Returns the calls made. */
function failRendering(failure: (call: number) => Error | Promise<void> | undefined): { calls: number } {
  const real: RenderSnapshot = t.deps.renderSnapshot;
  const counter = { calls: 0 };
  t.deps.renderSnapshot = async (...args) => {
    counter.calls += 1;
    const outcome = failure(counter.calls);
    if (outcome instanceof Error) throw outcome;
    await outcome;
    return real(...args);
  };
  return counter;
}

test('a draft asked for with no wait: the "being prepared" page, then the PDF once the job has made it', async () => {
  await start({ render: false, env: NO_WAIT });
  const asked = await askForPdf();
  expect(asked.status).toBe(303);
  const id = renderIdIn(asked.headers.location);
  expect(id).toBeGreaterThan(0);
  expect(await renderRow(id)).toMatchObject({ owner_id: ana.id, purpose: 'draft', status: 'queued', attempts: 0, pdf_sha256: null });

  const waiting = await agent.get(`/renders/${id}`);
  expect(waiting.status).toBe(200);
  expect(waiting.headers['cache-control']).toBe('private, no-store');
  expect(waiting.text).toContain('Your PDF is being prepared');
  expect(waiting.text).toContain('data-status="queued"');
  expect(waiting.text).toContain(`<a class="button button--secondary" href="/renders/${id}">Check again</a>`);
  expect(waiting.text).toContain('<script src="/public/js/render-status.js" defer></script>');
  // Nothing to download yet.
  expect((await agent.get(`/renders/${id}/pdf`)).status).toBe(404);

  await startRendering(t.deps);
  const render = await finished(id);
  expect(render).toMatchObject({ status: 'ready', attempts: 1, error: null });

  const ready = await agent.get(`/renders/${id}`);
  expect(ready.text).toContain('Your PDF is ready');
  expect(ready.text).toContain(`data-pdf="/renders/${id}/pdf"`);
  expect(ready.text).toContain(`<a class="button" href="/renders/${id}/pdf" download>Download the PDF</a>`);
  expect(ready.text).toContain(render.fileName!);
  // Finished: the page no longer updates itself.
  expect(ready.text).not.toContain('render-status.js');

  const pdf = await download(`/renders/${id}/pdf`);
  expect(pdf.status).toBe(200);
  expect(pdf.headers['content-type']).toBe('application/pdf');
  expect(pdf.headers['content-disposition']).toContain(render.fileName!);
  expect(render.fileName).toMatch(/^eia-practitioner-\d{4}-\d{2}-\d{2}-draft\.pdf$/);
  expect(pdf.headers['x-snapshot-sha256']).toMatch(/^[0-9a-f]{64}$/);
  expect(pdf.headers['x-snapshot-sha256']).toBe(render.snapshotSha256);
  expect(sha256(pdf.body as Buffer)).toBe(render.pdfSha256);
  expect((pdf.body as Buffer).length).toBe(render.pdfSizeBytes);
  const text = new PdfFile(pdf.body as Buffer).text();
  expect(text).toContain('DRAFT');
  expect(text).toContain(EUROPEAN_NAMES.lithuanian);
});

test('a transient failure is tried again: the page says so meanwhile, and the PDF is made on the second attempt', async () => {
  await start({ env: NO_WAIT, jobQueue: quickRetries() });
  let secondAttemptStarted!: () => void;
  const started = new Promise<void>((resolve) => (secondAttemptStarted = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const renderer = failRendering((call) => {
    if (call === 1) return new Error('ECONNRESET from the font cache');
    secondAttemptStarted();
    return released;
  });

  const id = renderIdIn((await askForPdf()).headers.location);
  await started;
  try {
    // The second attempt is under way: the first one's failure is told, with its number.
    expect(await renderRow(id)).toMatchObject({ status: 'rendering', attempts: 2, error: expect.stringContaining('after 1 attempt ') });
    const retrying = await agent.get(`/renders/${id}`);
    expect(retrying.text).toContain('Your PDF is being prepared');
    expect(retrying.text).toContain('Attempt 1 did not succeed; it is being tried again.');
    expect(retrying.text).not.toContain('ECONNRESET');
  } finally {
    release();
  }
  expect(await finished(id)).toMatchObject({ status: 'ready', attempts: 2, error: null });
  expect(renderer.calls).toBe(2);
  expect((await download(`/renders/${id}/pdf`)).status).toBe(200);
});

test('with the normal wait, a failure tried again is still answered with the download', async () => {
  await start({ jobQueue: quickRetries() });
  const renderer = failRendering((call) => (call === 1 ? new Error('transient') : undefined));
  const asked = await askForPdf();
  expect(asked.status).toBe(303);
  expect(asked.headers.location).toMatch(/^\/renders\/\d+\/pdf$/);
  expect(await db()('pdf_renders').select('status', 'attempts', 'error')).toEqual([{ status: 'ready', attempts: 2, error: null }]);
  expect(renderer.calls).toBe(2);
});

test('a lasting failure is reported after the last attempt, with a reason that names the render and no internal message', async () => {
  await start({ jobQueue: quickRetries() });
  const renderer = failRendering(() => new Error('EACCES: permission denied, open /srv/secret/fonts'));
  const asked = await askForPdf();
  // The wait ends when the render has failed for good: the page that says so.
  expect(asked.status).toBe(303);
  const id = renderIdIn(asked.headers.location);
  const render = await finished(id);
  expect(render).toMatchObject({ status: 'failed', attempts: 3 });
  expect(renderer.calls).toBe(3);
  expect(render.finishedAt).toBeInstanceOf(Date);

  const page = await agent.get(`/renders/${id}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Your PDF could not be made');
  expect(page.text).toContain(`The PDF could not be made after 3 attempts because of a fault on our side (logged as render ${id}).`);
  expect(page.text).not.toMatch(/EACCES|permission denied|\/srv\/secret/);
  expect(page.text).toContain('<a class="button" href="/portfolio/pdf">Ask again</a>');
  expect(page.text).not.toContain('render-status.js');
  expect((await agent.get(`/renders/${id}/pdf`)).status).toBe(404);
});

test('a render queued before the queue starts is done once: three attempts in all, not one series per delivery', async () => {
  await start({ render: false, env: NO_WAIT, jobQueue: quickRetries() });
  const renderer = failRendering(() => new Error('lasting'));
  const id = renderIdIn((await askForPdf()).headers.location);
  await startRendering(t.deps);
  expect(await finished(id)).toMatchObject({ status: 'failed', attempts: 3 });
  // A moment for any second delivery to show itself.
  await pause(100);
  expect(renderer.calls).toBe(3);
  expect((await renderRow(id)).error).toContain('after 3 attempts');
});

test('a submission with no wait: the page, one submission at a time, then the submission made by the job', async () => {
  await start({ render: false, env: NO_WAIT });
  const asked = await submit();
  expect(asked.status).toBe(303);
  const id = renderIdIn(asked.headers.location);
  expect(await renderRow(id)).toMatchObject({ purpose: 'submission', status: 'queued' });
  const waiting = await agent.get(`/renders/${id}`);
  expect(waiting.text).toContain('Your submission is being prepared');
  expect(waiting.text).toContain('Your portfolio is frozen as it is when the work starts.');

  // A second click while the first is queued: refused, nothing more queued.
  const again = await submit();
  expect(again.status).toBe(409);
  expect(again.text).toContain('You already have a submission in progress');
  expect(await db()('pdf_renders').pluck('id')).toEqual([id]);

  await startRendering(t.deps);
  const render = await finished(id);
  expect(render).toMatchObject({ status: 'ready', attempts: 1 });
  const submission = await db()('submissions').where({ applicant_id: ana.id }).first();
  expect(render.submissionId).toBe(submission.id);
  expect(render.pdfSha256).toBe(submission.pdf_sha256);
  expect(await t.deps.evidenceStore.exists(submission.pdf_sha256)).toBe(true);
  expect(await db()('submission_files').where({ submission_id: submission.id }).pluck('sha256')).toContain(submission.pdf_sha256);

  const done = await agent.get(`/renders/${id}`);
  expect(done.text).toContain('Your application has been submitted');
  expect(done.text).toContain(`<a class="button" href="/submissions/${submission.id}">See your submission</a>`);
  const issued = await download(`/submissions/${submission.id}/pdf`);
  expect(sha256(issued.body as Buffer)).toBe(submission.pdf_sha256);
  expect(new PdfFile(issued.body as Buffer).text()).toContain(`Verification code ${submission.verification_code}`);
});

test('a refusal found by the job is final at once: another submission went in meanwhile', async () => {
  await start({ render: false, env: NO_WAIT, jobQueue: quickRetries() });
  const id = renderIdIn((await submit()).headers.location);
  // Made directly (another tab, the API) while the first waited in the queue.
  const other = await submitPortfolio(t.deps, ana.id, { level: 'practitioner', declarations: DECLARED.declarations });
  await startRendering(t.deps);
  const render = await finished(id);
  expect(render).toMatchObject({ status: 'failed', attempts: 1, submissionId: null, error: 'You already have a submission in progress. Wait for its outcome, or withdraw it before assessment starts.' });
  // Not tried again.
  await pause(100);
  expect(await renderRow(id)).toMatchObject({ status: 'failed', attempts: 1 });
  expect(await db()('submissions').pluck('id')).toEqual([other.id]);

  const page = await agent.get(`/renders/${id}`);
  expect(page.text).toContain('Your application could not be submitted');
  expect(page.text).toContain('You already have a submission in progress. Wait for its outcome, or withdraw it before assessment starts.');
  expect(page.text).toContain('<a class="button" href="/submit">Ask again</a>');
});

test('another applicant, or a number no render has, finds nothing', async () => {
  await start();
  const asked = await askForPdf();
  expect(asked.headers.location).toMatch(/^\/renders\/\d+\/pdf$/);
  const id = Number(/\d+/.exec(asked.headers.location!)![0]);
  expect((await download(`/renders/${id}/pdf`)).status).toBe(200);

  const bob = await makeUser(t.deps, ['applicant'], { email: 'bob@example.org', name: 'Bob Other' });
  const bobAgent = t.agent();
  await signInAs(bobAgent, bob);
  for (const path of [`/renders/${id}`, `/renders/${id}/pdf`]) {
    const refused = await bobAgent.get(path);
    expect(refused.status).toBe(404);
    expect(refused.text).toContain('This PDF does not exist, or is not yours.');
  }
  const { token } = await createApiToken(t.deps, bob.id, 'bob');
  for (const path of [`/api/v1/pdf-renders/${id}`, `/api/v1/pdf-renders/${id}/pdf`]) expect((await t.agent().get(path).set('Authorization', `Bearer ${token}`)).status).toBe(404);
  for (const path of ['/renders/99999999999', `/renders/${id + 1}`, '/renders/0/pdf']) expect((await agent.get(path)).status).toBe(404);
});

describe('the API', () => {
  let token: string;
  const api = () => ({
    get: (path: string) => t.agent().get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) => t.agent().post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
  });

  async function startWithToken(options: Parameters<typeof start>[0] = {}) {
    await start(options);
    ({ token } = await createApiToken(t.deps, ana.id, 'renders'));
  }

  test('a draft asked for in the background: 202 and where to follow it, then its status until ready, then the PDF', async () => {
    await startWithToken({ render: false });
    const asked = await api().post('/portfolio/pdf-renders', { level: 'practitioner', blind: true });
    expect(asked.status).toBe(202);
    const id = asked.body.id as number;
    expect(asked.headers.location).toBe(`/api/v1/pdf-renders/${id}`);
    expect(asked.body).toMatchObject({ purpose: 'draft', status: 'queued', attempts: 0, pdf: null, submissionId: null, finishedAt: null });
    expect(await renderRow(id)).toMatchObject({ request: expect.objectContaining({ level: 'practitioner', blind: true }) });
    expect((await api().get(`/pdf-renders/${id}/pdf`)).status).toBe(404);

    await startRendering(t.deps);
    let status: Record<string, unknown> = {};
    await until(async () => (status = (await api().get(`/pdf-renders/${id}`)).body).status === 'ready', 'the render to be ready');
    expect(status).toMatchObject({ id, status: 'ready', attempts: 1, error: null, pdf: `/api/v1/pdf-renders/${id}/pdf`, fileName: expect.stringMatching(/-draft\.pdf$/) });
    expect(status.sizeBytes).toBeGreaterThan(1000);

    const pdf = await download(`/api/v1/pdf-renders/${id}/pdf`, t.agent()).set('Authorization', `Bearer ${token}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).length).toBe(status.sizeBytes);
    const text = new PdfFile(pdf.body as Buffer).text();
    expect(text).toContain('DRAFT');
    // Blind review: the applicant's name is left out.
    expect(text).not.toContain(EUROPEAN_NAMES.lithuanian);
  });

  test('a submission with no wait is answered 202 with the render; it names the submission once made', async () => {
    await startWithToken({ render: false, env: NO_WAIT });
    const asked = await api().post('/submissions', API_SUBMISSION);
    expect(asked.status).toBe(202);
    expect(asked.headers.location).toBe(`/api/v1/pdf-renders/${asked.body.id}`);
    expect(asked.body).toMatchObject({ purpose: 'submission', status: 'queued', pdf: null, submissionId: null });

    await startRendering(t.deps);
    await finished(asked.body.id);
    const done = (await api().get(`/pdf-renders/${asked.body.id}`)).body;
    const submission = await db()('submissions').first();
    expect(done).toMatchObject({ status: 'ready', submissionId: submission.id, pdf: null });
    expect((await api().get(`/submissions/${submission.id}`)).status).toBe(200);
  });

  test('a submission within the wait is answered 201 with the submission; another is a 409', async () => {
    await startWithToken();
    const made = await api().post('/submissions', API_SUBMISSION);
    expect(made.status).toBe(201);
    const submission = await db()('submissions').first();
    expect(made.headers.location).toBe(`/api/v1/submissions/${submission.id}`);
    expect(made.body).toMatchObject({ id: submission.id, level: 'practitioner', status: 'submitted', verificationCode: submission.verification_code });
    expect(await db()('pdf_renders').select('purpose', 'status', 'submission_id')).toEqual([{ purpose: 'submission', status: 'ready', submission_id: submission.id }]);

    const again = await api().post('/submissions', API_SUBMISSION);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });

  test('a submission the job refuses while the request waits is a 409 with the reason', async () => {
    await startWithToken({ render: false });
    const answer = api()
      .post('/submissions', API_SUBMISSION)
      .then((response) => response);
    // Once it is queued, another submission goes in; then the queue starts.
    await until(async () => Boolean(await db()('pdf_renders').first()), 'the submission to be queued');
    await submitPortfolio(t.deps, ana.id, { level: 'practitioner', declarations: DECLARED.declarations });
    await startRendering(t.deps);
    const refused = await answer;
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('You already have a submission in progress. Wait for its outcome, or withdraw it before assessment starts.');
    expect(await db()('pdf_renders').select('status', 'attempts')).toEqual([{ status: 'failed', attempts: 1 }]);
  });
});

test('after a restart, renders left queued or rendering are queued again and made', async () => {
  await start({ render: false });
  const queued = await requestDraftPdf(t.deps, ana.id, { level: 'practitioner' });
  // Another one a stopped process had begun: "rendering", one attempt counted.
  const begun = await requestDraftPdf(t.deps, ana.id, { level: 'foundation' });
  await t.deps.repos.pdfRender.start(db(), begun.id, t.clock.now());
  await t.deps.jobQueue.stop();

  // The next process: a fresh queue, knowing nothing of the jobs of the last one.
  const restarted = createTestApp({ db: db(), render: false });
  t = restarted;
  await startRendering(restarted.deps);
  expect(await finished(queued.id)).toMatchObject({ status: 'ready', attempts: 1 });
  expect(await finished(begun.id)).toMatchObject({ status: 'ready', attempts: 2 });
  expect(await db()('pdf_renders').orderBy('id').pluck('file_name')).toEqual([expect.stringContaining('practitioner'), expect.stringContaining('foundation')]);
});

test('a bad level is shown on the form, and nothing is queued', async () => {
  await start();
  const refused = await askForPdf({ level: 'grandmaster' });
  expect(refused.status).toBe(422);
  expect(refused.text).toContain('“grandmaster” is not a level of');
  expect(refused.text).toMatch(/<form[^>]*action="\/portfolio\/pdf"/);
  expect(await db()('pdf_renders').select('id')).toEqual([]);
});

test('a finished render is pruned after a day; then, and only then, the store’s sweep removes its PDF', async () => {
  await start();
  const id = Number(/\d+/.exec((await askForPdf()).headers.location!)![0]);
  const render = await finished(id);
  expect(render.status).toBe('ready');
  // One left unfinished (its process is gone): pruning never touches it.
  const open = await t.deps.repos.pdfRender.insert(db(), { ownerId: ana.id, purpose: 'draft', request: { level: 'foundation' }, at: new Date(0) });

  expect(await t.deps.repos.pdfRender.pruneFinishedBefore(db(), render.finishedAt!)).toBe(0);
  await sweepEvidenceStore(t.deps, 0);
  expect(await t.deps.evidenceStore.exists(render.pdfSha256!)).toBe(true);
  expect((await download(`/renders/${id}/pdf`)).status).toBe(200);

  t.clock.advance(86_400_000 + 1);
  expect(await t.deps.repos.pdfRender.pruneFinishedBefore(db(), new Date(t.clock.now().getTime() - 86_400_000))).toBe(1);
  expect(await db()('pdf_renders').pluck('id')).toEqual([open]);
  await sweepEvidenceStore(t.deps, 0);
  expect(await t.deps.evidenceStore.exists(render.pdfSha256!)).toBe(false);
  expect((await agent.get(`/renders/${id}`)).status).toBe(404);
});

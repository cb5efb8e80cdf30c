import path from 'node:path';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { fieldError } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { portfolioOf } from '../../src/domain/portfolio/portfolio-service';
import { draftVerificationCode, newVerificationCode } from '../../src/domain/snapshot/verification-code';

const pdf = readFileSync(path.join(__dirname, '..', 'fixtures', 'evidence', 'three-pages.pdf'));
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const pdfSha256 = sha256(pdf);

// What the snapshot holds besides the public facts: none of it may reach the verify page.
const snapshot = {
  applicant: { name: 'Ana Kowalska', emccMembershipNumber: 'EMCC-SECRET-4711' },
  level: { id: 'practitioner', label: 'Practitioner' },
  criteriaSet: { title: 'EMCC Global Individual Accreditation (EIA)' },
  records: {
    practice: [{ id: 1, date: '2026-01-05', clientCode: 'C-PRIVATE-7', hours: 2, notes: 'Client spoke about burnout at work' }],
    supervision: [{ id: 2, date: '2026-01-10', hours: 1, supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam.private@example.org', confirmation: { state: 'confirmed', by: 'Dr Sam Lee' } }],
  },
};

const testDb = useTestDb();
const db = () => testDb.current.db;
let t: TestApp;
let owner: { applicantId: number; portfolioId: number };

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  const ana = await makeUser(t.deps, ['applicant'], { email: 'ana.private@example.org', name: 'Ana Kowalska' });
  owner = { applicantId: ana.id, portfolioId: (await portfolioOf(t.deps, ana.id)).id };
});

/** A submission row as the submission service would leave it; returns its id and code. */
async function insertSubmission(overrides: Record<string, unknown> = {}) {
  const code = (overrides.verification_code as string | undefined) ?? newVerificationCode();
  const [row] = await db()('submissions')
    .insert({
      portfolio_id: owner.portfolioId,
      applicant_id: owner.applicantId,
      version: 1,
      criteria_set: 'emcc-eia',
      level: 'practitioner',
      as_of: '2026-03-01',
      snapshot: JSON.stringify(snapshot),
      snapshot_sha256: sha256('the snapshot'),
      pdf_sha256: pdfSha256,
      pdf_size_bytes: pdf.length,
      status: 'submitted',
      submitted_at: new Date('2026-03-12T10:30:00Z'),
      feedback: 'Private assessor feedback about reflective practice',
      ...overrides,
      verification_code: code,
    })
    .returning('id');
  return { id: (row as { id: number }).id, code };
}

/** The CSRF token a verify page puts in its upload form's address (multipart forms carry it there). */
function uploadToken(html: string): string {
  const match = /action="\/verify\/[^"?]+\?_csrf=([^"#&]+)/.exec(html);
  if (!match) throw new Error('No upload form on the page');
  return decodeURIComponent(match[1]!);
}

async function uploadTo(agent: ReturnType<TestApp['agent']>, code: string, bytes?: Buffer) {
  const page = await agent.get(`/verify/${code}`);
  const request = agent.post(`/verify/${code}?_csrf=${encodeURIComponent(uploadToken(page.text))}`);
  return bytes ? request.attach('pdf', bytes, 'application.pdf') : request.field('note', 'no file');
}

test('the verify page shows the name, level, criteria set, date, status and SHA-256, and nothing private', async () => {
  const { code } = await insertSubmission();
  const page = await t.agent().get(`/verify/${code}`);
  expect(page.status).toBe(200);
  for (const fact of ['Ana Kowalska', 'Practitioner', 'EMCC Global Individual Accreditation (EIA)', '12 March 2026', 'Submitted, awaiting assessment', pdfSha256, code]) expect(page.text).toContain(fact);
  for (const secret of ['burnout', 'C-PRIVATE-7', 'Dr Sam Lee', 'sam.private@example.org', 'ana.private@example.org', 'EMCC-SECRET-4711', 'Private assessor feedback', sha256('the snapshot')])
    expect(page.text).not.toContain(secret);
  expect(page.text).not.toContain('Decision');
  expect(page.text).not.toContain('Superseded');
  expect(page.text).toContain('<a href="/verify" aria-current="page">Verify a PDF</a>');
});

test('a code typed in lower case with spaces leads to its page; a bad one is kept beside a message', async () => {
  const { code } = await insertSubmission();
  const agent = t.agent();
  const start = await agent.get('/verify');
  expect(start.status).toBe(200);
  expect(start.text).toContain('<label for="field-code">Verification code</label>');

  const typed = ` ${code.toLowerCase().replace(/-/g, ' ')} `;
  const redirect = await agent.get('/verify').query({ code: typed });
  expect(redirect.status).toBe(303);
  expect(redirect.headers.location).toBe(`/verify/${code}`);
  const fromPath = await agent.get(`/verify/${code.toLowerCase()}`);
  expect(fromPath.status).toBe(303);
  expect(fromPath.headers.location).toBe(`/verify/${code}`);

  const bad = await agent.get('/verify').query({ code: 'hello world' });
  expect(bad.status).toBe(422);
  expect(fieldError(bad.text, 'code')).toMatch(/12 letters and digits/);
  expect(bad.text).toContain('value="hello world"');
  expect(bad.text).toContain('<a href="#field-code">');
  const empty = await agent.get('/verify').query({ code: '' });
  expect(fieldError(empty.text, 'code')).toMatch(/^Enter the verification code/);
});

test('uploading the PDF issued says byte-identical; the same PDF altered by one byte says NOT identical with both SHA-256', async () => {
  const { code } = await insertSubmission();
  const agent = t.agent();
  const same = await uploadTo(agent, code, pdf);
  expect(same.status).toBe(200);
  expect(same.text).toContain('Byte-identical to the PDF issued');
  expect(same.text).not.toContain('NOT identical');
  expect(same.text).toContain('Ana Kowalska');

  const altered = Buffer.from(pdf);
  altered[Math.floor(altered.length / 2)] ^= 0x01;
  const differs = await uploadTo(agent, code, altered);
  expect(differs.status).toBe(200);
  expect(differs.text).toContain('NOT identical: this copy differs from the one issued');
  expect(differs.text).toContain(sha256(altered));
  expect(differs.text).toContain(pdfSha256);
  expect(differs.text).not.toContain('Byte-identical');

  const none = await uploadTo(agent, code);
  expect(none.status).toBe(422);
  expect(fieldError(none.text, 'pdf')).toBe('Choose the PDF file to check.');
  expect(none.text).toContain('Ana Kowalska');
});

test('a file larger than 50 MB is refused beside the file input', async () => {
  const { code } = await insertSubmission();
  const response = await uploadTo(t.agent(), code, Buffer.alloc(50 * 1024 * 1024 + 1, 0x25));
  expect(response.status).toBe(422);
  expect(fieldError(response.text, 'pdf')).toMatch(/larger than 50 MB/);
});

test('the upload needs the page’s CSRF token', async () => {
  const { code } = await insertSubmission();
  const response = await t.agent().post(`/verify/${code}`).attach('pdf', pdf, 'application.pdf');
  expect(response.status).toBe(403);
});

test('an unknown, a malformed and a draft code get one 404 page that explains drafts cannot be verified', async () => {
  const known = await insertSubmission();
  const agent = t.agent();
  const token = uploadToken((await agent.get(`/verify/${known.code}`)).text);
  const draft = draftVerificationCode(sha256('a draft snapshot'));
  for (const code of [newVerificationCode(), 'not-a-code', draft]) {
    const page = await agent.get(`/verify/${code}`);
    expect(page.status).toBe(404);
    expect(page.text).toContain('No submitted application has this code');
    expect(page.text).toContain('A PDF marked DRAFT cannot be verified');
    expect(page.text).not.toContain('Ana Kowalska');
  }
  const viaForm = await agent.get('/verify').query({ code: draft.toLowerCase() });
  expect(viaForm.headers.location).toBe(`/verify/${draft}`);
  const upload = await agent.post(`/verify/${draft}?_csrf=${encodeURIComponent(token)}`).attach('pdf', pdf, 'application.pdf');
  expect(upload.status).toBe(404);
  expect(upload.text).toContain('No submitted application has this code');
});

test('a decided submission shows the decision and its date', async () => {
  const awarded = await insertSubmission({ status: 'awarded', recommendation: 'award', decided_at: new Date('2026-04-03T09:00:00Z') });
  const refused = await insertSubmission({ status: 'not_awarded', recommendation: 'not_yet', decided_at: new Date('2026-04-20T09:00:00Z') });
  const agent = t.agent();
  const yes = await agent.get(`/verify/${awarded.code}`);
  expect(yes.text).toContain('Decision');
  expect(yes.text).toMatch(/✓ Awarded<\/span> on 3 April 2026/);
  const no = await agent.get(`/verify/${refused.code}`);
  expect(no.text).toMatch(/Not awarded<\/span> on 20 April 2026/);
  expect(no.text).not.toContain('Private assessor feedback');
});

test('a version answered by a later one says it is superseded, and the later one does not', async () => {
  const first = await insertSubmission({ status: 'more_info_requested' });
  const second = await insertSubmission({ version: 2, previous_id: first.id, status: 'resubmitted', submitted_at: new Date('2026-05-05T08:00:00Z') });
  const agent = t.agent();
  const old = await agent.get(`/verify/${first.code}`);
  expect(old.text).toContain('Superseded by version 2, submitted on 5 May 2026.');
  expect(old.text).toContain('More information requested');
  expect(old.text).not.toContain(second.code);
  const current = await agent.get(`/verify/${second.code}`);
  expect(current.text).not.toContain('Superseded');
  expect(current.text).toContain('Resubmitted, awaiting assessment');
});

test('every verify route is rate-limited per address with a kind 429', async () => {
  t = createTestApp({ db: testDb.current.db, rateLimits: { verifyPerIp: { points: 3, windowSeconds: 900 } } });
  const { code } = await insertSubmission();
  const agent = t.agent();
  const token = uploadToken((await agent.get(`/verify/${code}`)).text);
  expect((await agent.get('/verify')).status).toBe(200);
  expect((await agent.get('/verify/ZZZZ-ZZZZ-ZZZZ')).status).toBe(404);
  const limited = await agent.get(`/verify/${code}`);
  expect(limited.status).toBe(429);
  expect(limited.text).toContain('please wait a few minutes and try again');
  expect(limited.text).not.toContain('Ana Kowalska');
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  expect((await agent.post(`/verify/${code}?_csrf=${encodeURIComponent(token)}`).attach('pdf', pdf, 'application.pdf')).status).toBe(429);
  t.clock.advance(901 * 1000);
  expect((await agent.get(`/verify/${code}`)).status).toBe(200);
});

test('signed-in people find the verify page in the footer, not in the main navigation', async () => {
  const sam = await makeUser(t.deps, ['supervisor']);
  const agent = t.agent();
  await signInAs(agent, sam);
  const page = await agent.get('/requests');
  expect(page.text).not.toContain('>Verify a PDF<');
  expect(page.text).toContain('<a href="/verify">Verify a submission PDF</a>');
});

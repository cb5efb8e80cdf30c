import type request from 'supertest';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { submitForm } from '../support/forms';
import { EUROPEAN_NAMES, makeSamplePortfolio, upload } from '../support/portfolio-factory';
import { portfolioOf } from '../../src/domain/portfolio/portfolio-service';
import { recordRepository } from '../../src/db/repositories/record-repository';
import { definitionOf } from '../../src/domain/records';
import { PdfFile } from '../support/pdf-tools';
import { evaluatePortfolio } from '../../src/domain/portfolio/evaluation-service';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { chooseAppendices } from '../../src/domain/evidence/appendix-choice';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;

const AS_OF = '2026-11-30';

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Account' });
  agent = t.agent();
  await signInAs(agent, ana);
});

/** Reads a binary response whole (supertest parses only text by default). */
const binary = (call: request.Test) =>
  call.buffer(true).parse((response, done) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => done(null, Buffer.concat(chunks)));
  });

async function downloadPdf(query: string) {
  const response = await binary(agent.get(`/portfolio.pdf?${query}`));
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  return { pdf: new PdfFile(response.body as Buffer), response };
}

/** The text of the section's first page (not the contents page that lists it), on one line. */
const pageWith = (pdf: PdfFile, heading: string) =>
  pdf
    .pages()
    .find((page, index) => index > 1 && new RegExp(`^\\s*${heading}`, 'm').test(page))!
    .replace(/\s+/g, ' ');

describe('the application PDF of a realistic portfolio', () => {
  // One portfolio and its PDF for every test below (building it takes seconds): made once,
  // with an app of its own, before the file's per-test set-up empties the database.
  let pdf: PdfFile;
  let again: PdfFile;
  let response: request.Response;
  let evaluation: Awaited<ReturnType<typeof evaluatePortfolio>>['evaluation'];

  beforeAll(async () => {
    const app = createTestApp({ db: testDb.current.db });
    const owner = await makeUser(app.deps, ['applicant'], { email: 'realistic@example.org' });
    const client = app.agent();
    await signInAs(client, owner);
    await makeSamplePortfolio(app.deps, owner.id);
    response = await binary(client.get(`/portfolio.pdf?level=practitioner&asOf=${AS_OF}`));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain('eia-practitioner-2026-11-30-draft.pdf');
    pdf = new PdfFile(response.body as Buffer);
    again = new PdfFile((await binary(client.get(`/portfolio.pdf?level=practitioner&asOf=${AS_OF}`))).body as Buffer);
    ({ evaluation } = await evaluatePortfolio(app.deps, owner.id, { asOf: AS_OF }));
  });

  test('is a sound, tagged A4 PDF with a title, the language set and every font embedded', () => {
    expect(pdf.check()).toContain('No syntax or stream encoding errors found');
    const info = pdf.info();
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe(`Practitioner application: ${EUROPEAN_NAMES.lithuanian}`);
    expect(info['Page size']).toContain('595.28 x 841.89 pts (A4)');
    expect(info['PDF version']).toBe('1.7');
    const fonts = pdf.fonts();
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((font) => !font.embedded)).toEqual([]);
    expect(fonts.every((font) => /NotoSans/.test(font.name))).toBe(true);
    expect(pdf.bytes.toString('latin1')).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(pdf.bytes.toString('latin1')).toMatch(/\/Lang \(en-GB\)/);
  });

  test('has every section in EMCC’s order, with bookmarks, a linked table of contents and page X of Y', () => {
    const text = pdf.text();
    const pages = pdf.pages();
    // After the cover and the contents, each section starts a page, in this order.
    const order = [
      'Requirements of Practitioner',
      'Client hours and client log',
      'Client feedback',
      'Reflective learning log',
      'Case studies',
      'CPD log',
      'Supervision log',
      'Community contribution',
      'Competence map',
      'Declarations',
      'Evidence index',
      'Evidence E1, page 1 of 3',
    ];
    const firstPages = order.map((heading) => pages.findIndex((page, index) => index > 1 && page.includes(heading)));
    expect(firstPages.every((page) => page > 1)).toBe(true);
    expect([...firstPages].sort((a, b) => a - b)).toEqual(firstPages);
    expect(text).toContain('Contents');
    // Each section begins on the page the contents give for it.
    const contents = pages[1]!;
    for (const title of ['Client hours and client log', 'Supervision log', 'Evidence index']) {
      const listed = Number(new RegExp(`${title}\\s+(\\d+)`).exec(contents)?.[1]);
      expect(pages[listed - 1]).toContain(title);
      expect(pages[listed - 2]).not.toMatch(new RegExp(`^\\s*${title}`, 'm'));
    }
    expect(pdf.outlines()).toEqual(expect.arrayContaining(['Cover', 'Contents', 'Client hours and client log', 'Supervision log', 'Appendices: evidence files', 'E1: three-pages.pdf', 'E2: tiny.png']));
    expect(pdf.bytes.toString('latin1')).toMatch(/\/S \/GoTo/);
    pages.forEach((page, index) => {
      expect(page).toContain('DRAFT');
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
    });
  });

  test('states the figures of the evaluation, the level and its requirements', () => {
    const practitioner = evaluation.levels.find((level) => level.id === 'practitioner')!;
    const hours = practitioner.requirements.find((r) => r.kind === 'practice_hours')!;
    const clients = practitioner.requirements.find((r) => r.kind === 'distinct_clients')!;
    const text = pdf.text().replace(/\s+/g, ' ');
    expect(hours.actual).toBe(12 * 4.5 + 6 + 22);
    expect(text).toContain(`Client contact hours ${hours.actual} h`);
    expect(text).toContain(`Distinct clients ${clients.actual}`);
    expect(text).toContain(`${hours.actual} of 100 h`);
    expect(text).toMatch(/All years 76 ?h 6 ?h 0 ?h 76 ?h 6 ?h 82 ?h/);
    for (const requirement of practitioner.requirements) expect(text).toContain(requirement.label.slice(0, 30));
    expect(text).toContain('Application for EMCC');
    expect(text).toContain('Level applied for Practitioner');
    expect(text).toContain('Evaluation date 30 November 2026');
  });

  test('renders names in Lithuanian, Polish, Czech, German, French, Greek and Cyrillic as text', () => {
    const text = pdf.text();
    for (const name of [EUROPEAN_NAMES.lithuanian, EUROPEAN_NAMES.greek, EUROPEAN_NAMES.cyrillic, EUROPEAN_NAMES.czech, EUROPEAN_NAMES.french, 'Université de Lyon']) expect(text).toContain(name);
    expect(text.replace(/\s+/g, ' ')).toContain(`working with ${EUROPEAN_NAMES.german}’s team`);
  });

  test('shows each supervision record’s confirmation: who, when and the content hash, or its status', () => {
    const text = pdf.text().replace(/\s+/g, ' ');
    expect(text).toContain(`Confirmed by ${EUROPEAN_NAMES.greek} on`);
    expect(text).toMatch(/Confirmed content SHA-256: [0-9a-f]{64}/);
    expect(text).toContain(`Declined by ${EUROPEAN_NAMES.cyrillic} on`);
    expect(text).toContain('We met for one hour only.');
    expect(text).toContain('Not confirmed: never asked');
  });

  test('states the snapshot’s SHA-256 and a verification code with a QR code to the verify page', () => {
    const text = pdf.text().replace(/\s+/g, ' ');
    const sha256 = response.headers['x-snapshot-sha256'] as string;
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(text.replace(/ /g, '')).toContain(sha256);
    const code = /Verification code ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text)?.[1];
    expect(code).toBeDefined();
    expect(text.replace(/ /g, '')).toContain(`http://eia.test/verify/${code}`);
    expect(pdf.bytes.toString('latin1')).toContain('/Alt (QR code linking to http://eia.test/verify/');
  });

  test('appends the certificate page by page and the image, each stamped; damaged and encrypted ones are reported', () => {
    const text = pdf.text().replace(/\s+/g, ' ');
    for (const page of [1, 2, 3]) {
      expect(text).toContain(`Evidence E1, page ${page} of 3: three-pages.pdf`);
      expect(text).toContain(`Page marker P${page}-OF-3`);
    }
    expect(text).toContain('Evidence E2: tiny.png');
    expect(text).toMatch(/damaged\.pdf .*Could not be appended: it is damaged or not really a PDF/);
    expect(text).toMatch(/encrypted\.pdf .*Could not be appended: it is encrypted \(password-protected\)/);
    expect(text).toMatch(/three-pages\.pdf .*Appended \(3 pages\)/);
    expect(text).toMatch(/SHA-256: [0-9a-f]{64}/);
  });

  test('shows client codes only: no private notes, client names or email addresses', () => {
    const text = pdf.text();
    expect(text).toContain('C-001');
    expect(text).not.toContain('Anna Schmidt');
    expect(text).not.toContain('@client.example');
    expect(text).not.toContain('@supervision.example');
  });

  test('is the same document, byte for byte, for the same portfolio and evaluation date', () => {
    expect(again.bytes.equals(pdf.bytes)).toBe(true);
  });

  test('names the applicant as the document’s Author', () => {
    expect(pdf.info().Author).toBe(EUROPEAN_NAMES.lithuanian);
  });

  test('a draft shows each declaration in full, to be made at submission, with the criteria set and edition', () => {
    const declarations = pageWith(pdf, 'Declarations');
    expect(declarations).toContain('These declarations are made at submission, for EMCC Global Individual Accreditation (EIA), edition 2026-12-03');
    expect(declarations).toContain('EMCC Global Code of Ethics To be made at submission');
    expect(declarations).toContain('Diversity and Inclusion declaration To be made at submission');
    expect(declarations).toContain('I have read the Global Code of Ethics for coaches, mentors and supervisors');
    expect(declarations).toContain('I work with every client with respect and without discrimination');
  });

  test('appends the files that support a record and the one chosen; a file linked to nothing and not chosen is left out', () => {
    const text = pdf.text().replace(/\s+/g, ' ');
    expect(text).not.toContain('notes.txt');
    expect(text).not.toContain('Zażółć gęślą jaźń');
    expect(pdf.outlines()).toEqual(expect.arrayContaining(['E1: three-pages.pdf', 'E2: tiny.png']));
    expect(text).toMatch(/E4 encrypted\.pdf .*0 records.*Supports no record: appended by the applicant’s choice/);
  });

  test('each log row cites its evidence, and each appendix and index line names the records it supports', () => {
    const text = pdf.text().replace(/\s+/g, ' ');
    const cpd = pageWith(pdf, 'CPD log');
    expect(cpd).toMatch(/18 ?h E1/);
    expect(text).toMatch(/Talk · 1 June 2026 · 2 ?h · https:\/\/example\.org\/talk · Evidence: E3/);
    expect(text).toMatch(/C-001 · 20 February 2026 Written feedback · Evidence: E2/);
    expect(text).toContain('Evidence E1, page 1 of 3: three-pages.pdf SHA-256 ');
    expect(text).toMatch(/Evidence E1, page 1 of 3: three-pages\.pdf SHA-256 [0-9a-f]{64} Supports: CPD: Advanced Coaching Supervision · 3 February 2026 · 18 ?h/);
    expect(text).toMatch(/Evidence E2: tiny\.png SHA-256 [0-9a-f]{64} Supports: Feedback: C-001 · 20 February 2026/);
    expect(text).toMatch(/Supports: Contributions: Supervision in small practices/);
  });

  test('the client log opens with one line per client: first and last session, sessions, hours, paid and pro bono', () => {
    const text = pdf.text().replace(/\s+/g, ' ');
    expect(text).toContain('14 client codes, by first session.');
    expect(text).toMatch(/Client First session Last session Sessions Hours Paid Pro bono C-020 1 March 2025 30 November 2025 1 22 ?h 22 ?h 0 ?h C-001 1 January 2026 1 January 2026 1 4\.5 ?h 4\.5 ?h 0 ?h/);
    expect(text).toMatch(/G-01 12 May 2026 12 May 2026 1 6 ?h 0 ?h 6 ?h/);
  });

  test('places a page the evidence file turns by 90° as the file shows it', () => {
    const placed = pdf.pages().find((page) => page.includes('Evidence E1, page 3 of 3'))!;
    expect(placed).toContain('Page marker P3-OF-3');
  });
});

test('blind review leaves out the applicant’s name and membership number, and says the appended files may name them', async () => {
  await makeSamplePortfolio(t.deps, ana.id);
  const { pdf } = await downloadPdf(`level=practitioner&asOf=${AS_OF}&blind=1`);
  const text = pdf.text();
  expect(text).toContain('Withheld for blind review');
  expect(text).not.toContain(EUROPEAN_NAMES.lithuanian);
  expect(text).not.toContain('EMCC-4471');
  expect(pdf.info().Title).toBe('Practitioner application');
  expect(pdf.info().Author).toBe('Withheld for blind review');
  expect(text.replace(/\s+/g, ' ')).toContain('The appended evidence files are included as uploaded and may name the applicant.');
  expect(text).toContain('Evidence E1, page 1 of 3');
});

test('a blind copy may list the appended files without their pages, at the applicant’s request', async () => {
  await makeSamplePortfolio(t.deps, ana.id);
  const { pdf } = await downloadPdf(`level=practitioner&asOf=${AS_OF}&blind=1&omitAppendices=1`);
  const text = pdf.text().replace(/\s+/g, ' ');
  expect(text).toContain('the appended evidence files, at the applicant’s request; the evidence index lists them');
  expect(text).toMatch(/three-pages\.pdf .*Listed only: left out of this blind copy at the applicant’s request/);
  expect(text).not.toContain('Evidence E1, page 1 of 3');
  expect(pdf.outlines()).not.toContain('Appendices: evidence files');
  // Without blind review, the request to leave them out does nothing.
  expect((await downloadPdf(`level=practitioner&asOf=${AS_OF}&omitAppendices=1`)).pdf.text()).toContain('Evidence E1, page 1 of 3');
});

test('the options page lists every file with whether it is appended; the choice is kept and the PDF follows it', async () => {
  await makeSamplePortfolio(t.deps, ana.id);
  const page = await agent.get('/portfolio/pdf');
  expect(page.text).toContain('4 of 5 files are appended now.');
  const files = await testDb.current.db('evidence_files').select('id', 'name').orderBy('id');
  const id = (name: string) => String(files.find((file) => file.name === name)!.id);
  expect(page.text).toMatch(new RegExp(`id="append-${id('three-pages.pdf')}" name="append" value="${id('three-pages.pdf')}" checked>`));
  expect(page.text).toMatch(new RegExp(`id="append-${id('notes.txt')}" name="append" value="${id('notes.txt')}">`));
  expect(page.text).toContain('supports no record · your choice');
  expect(page.text).toContain('Appended files are included as uploaded');

  // Leave the certificate out, append the note.
  const listed = files.map((file) => String(file.id));
  const download = await submitForm(agent, '/portfolio/pdf', { level: 'practitioner', asOf: AS_OF, listed, append: [id('tiny.png'), id('notes.txt'), id('encrypted.pdf')] });
  // Rendered in the background; a quick one is ready within the wait, so the answer is the download.
  expect(download.status).toBe(303);
  expect(download.headers.location).toMatch(/^\/renders\/\d+\/pdf$/);
  const rendered = await binary(agent.get(download.headers.location!));
  expect(rendered.status).toBe(200);
  expect(rendered.headers['content-disposition']).toContain(`eia-practitioner-${AS_OF}-draft.pdf`);
  // The options page lists it for the day it is kept, with its link.
  expect((await agent.get('/portfolio/pdf')).text).toMatch(new RegExp(`Your PDFs of the last day[\\s\\S]*Draft PDF[\\s\\S]*<a href="${download.headers.location}">Ready, [0-9.]+ [KM]B</a>`));
  expect(await testDb.current.db('evidence_files').select('name', 'appendix_choice').orderBy('id')).toEqual([
    { name: 'three-pages.pdf', appendix_choice: 'exclude' },
    { name: 'tiny.png', appendix_choice: null },
    { name: 'notes.txt', appendix_choice: 'include' },
    { name: 'damaged.pdf', appendix_choice: 'exclude' },
    { name: 'encrypted.pdf', appendix_choice: 'include' },
  ]);
  const { pdf } = await downloadPdf(`level=practitioner&asOf=${AS_OF}`);
  const text = pdf.text().replace(/\s+/g, ' ');
  expect(text).toMatch(/three-pages\.pdf .*Listed only: the applicant did not append it/);
  expect(text).not.toContain('Evidence E1, page 1 of 3');
  expect(text).toContain('Reflection notes: Zażółć gęślą jaźń.');
  // The CPD record still cites its certificate, which the index lists.
  expect(pageWith(pdf, 'CPD log')).toMatch(/18 ?h E1/);
  // The sample portfolio's own choice (the encrypted file), then this one.
  expect(await testDb.current.db('audit_events').where('action', 'evidence.appendices_chosen').count('* as n').first()).toEqual({ n: 2 });
});

test('the dashboard links to the PDF of the level in view; the options page offers level, date and blind review', async () => {
  await makeSamplePortfolio(t.deps, ana.id, { files: false });
  const dashboard = await agent.get('/?level=foundation&asOf=2026-10-01');
  expect(dashboard.text).toMatch(/<form method="post" action="\/portfolio\/pdf"[^>]*>[\s\S]*?name="level" value="foundation">\s*<input type="hidden" name="asOf" value="2026-10-01">/);
  const options = await agent.get('/portfolio/pdf');
  expect(options.status).toBe(200);
  expect(options.text).toMatch(/<option value="practitioner" selected>Practitioner<\/option>/);
  expect(options.text).toContain('name="blind"');
  expect(options.text).toContain('name="asOf"');
});

test('a bad date or level is shown on the PDF page with the choices kept; the API answers 422', async () => {
  const page = await agent.get('/portfolio.pdf?level=senior_practitioner&asOf=2026-02-30');
  expect(page.status).toBe(422);
  expect(page.text).toContain('is not a date: write it as YYYY-MM-DD');
  expect(page.text).toMatch(/<option value="senior_practitioner" selected>/);
  const { token } = await createApiToken(t.deps, ana.id, 'pdf');
  const api = await t.agent().get('/api/v1/portfolio.pdf?level=grandmaster').set('Authorization', `Bearer ${token}`);
  expect(api.status).toBe(422);
  expect(api.body.error.errors[0].path).toBe('/level');
  expect(api.body.error.errors[0].message).toContain('is not a level of EMCC');
  const ok = await binary(t.agent().get('/api/v1/portfolio.pdf?level=foundation').set('Authorization', `Bearer ${token}`));
  expect(ok.status).toBe(200);
  expect(new PdfFile(ok.body as Buffer).text()).toContain('Requirements of Foundation');
  expect((await t.agent().get('/api/v1/portfolio.pdf')).status).toBe(401);
});

test('a 2,000-record client log repeats its header row on every page and splits no row', async () => {
  const portfolio = await portfolioOf(t.deps, ana.id);
  const records = Array.from({ length: 2000 }, (_, index) => ({
    clientCode: `C-${String(index % 150).padStart(3, '0')}`,
    date: `2025-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`,
    hours: 1.5,
    format: 'one_to_one',
    practiceKind: 'coaching',
    payment: index % 5 ? 'paid' : 'pro_bono',
    sponsor: index % 3 ? 'Kauno klinikos' : undefined,
  }));
  await recordRepository.insertMany(t.deps.db, definitionOf('practice'), portfolio.id, records, t.clock.now());
  const { pdf } = await downloadPdf(`level=practitioner&asOf=${AS_OF}`);
  // Pages of the session-by-session log (the per-client lines before it have no format column).
  const logPages = pdf.pages({ layout: true }).filter((page) => /C-\d{3}\s+1\.5 h\s+One-to-one/.test(page));
  expect(logPages.length).toBeGreaterThan(30);
  for (const page of logPages) {
    const lines = page.split('\n').filter((line) => line.trim());
    // The header row comes before the first session on every page of the log.
    const header = lines.findIndex((line) => /Date\s+Client\s+Hours\s+Format\s+Practice\s+Payment\s+Sponsor\s+Evidence/.test(line));
    expect(header).toBeGreaterThan(0);
    expect(lines.slice(1, header).every((line) => !/C-\d{3}\s+1\.5 h\s+One-to-one/.test(line))).toBe(true);
  }
  // Every record is there once: 2,000 rows of 1.5 h.
  expect(pdf.text().match(/1\.5 h/g)!.length).toBeGreaterThanOrEqual(2000);
  expect(pdf.text().replace(/\s+/g, ' ')).toContain('Client contact hours 3000 h');
  expect(pdf.text().replace(/\s+/g, ' ')).toContain('150 client codes, by first session.');
});

test('an appended PDF with fonts it does not embed is placed, and the document no longer claims PDF/A', async () => {
  const letter = await upload(t.deps, ana.id, 'helvetica-letter.pdf');
  await chooseAppendices(t.deps, ana.id, [letter.id], [letter.id]);
  const { pdf } = await downloadPdf(`level=foundation&asOf=${AS_OF}`);
  expect(pdf.text()).toContain('A letter set in Helvetica');
  expect(pdf.bytes.toString('latin1')).not.toContain('pdfaid:part');
  expect(
    pdf
      .fonts()
      .filter((font) => !font.embedded)
      .map((font) => font.name),
  ).toEqual(['Helvetica']);
});

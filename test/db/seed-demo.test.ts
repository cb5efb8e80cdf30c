import { crc32, inflateSync } from 'node:zlib';
import { localPath } from '../support/local-store';
import { readFileSync } from 'node:fs';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { signInAs } from '../support/factories';
import { seedDemoPortfolio, type DemoResult } from '../../src/demo/demo-portfolio';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from '../../scripts/seed-demo';
import { authenticate } from '../../src/domain/accounts/account-service';
import { portfolioOf } from '../../src/domain/portfolio/portfolio-service';
import { listEvidenceFiles } from '../../src/domain/evidence/evidence-service';
import { recordRepository } from '../../src/db/repositories/record-repository';
import { definitionOf, RECORD_DEFINITIONS, RECORD_TYPES, type RecordType } from '../../src/domain/records';
import { COMPETENCES } from '../../src/domain/vocabulary';
import { isoDay } from '../../src/domain/dates';
import { daysBefore } from '../../src/demo/demo-dates';

const PASSWORD = 'cedar lantern evening';
const TABLES: Record<RecordType, string> = Object.fromEntries(RECORD_DEFINITIONS.map((definition) => [definition.type, definition.table])) as Record<RecordType, string>;

const testDb = useTestDb();
let t: TestApp;
const db = () => testDb.current.db;
const today = () => isoDay(t.clock.now());

beforeEach(() => {
  t = createTestApp({ db: db() });
});

const seed = (email = 'alex@example.org', deps = t.deps) => seedDemoPortfolio(deps, { email, password: PASSWORD, today: today() });

async function portfolioIdOf(result: DemoResult) {
  return (await portfolioOf(t.deps, result.userId)).id;
}

/** Rows of a record table for one portfolio, oldest id first. */
async function rows(type: RecordType, portfolioId: number): Promise<Record<string, unknown>[]> {
  return db()(TABLES[type]).where('portfolio_id', portfolioId).orderBy('id');
}

describe('the demo portfolio', () => {
  test('the demo applicant signs in with the given password and aims at Practitioner, first practising about 4 years ago', async () => {
    const result = await seed();
    const user = await authenticate(t.deps, 'alex@example.org', PASSWORD);
    expect(user?.id).toBe(result.userId);
    expect(user?.roles).toEqual(['applicant']);
    expect(await authenticate(t.deps, 'alex@example.org', 'not the password')).toBeUndefined();
    const portfolio = await portfolioOf(t.deps, result.userId);
    expect(portfolio).toMatchObject({ displayName: 'Alex Morgan', targetLevel: 'practitioner', practiceRole: 'both' });
    expect(portfolio.firstPracticeDate! < daysBefore(today(), 4 * 365)).toBe(true);
    expect(portfolio.firstPracticeDate! > daysBefore(today(), 4 * 365 + 90)).toBe(true);

    // And the app shows it: sign in through the form and read the log's totals.
    const agent = t.agent();
    await signInAs(agent, { email: 'alex@example.org' }, PASSWORD);
    const practicePage = await agent.get('/practice');
    expect(practicePage.status).toBe(200);
    expect(practicePage.text).toMatch(/<strong>105<\/strong> practice records · <strong>[\d.]+ h<\/strong> in total/);
  });

  test('every log is filled: counts per table, 130–170 client hours with 14 clients, every date on or before today', async () => {
    const result = await seed();
    const portfolioId = await portfolioIdOf(result);
    const expected = { practice: 105, supervision: 24, cpd: 10, contribution: 4, feedback: 8, reflection: 10, supervision_practice: 0 };
    expect(result.counts).toEqual(expected);
    expect(result.files).toBe(3);
    for (const type of RECORD_TYPES) expect((await rows(type, portfolioId)).length).toBe(expected[type]);

    const practice = await rows('practice', portfolioId);
    const hours = practice.reduce((sum, row) => sum + Number(row.hours), 0);
    expect(hours).toBeGreaterThanOrEqual(130);
    expect(hours).toBeLessThanOrEqual(170);
    expect((await recordRepository.totals(db(), definitionOf('practice'), portfolioId)).hours).toBe(hours);
    const clients = new Set(practice.map((row) => row.client_code));
    expect(clients.size).toBe(14);
    for (const code of clients) expect(code).toMatch(/^C-\d{3}$/);
    expect(practice.filter((row) => row.format === 'one_to_one').length).toBeGreaterThan(90);
    for (const row of practice.filter((each) => each.format !== 'one_to_one')) expect(Number(row.group_size)).toBeGreaterThanOrEqual(2);
    expect(new Set(practice.map((row) => row.format))).toEqual(new Set(['one_to_one', 'group', 'team']));
    expect(practice.filter((row) => row.end_date !== null)).toHaveLength(2);
    expect(new Set(practice.map((row) => row.payment))).toEqual(new Set(['paid', 'pro_bono']));
    expect(new Set(practice.map((row) => row.practice_kind))).toEqual(new Set(['coaching', 'mentoring']));
    expect(new Set(practice.map((row) => row.sponsor).filter(Boolean)).size).toBeGreaterThanOrEqual(3);
    const practiceDates = practice.flatMap((row) => [row.date, row.end_date].filter(Boolean) as string[]);
    expect(practiceDates.every((date) => date <= today() && date >= daysBefore(today(), 731))).toBe(true);
    expect(practiceDates.some((date) => date < daysBefore(today(), 700))).toBe(true);

    const feedback = await rows('feedback', portfolioId);
    expect(feedback.every((row) => String(row.date) <= today() && clients.has(row.client_code))).toBe(true);
    expect(feedback.filter((row) => String(row.date) > daysBefore(today(), 365)).length).toBeGreaterThanOrEqual(5);

    const supervision = await rows('supervision', portfolioId);
    const individual = supervision.filter((row) => row.format === 'individual');
    expect(individual.length).toBeGreaterThanOrEqual(20);
    expect(new Set(individual.map((row) => `${row.supervisor_name} <${row.supervisor_email}>`))).toEqual(new Set(['Dr Helen Marsh <helen.marsh@example.org>']));
    expect(individual.every((row) => Number(row.hours) === 1)).toBe(true);
    expect(supervision.filter((row) => row.format === 'group')).toHaveLength(2);
    expect(supervision.every((row) => String(row.date) <= today())).toBe(true);

    const cpd = await rows('cpd', portfolioId);
    const cpdHoursBetween = (from: string, to: string) => cpd.filter((row) => String(row.end_date) > from && String(row.end_date) <= to).reduce((sum, row) => sum + Number(row.hours), 0);
    expect(cpdHoursBetween(daysBefore(today(), 365), today())).toBeGreaterThanOrEqual(16);
    expect(cpdHoursBetween(daysBefore(today(), 730), daysBefore(today(), 365))).toBeGreaterThanOrEqual(16);
    expect(cpd.filter((row) => row.accreditation === 'EMCC EQA')).toHaveLength(1);
    expect(new Set(cpd.map((row) => row.kind)).size).toBeGreaterThanOrEqual(4);
  });

  test('reflections and case studies evidence all 8 competence categories and link supervision and CPD records of the same portfolio', async () => {
    const result = await seed();
    const portfolioId = await portfolioIdOf(result);
    const reflections = await rows('reflection', portfolioId);
    expect(reflections.filter((row) => row.kind === 'case_study')).toHaveLength(2);
    expect(new Set(reflections.flatMap((row) => row.competences as string[]))).toEqual(new Set(COMPETENCES.ids));
    expect(reflections.filter((row) => String(row.date) > daysBefore(today(), 365)).length).toBeGreaterThanOrEqual(5);
    expect(reflections.every((row) => String(row.date) <= today())).toBe(true);
    const links = reflections.flatMap((row) => row.linked_records as string[]);
    expect(new Set(links.map((link) => link.split(':')[0]))).toEqual(new Set(['supervision', 'cpd']));
    for (const link of links) {
      const [type, id] = link.split(':') as [RecordType, string];
      const target = await recordRepository.find(db(), definitionOf(type), portfolioId, Number(id));
      expect(target).toBeDefined();
    }
    const text = reflections.map((row) => `${row.title} ${row.text}`).join(' ');
    expect(text).not.toMatch(/@/);
  });

  test('three evidence files, valid by content, are stored and linked to a CPD record, a feedback item and a supervision record', async () => {
    const result = await seed();
    const portfolioId = await portfolioIdOf(result);
    const { files } = await listEvidenceFiles(t.deps, result.userId);
    expect(files.map((file) => file.mediaType).sort()).toEqual(['application/pdf', 'image/png', 'text/plain']);
    const linkOf = (mediaType: string) => files.find((file) => file.mediaType === mediaType)!.links;
    expect(linkOf('application/pdf').map((link) => link.type)).toEqual(['cpd']);
    expect(linkOf('image/png').map((link) => link.type)).toEqual(['feedback']);
    expect(linkOf('text/plain').map((link) => link.type)).toEqual(['supervision']);
    const course = await recordRepository.find(db(), definitionOf('cpd'), portfolioId, linkOf('application/pdf')[0]!.id);
    expect(course?.values.accreditation).toBe('EMCC EQA');
    const bytesOf = (mediaType: string) => readFileSync(localPath(t.deps, files.find((file) => file.mediaType === mediaType)!.sha256));

    // The PDF: every cross-reference offset points at its object, and startxref at the table.
    const pdf = bytesOf('application/pdf').toString('latin1');
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.endsWith('%%EOF\n')).toBe(true);
    const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)![1]);
    expect(pdf.slice(xrefAt, xrefAt + 5)).toBe('xref\n');
    const entries = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n \n/gm)].map((match) => Number(match[1]));
    expect(entries).toHaveLength(7);
    entries.forEach((offset, index) => expect(pdf.slice(offset, offset + `${index + 1} 0 obj`.length)).toBe(`${index + 1} 0 obj`));
    const stream = /<< \/Length (\d+) >>\nstream\n/.exec(pdf)!;
    expect(pdf.slice(stream.index + stream[0].length + Number(stream[1]), stream.index + stream[0].length + Number(stream[1]) + 10)).toBe('\nendstream');
    expect(pdf).toContain('(Alex Morgan)');

    // The PNG: chunk CRCs check out and the image data inflates to the declared size.
    const png = bytesOf('image/png');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('latin1', 37, 41)).toBe('IDAT');
    expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe(height * (1 + width * 3));
    expect(png.subarray(png.length - 12).toString('latin1', 4, 8)).toBe('IEND');
    for (let at = 8; at < png.length; at += 12 + png.readUInt32BE(at)) {
      const length = png.readUInt32BE(at);
      expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    }

    expect(bytesOf('text/plain').toString('utf8')).toContain('Supervisor: Dr Helen Marsh');
  });

  test('seeding an email that already has an account is refused and changes nothing', async () => {
    const first = await seed();
    const before = await db()('practice_entries').count<{ count: number }[]>('* as count');
    await expect(seed()).rejects.toMatchObject({ code: 'conflict' });
    await expect(seed('ALEX@example.org ')).rejects.toMatchObject({ code: 'conflict' });
    expect(await db()('practice_entries').count<{ count: number }[]>('* as count')).toEqual(before);
    expect((await db()('users').select('id')).map((row) => row.id)).toEqual([first.userId]);
  });

  test('a failure part-way leaves nothing behind: the seed is one transaction', async () => {
    await expect(seed('alex@example.org', { ...t.deps, quotaBytes: 100 })).rejects.toMatchObject({ code: 'validation' });
    for (const table of ['users', 'portfolios', 'practice_entries', 'reflections', 'evidence_files']) {
      expect(await db()(table).count<{ count: number }[]>('* as count')).toEqual([{ count: 0 }]);
    }
  });

  test('a "today" after the clock\'s today is refused before anything is written', async () => {
    const tomorrow = daysBefore(today(), -1);
    await expect(seedDemoPortfolio(t.deps, { email: 'alex@example.org', password: PASSWORD, today: tomorrow })).rejects.toThrow(/not after the clock/);
    expect(await db()('users').count<{ count: number }[]>('* as count')).toEqual([{ count: 0 }]);
  });

  test('two seeds on the same day give identical records and files (deterministic)', async () => {
    const a = await seed('a@example.org');
    const b = await seed('b@example.org');
    const [portfolioA, portfolioB] = [await portfolioIdOf(a), await portfolioIdOf(b)];
    // Links name ids, which differ: compare them as "type#position" within each portfolio.
    const positions = async (portfolioId: number) => {
      const map = new Map<string, string>();
      for (const type of RECORD_TYPES) (await rows(type, portfolioId)).forEach((row, index) => map.set(`${type}:${row.id}`, `${type}#${index}`));
      return map;
    };
    const [positionsA, positionsB] = [await positions(portfolioA), await positions(portfolioB)];
    for (const type of RECORD_TYPES) {
      const values = async (portfolioId: number, position: Map<string, string>) =>
        (await recordRepository.list(db(), definitionOf(type), portfolioId, { sort: definitionOf(type).dateField, direction: 'asc' })).map((record) => ({
          ...record.values,
          ...(record.values.linkedRecords ? { linkedRecords: (record.values.linkedRecords as string[]).map((link) => position.get(link)) } : {}),
        }));
      expect(await values(portfolioA, positionsA)).toEqual(await values(portfolioB, positionsB));
    }
    const hashes = async (userId: number) => (await listEvidenceFiles(t.deps, userId)).files.map((file) => `${file.name} ${file.sha256}`).sort();
    expect(await hashes(a.userId)).toEqual(await hashes(b.userId));
  });
});

describe('npm run seed:demo', () => {
  test('prints where and how to sign in; run again, it says the account exists and changes nothing', async () => {
    const out: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => out.push(`ERR ${line}`) };
    expect(await seedDemo(t.deps, io)).toBe(0);
    const printed = out.join('\n');
    expect(printed).toContain('Sign in at http://eia.test/login');
    expect(printed).toContain(`email:    ${DEMO_EMAIL}`);
    expect(printed).toContain(`password: ${DEMO_PASSWORD}`);
    expect(printed).toMatch(/105 practice records \(\d+(\.\d+)? h\)/);
    expect(printed).toContain('no administrator yet');
    expect(await authenticate(t.deps, DEMO_EMAIL, DEMO_PASSWORD)).toBeDefined();

    out.length = 0;
    expect(await seedDemo(t.deps, io)).toBe(0);
    expect(out.join('\n')).toContain('already exists; nothing was changed');
    expect(out.join('\n')).toContain(`password: ${DEMO_PASSWORD}`);
    expect(await db()('users').count<{ count: number }[]>('* as count')).toEqual([{ count: 1 }]);
    expect(await db()('practice_entries').count<{ count: number }[]>('* as count')).toEqual([{ count: 105 }]);
  });
});

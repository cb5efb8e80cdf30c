import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser, signInAs } from '../support/factories';
import { csrfTokenIn, fieldError, submitForm } from '../support/forms';
import { xlsxBomb } from '../support/zip-bomb';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import type { User } from '../../src/db/repositories/user-repository';

/**
 * What an attacker or a clumsy client sends: broken multipart bodies, NUL characters, bodies
 * nested thousands deep, ids that are not ids, spreadsheets that inflate to gigabytes, text in
 * UTF-16. Each gets a clear 4xx with a message, nothing is stored, and the server keeps serving.
 */

const testDb = useTestDb();
const db = () => testDb.current.db;
let t: TestApp;
let ana: User;
let agent: ReturnType<TestApp['agent']>;
let token: string;

beforeEach(async () => {
  t = createTestApp({ db: db() });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
  token = (await createApiToken(t.deps, ana.id, 'hostile')).token;
  agent = t.agent();
  await signInAs(agent, ana);
});

const api = (method: 'get' | 'post' | 'patch', url: string) => t.agent()[method](`/api/v1${url}`).set('Authorization', `Bearer ${token}`);
const healthy = async () => expect((await t.agent().get('/healthz')).status).toBe(200);

/** A page's multipart form action with its CSRF token, as the browser would post it. */
async function formAction(page: string, action: RegExp): Promise<string> {
  const html = (await agent.get(page)).text;
  return action.exec(html)![0]!.replace(/&amp;/g, '&');
}

describe('multipart bodies that are not well-formed', () => {
  test('no boundary, a wrong boundary or a body cut short: 400 with a message, on every upload form and the API', async () => {
    const importAction = await formAction('/import', /\/import\?_csrf=[^"]+/);
    const filesAction = await formAction('/files', /\/files\?_csrf=[^"]+/);
    const restoreAction = await formAction('/export', /\/export\/restore\?_csrf=[^"]+/);
    const cut = (field: string) => `--xyz\r\nContent-Disposition: form-data; name="${field}"; filename="log.csv"\r\nContent-Type: text/csv\r\n\r\nClient code,Hours\r\nC-1,1`;
    for (const [url, field] of [
      [importAction, 'file'],
      [filesAction, 'files'],
      [restoreAction, 'file'],
    ] as const) {
      for (const [type, body] of [
        ['multipart/form-data', 'kind=practice'],
        ['multipart/form-data; boundary=abc', '--xyz\r\nnot a part'],
        ['multipart/form-data; boundary=xyz', cut(field)],
      ] as const) {
        const response = await agent.post(url).set('Content-Type', type).send(body);
        expect([url, type, response.status]).toEqual([url, type, 400]);
        expect(response.text).toContain('The upload could not be read: the form arrived incomplete or malformed.');
      }
    }
    const apiResponse = await api('post', '/imports').set('Content-Type', 'multipart/form-data').send('kind=practice');
    expect(apiResponse.status).toBe(400);
    expect(apiResponse.body.error.message).toMatch(/^The upload could not be read/);
    await healthy();
  });

  test('the public verify page answers a broken multipart body with 400, not 500', async () => {
    const verify = await t.agent().post('/verify/7K3M-Q9TZ-2B4X').set('Content-Type', 'multipart/form-data; boundary=').send('--\r\n');
    expect(verify.status).toBeGreaterThanOrEqual(400);
    expect(verify.status).toBeLessThan(500);
    await healthy();
  });
});

describe('text that cannot be stored', () => {
  test('a NUL character in a form field, an API field or a file name is refused, naming the field; nothing is stored', async () => {
    const form = await submitForm(agent, '/supervision/new', { date: '2026-02-01', hours: '1', supervisorName: 'Sam\u0000Lee', format: 'individual' }, '/supervision');
    expect(form.status).toBe(422);
    expect(fieldError(form.text, 'supervisorName')).toMatch(/^This text holds a character that cannot be stored/);
    const json = await api('post', '/feedback').send({ date: '2026-02-21', clientCode: 'C-1', channel: 'written', summary: 'Half an emoji: \ud83d' });
    expect(json.status).toBe(422);
    expect(json.body.error.errors[0]).toMatchObject({ path: '/summary' });
    const filesAction = await formAction('/files', /\/files\?_csrf=[^"]+/);
    // A NUL written into the part's header breaks the header; one percent-encoded reaches the name.
    const raw = await agent.post(filesAction).attach('files', Buffer.from('notes'), 'bad\u0000name.txt');
    expect(raw.status).toBe(400);
    const encoded = ['--xyz', 'Content-Disposition: form-data; name="files"; filename*=UTF-8\'\'bad%00name.txt', 'Content-Type: text/plain', '', 'notes', '--xyz--', ''].join('\r\n');
    const named = await agent.post(filesAction).set('Content-Type', 'multipart/form-data; boundary=xyz').send(encoded);
    expect(named.status).toBe(422);
    expect(named.text).toContain('The file’s name holds a character that cannot be stored');
    expect(await db()('supervision_entries').count('* as n').first()).toEqual({ n: 0 });
    expect(await db()('evidence_files').count('* as n').first()).toEqual({ n: 0 });
  });

  test('a JSON body nested 2,000 levels deep is refused before anything walks it', async () => {
    let nested: unknown = 'bottom';
    for (let i = 0; i < 2000; i += 1) nested = { a: nested };
    const response = await api('post', '/practice')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ clientCode: 'C-1', notes: nested }));
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/nests more than 32 levels deep/);
    await healthy();
  });
});

describe('ids that name no row', () => {
  test('1.5, 1e3, a negative or a number past the largest id: "not found" or a field message, never 500', async () => {
    for (const id of ['1.5', '1e3', '-1', '0', '99999999999', '2147483648']) {
      expect([id, (await agent.get(`/practice/${id}`)).status]).toEqual([id, 404]);
      expect([id, (await api('get', `/practice/${id}`)).status]).toEqual([id, 404]);
    }
    const page = await agent.get('/submit?level=practitioner');
    const submit = await agent
      .post('/submit')
      .type('form')
      .send({ level: 'practitioner', previousId: '1.5', _csrf: csrfTokenIn(page.text) });
    expect(submit.status).toBeLessThan(500);
    expect((await agent.get('/submit?resubmit=1.5')).status).toBe(200);
    expect((await api('post', '/submissions').send({ previousId: 1.5, declarations: {} })).status).toBe(422);
  });
});

describe('spreadsheets made to exhaust the server', () => {
  test('a 6 MB workbook that unpacks to 2 GB is refused with the limit it passed, and the server answers the next request', async () => {
    const bomb = xlsxBomb({ unpacksTo: 2e9 });
    const importAction = await formAction('/import', /\/import\?_csrf=[^"]+/);
    const before = process.memoryUsage().rss;
    const page = await agent.post(importAction).field('kind', 'practice').attach('file', bomb, 'log.xlsx');
    expect(page.status).toBe(422);
    expect(page.text).toContain('The spreadsheet unpacks to more than 50 MB, more than any log needs');
    const lying = await api('post', '/imports')
      .field('kind', 'practice')
      .attach('file', xlsxBomb({ unpacksTo: 2e9, declares: 8 * 1024 * 1024 }), 'log.xlsx');
    expect(lying.status).toBe(422);
    expect(lying.body.error.errors[0].message).toMatch(/^The file has more than 10,000 rows/);
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
    await healthy();
    expect(await db()('import_batches').count('* as n').first()).toEqual({ n: 0 });
  });

  test('a UTF-16 spreadsheet export (Excel’s “Unicode text”) is read; a file of NULs is refused with what to do', async () => {
    const text = 'client_code\tdate\thours\tformat\tpractice_kind\tpayment\nC-017\t2026-03-12\t1.5\tone_to_one\tcoaching\tpaid\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const preview = await api('post', '/imports').field('kind', 'practice').attach('file', utf16, 'log.txt');
    expect(preview.status).toBe(200);
    expect(preview.body.toAdd).toEqual([expect.objectContaining({ row: 2, values: expect.objectContaining({ clientCode: 'C-017', hours: 1.5 }) })]);
    const binary = await api('post', '/imports').field('kind', 'practice').attach('file', Buffer.from(text, 'utf16le'), 'log.csv');
    expect(binary.status).toBe(422);
    expect(binary.body.error.errors[0].message).toMatch(/^The file holds NUL characters/);
  });
});

describe('file names', () => {
  test('a non-ASCII name is kept in UTF-8: listed, and downloaded with it in Content-Disposition', async () => {
    const filesAction = await formAction('/files', /\/files\?_csrf=[^"]+/);
    const upload = await agent.post(filesAction).attach('files', Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), 'résumé Łódź.pdf');
    expect(upload.status).toBe(303);
    const file = await db()('evidence_files').first();
    expect(file.name).toBe('résumé Łódź.pdf');
    expect((await agent.get('/files')).text).toContain('résumé Łódź.pdf');
    const download = await agent.get(`/files/${file.id}/download`);
    expect(download.headers['content-disposition']).toContain("filename*=UTF-8''r%C3%A9sum%C3%A9%20%C5%81%C3%B3d%C5%BA.pdf");
  });
});

import path from 'node:path';
import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { csrfTokenIn } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import type { User } from '../../src/db/repositories/user-repository';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { FakeClock } from '../support/fake-clock';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'import', name);
const testDb = useTestDb();
let t: TestApp;
let jo: User;
let agent: ReturnType<TestApp['agent']>;
const db = () => testDb.current.db;

beforeEach(async () => {
  t = createTestApp({ db: testDb.current.db });
  await makeUser(t.deps, ['admin'], { email: 'admin@example.org' });
  // The calendars' owner: their own address is never taken for a client or a supervisor.
  jo = await makeUser(t.deps, ['applicant'], { email: 'jo.mentor@example.org' });
  agent = t.agent();
  await signInAs(agent, jo);
});

async function uploadCalendar(file: string | Buffer, fields: Record<string, string> = {}) {
  const page = await agent.get('/import');
  let request = agent.post(`/import/calendar?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`);
  for (const [name, value] of Object.entries({ calendarKind: 'practice', from: '2026-01-01', to: '2026-04-30', ...fields })) request = request.field(name, value);
  return typeof file === 'string' ? request.attach('calendarFile', file) : request.attach('calendarFile', file, 'calendar.ics');
}

async function setRules(batchPath: string, rules: Record<string, string>) {
  const preview = await agent.get(batchPath);
  return agent
    .post(`${batchPath}/calendar-rules`)
    .type('form')
    .send({ _csrf: csrfTokenIn(preview.text), ...rules });
}

async function commit(batchPath: string) {
  const preview = await agent.get(batchPath);
  return agent
    .post(`${batchPath}/commit`)
    .type('form')
    .send({ _csrf: csrfTokenIn(preview.text) });
}

const attendeeField = (html: string) => /name="(attendee-[0-9a-f]{64})"/.exec(html)?.[1];

describe('importing practice sessions from a calendar', () => {
  test('upload, preview with what was left out, rules, commit: the records exist and the attendee is kept only as a hash', async () => {
    const uploaded = await uploadCalendar(fixture('google-calendar.ics'));
    expect(uploaded.status).toBe(303);
    const batchPath = uploaded.headers.location!;
    let preview = await agent.get(batchPath);
    expect(preview.text).toContain('1 cancelled event');
    expect(preview.text).toContain('1 all-day event');
    expect(preview.text).toContain('Sessions to fix (5)');
    expect(preview.text).toContain('No rule gives this session a client code');
    expect(preview.text).toContain('an…@example.com (5 sessions)');
    expect(preview.text).not.toContain('ana.novak@example.com');
    // Nothing can be committed while sessions lack a client code.
    expect((await commit(batchPath)).status).toBe(409);

    // A title rule gives the code first; then the attendee is mapped, which wins over it.
    await setRules(batchPath, { contains1: 'Ana', containsCode1: 'C-101', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
    preview = await agent.get(batchPath);
    expect(preview.text).not.toContain('Sessions to fix');
    expect(preview.text).toContain('C-101');
    const field = attendeeField(preview.text)!;
    await setRules(batchPath, { [field]: 'C-017', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
    preview = await agent.get(batchPath);
    expect(preview.text).toContain('Import 5 records');

    const committed = await commit(batchPath);
    expect(committed.headers.location).toBe('/practice');
    const records = await db()('practice_entries').orderBy('date');
    expect(records.map((record) => [String(record.client_code), Number(record.hours)])).toEqual([
      ['C-017', 1],
      ['C-017', 1],
      ['C-017', 1.5],
      ['C-017', 1],
      ['C-017', 1],
    ]);
    const remembered = await db()('calendar_attendee_codes').select();
    expect(remembered).toHaveLength(1);
    expect(remembered[0]).toMatchObject({ address_hash: field.slice('attendee-'.length), client_code: 'C-017' });
    expect(JSON.stringify(remembered)).not.toContain('ana.novak');
    // The batch kept with the preview holds no address either.
    expect(JSON.stringify(await db()('import_batches').select('calendar', 'rows'))).not.toContain('ana.novak@example.com');

    // The next calendar with the same attendee is recognised, and its sessions are duplicates.
    const again = await uploadCalendar(fixture('google-calendar.ics'), { from: '2026-03-01', to: '2026-12-01' });
    const next = await agent.get(again.headers.location!);
    expect(next.text).toContain('value="C-017"');
    await setRules(again.headers.location!, { [field]: 'C-017', format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
    const recognised = await agent.get(again.headers.location!);
    expect(recognised.text).toMatch(/Already in your portfolio[\s\S]*?5<\/span>/);
    expect(recognised.text).toContain('Every row of this file is already in your portfolio');
  });

  test('a title pattern gives the client code (a code in the title kept as written), with the choices for the whole calendar', async () => {
    const uploaded = await uploadCalendar(fixture('apple-calendar.ics'));
    await setRules(uploaded.headers.location!, { titlePattern: 'Mentoring {client}', format: 'one_to_one', practiceKind: 'mentoring', payment: 'pro_bono' });
    expect((await commit(uploaded.headers.location!)).status).toBe(303);
    const records = await db()('practice_entries').orderBy('date');
    expect(records.map((record) => [record.client_code, String(record.date instanceof Date ? record.date.toISOString().slice(0, 10) : record.date)])).toEqual([
      ['CK-12', '2026-03-02'],
      ['CK-12', '2026-03-04'],
      ['CK-12', '2026-03-09'],
      ['CK-12', '2026-03-16'],
      ['CK-12', '2026-03-23'],
    ]);
  });
});

describe('importing supervision from a calendar', () => {
  test('the organizer becomes the supervisor, format individual by default', async () => {
    const uploaded = await uploadCalendar(fixture('outlook-calendar.ics'), { calendarKind: 'supervision' });
    const preview = await agent.get(uploaded.headers.location!);
    expect(preview.text).toContain('Import 4 records');
    await commit(uploaded.headers.location!);
    const records = await db()('supervision_entries').select();
    expect(records).toHaveLength(4);
    expect(records[0]).toMatchObject({ supervisor_name: 'Dr Maria Weber', supervisor_email: 'maria.weber@supervision.example', format: 'individual' });
  });
});

describe('a bad calendar is refused on the import page, with a clear message', () => {
  const refused = async (file: Buffer, fields: Record<string, string> = {}) => {
    const response = await uploadCalendar(file, fields);
    expect(response.status).toBe(422);
    expect(response.text).toContain('Import sessions from a calendar');
    return response.text;
  };
  const calendar = (...lines: string[]) => Buffer.from(['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:x', 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT', 'END:VCALENDAR'].join('\r\n'));

  test('not a calendar', async () => {
    expect(await refused(Buffer.from('Date,Hours\n2026-01-01,1\n'))).toContain('The file is not a calendar');
  });

  test('a file over the upload limit', async () => {
    expect(await refused(Buffer.alloc(15 * 1024 * 1024 + 1, 'A'))).toContain('The calendar file is larger than 15 MB');
  });

  test('5,000 nested components', async () => {
    const nested = ['BEGIN:VCALENDAR', ...Array.from({ length: 5000 }, () => 'BEGIN:VEVENT'), ...Array.from({ length: 5000 }, () => 'END:VEVENT'), 'END:VCALENDAR'].join('\r\n');
    expect(await refused(Buffer.from(nested))).toContain('nests its parts more than');
  });

  test('a rule repeating a billion times is bounded by the range and the event limit', async () => {
    const text = await refused(calendar('DTSTART:20260101T090000Z', 'DTEND:20260101T091500Z', 'RRULE:FREQ=HOURLY;COUNT=1000000000', 'SUMMARY:Spam'), { to: '2026-12-01' });
    expect(text).toContain('more than 5,000 sessions between the dates you chose');
    // The same rule over two days is just 48 sessions to check.
    const short = await uploadCalendar(calendar('DTSTART:20260101T090000Z', 'DTEND:20260101T091500Z', 'RRULE:FREQ=HOURLY;COUNT=1000000000', 'SUMMARY:Spam'), { from: '2026-01-02', to: '2026-01-03' });
    expect(short.status).toBe(303);
    expect((await agent.get(short.headers.location!)).text).toContain('Sessions to fix (48)');
  });

  test('a calendar built to be slow is stopped after the time limit (2 s) with a message, the input kept, and the server keeps answering meanwhile', async () => {
    // One step of this rule searches second by second from January to March: about 30 s of the parser, in one call.
    const slow = calendar('DTSTART:20260101T090000Z', 'DTEND:20260101T091500Z', 'RRULE:FREQ=SECONDLY;BYMONTH=3', 'SUMMARY:Slow');
    const started = Date.now();
    let done = false;
    const upload = uploadCalendar(slow, { from: '2026-01-05' }).then((response) => {
      done = true;
      return response;
    });
    const health: { status: number; ms: number }[] = [];
    while (!done) {
      const asked = Date.now();
      const answer = await t.agent().get('/healthz');
      health.push({ status: answer.status, ms: Date.now() - asked });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const response = await upload;
    const elapsed = Date.now() - started;
    expect(response.status).toBe(422);
    expect(response.text).toContain('This calendar took too long to read: more than 2 seconds (the limit is set by IMPORT_CALENDAR_SECONDS)');
    expect(response.text).toContain('value="2026-01-05"');
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(10_000);
    // /healthz was asked while the calendar was read, and answered each time without waiting for it.
    expect(health.length).toBeGreaterThanOrEqual(5);
    expect(health.every((item) => item.status === 200 && item.ms < 1500)).toBe(true);
    expect(await db()('import_batches').count('* as n').first()).toEqual({ n: 0 });
  });

  test('dates the wrong way round', async () => {
    const page = await refused(Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'), { from: '2026-05-01', to: '2026-01-01', calendarKind: 'supervision' });
    expect(page).toContain('the first before the last');
    // What was entered is shown again.
    expect(page).toContain('value="2026-05-01"');
    expect(page).toMatch(/id="calendarKind-supervision" name="calendarKind" value="supervision" checked/);
    expect(await refused(Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'), { from: '2026-02-30' })).toContain('the first before the last');
  });
});

describe('the calendar import API', () => {
  test('checks, then imports with an attendee mapped by address (kept only as a hash)', async () => {
    const { token } = await createApiToken(t.deps, jo.id, 'script');
    const post = (fields: Record<string, string>) => {
      let request = t.agent().post('/api/v1/imports/calendar').set('Authorization', `Bearer ${token}`);
      for (const [name, value] of Object.entries({ kind: 'practice', from: '2026-01-01', to: '2026-04-30', ...fields })) request = request.field(name, value);
      return request.attach('file', fixture('calendly.ics'));
    };
    const checked = await post({});
    expect(checked.status).toBe(200);
    expect(checked.body.calendar).toEqual({
      from: '2026-01-01',
      to: '2026-04-30',
      leftOut: { cancelled: 1, allDay: 0, noDuration: 0 },
      noEnd: [],
      attendees: [{ hint: 'sa…@example.net', sessions: 1, clientCode: null }],
    });
    expect(checked.body.errors[0].message).toContain('No rule gives this session a client code');

    const imported = await post({ commit: 'true', attendeeCodes: JSON.stringify({ 'Sam.Reyes@example.net': 'C-055' }), practiceKind: 'coaching', payment: 'paid' });
    expect(imported.status).toBe(201);
    expect(imported.body.imported).toBe(1);
    expect(await db()('practice_entries').select('client_code', 'hours')).toEqual([{ client_code: 'C-055', hours: expect.anything() }]);
    expect(JSON.stringify(await db()('calendar_attendee_codes').select())).not.toContain('sam.reyes');

    const badRules = await post({ titleContains: 'not json' });
    expect(badRules.status).toBe(422);
    expect(badRules.body.error.fields.titleContains).toContain('must be JSON');
    const notCalendar = await t.agent().post('/api/v1/imports/calendar').set('Authorization', `Bearer ${token}`).field('kind', 'practice').attach('file', Buffer.from('hello'), 'x.ics');
    expect(notCalendar.status).toBe(422);
    expect(notCalendar.body.error.fields.file).toContain('The file is not a calendar');
  });
});

describe('the default dates at a month end', () => {
  // A clock on the given day at noon UTC, for a new app; the user signs in on it.
  const appOn = async (iso: string) => {
    const clock = new FakeClock();
    clock.advance(Date.parse(`${iso}T12:00:00Z`) - clock.now().getTime());
    const app = createTestApp({ db: testDb.current.db, clock });
    const user = await makeUser(app.deps, ['applicant'], { email: `leap.${iso}@example.org` });
    const browser = app.agent();
    await signInAs(browser, user);
    return { app, user, browser };
  };

  test('on 29 February 2028 the form offers 28 February 2027 to 29 February 2028', async () => {
    const { browser } = await appOn('2028-02-29');
    const page = await browser.get('/import');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/name="from"[^>]*value="2027-02-28"|value="2027-02-28"[^>]*name="from"/);
    expect(page.text).toMatch(/name="to"[^>]*value="2028-02-29"|value="2028-02-29"[^>]*name="to"/);
  });

  test('the API without dates reads the last twelve months: from 28 February 2027 on 29 February 2028, from 31 August 2026 on 31 August 2027', async () => {
    for (const [today, from] of [
      ['2028-02-29', '2027-02-28'],
      ['2027-08-31', '2026-08-31'],
    ] as const) {
      const { app, user } = await appOn(today);
      const { token } = await createApiToken(app.deps, user.id, 'script');
      const checked = await app.agent().post('/api/v1/imports/calendar').set('Authorization', `Bearer ${token}`).field('kind', 'practice').attach('file', fixture('calendly.ics'));
      expect(checked.status).toBe(200);
      expect({ from: checked.body.calendar.from, to: checked.body.calendar.to }).toEqual({ from, to: today });
    }
  });
});

describe('attendee codes travel with the portfolio export', () => {
  test('an export holds the salt and the hashes (never the address); restored into another account, the same attendee gets the same client code', async () => {
    const { token } = await createApiToken(t.deps, jo.id, 'script');
    const imported = await t
      .agent()
      .post('/api/v1/imports/calendar')
      .set('Authorization', `Bearer ${token}`)
      .field('kind', 'practice')
      .field('from', '2026-01-01')
      .field('to', '2026-04-30')
      .field('commit', 'true')
      .field('attendeeCodes', JSON.stringify({ 'sam.reyes@example.net': 'C-055' }))
      .field('practiceKind', 'coaching')
      .field('payment', 'paid')
      .attach('file', fixture('calendly.ics'));
    expect(imported.status).toBe(201);
    const joPortfolio = await db()('portfolios').where('owner_id', jo.id).first();
    const [joCode] = await db()('calendar_attendee_codes').where('portfolio_id', joPortfolio.id).select('address_hash', 'client_code');

    const exported = await agent.get('/export.json');
    expect(exported.body.calendarAttendees).toEqual({ salt: joPortfolio.client_code_salt, codes: [{ addressHash: joCode.address_hash, clientCode: 'C-055' }] });
    expect(exported.text).not.toContain('sam.reyes');

    // Restored into another account, whose portfolio had its own salt: it takes the export's.
    const bo = await makeUser(t.deps, ['applicant'], { email: 'bo@example.org' });
    const other = t.agent();
    await signInAs(other, bo);
    const page = await other.get('/export');
    const restored = await other.post(`/export/restore?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`).attach('file', Buffer.from(JSON.stringify(exported.body)), 'export.json');
    expect(restored.status).toBe(303);
    const boPortfolio = await db()('portfolios').where('owner_id', bo.id).first();
    expect(boPortfolio.client_code_salt).toBe(joPortfolio.client_code_salt);
    expect(await db()('calendar_attendee_codes').where('portfolio_id', boPortfolio.id).select('address_hash', 'client_code')).toEqual([joCode]);
    expect((await other.get('/export.json')).body.calendarAttendees).toEqual(exported.body.calendarAttendees);

    // The next calendar of the restored portfolio recognises the attendee: the code is filled in.
    const boToken = await createApiToken(t.deps, bo.id, 'script');
    const checked = await t
      .agent()
      .post('/api/v1/imports/calendar')
      .set('Authorization', `Bearer ${boToken.token}`)
      .field('kind', 'practice')
      .field('from', '2026-01-01')
      .field('to', '2026-04-30')
      .attach('file', fixture('calendly.ics'));
    expect(checked.status).toBe(200);
    expect(checked.body.calendar.attendees).toEqual([{ hint: 'sa…@example.net', sessions: 1, clientCode: 'C-055' }]);
  });

  test('an export made before calendar imports (no calendarAttendees) still restores, the portfolio keeping its own salt', async () => {
    const exported = (await agent.get('/export.json')).body;
    delete exported.calendarAttendees;
    const bo = await makeUser(t.deps, ['applicant'], { email: 'bo@example.org' });
    const other = t.agent();
    await signInAs(other, bo);
    const before = (await other.get('/export.json')).body.calendarAttendees.salt;
    const page = await other.get('/export');
    const restored = await other.post(`/export/restore?_csrf=${encodeURIComponent(csrfTokenIn(page.text))}`).attach('file', Buffer.from(JSON.stringify(exported)), 'export.json');
    expect(restored.status).toBe(303);
    expect((await other.get('/export.json')).body.calendarAttendees).toEqual({ salt: before, codes: [] });
  });
});

describe('bad events are shown in the preview with their date and title, nothing stored', () => {
  test('an event without an end, one over 12 h and one before the first practice date', async () => {
    const portfolio = await t.deps.repos.portfolio.findOrCreate(db(), jo.id, new Date());
    await db()('portfolios').where('id', portfolio.id).update({ first_practice_date: '2026-02-01' });
    const vevent = (uid: string, ...lines: string[]) => ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'];
    const file = Buffer.from(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        ...vevent('a', 'DTSTART:20260305T090000Z', 'SUMMARY:Coaching – no end'),
        ...vevent('b', 'DTSTART:20260310T080000Z', 'DTEND:20260310T210000Z', 'SUMMARY:Coaching – marathon'),
        ...vevent('c', 'DTSTART:20260115T090000Z', 'DTEND:20260115T100000Z', 'SUMMARY:Coaching – too early'),
        ...vevent('d', 'DTSTART:20260317T090000Z', 'DTEND:20260317T100000Z', 'SUMMARY:Coaching – fine'),
        'END:VCALENDAR',
      ].join('\r\n'),
    );
    const uploaded = await uploadCalendar(file);
    expect(uploaded.status).toBe(303);
    const batchPath = uploaded.headers.location!;
    await setRules(batchPath, { titlePattern: 'Coaching – {client}', practiceKind: 'coaching', payment: 'paid' });
    const preview = (await agent.get(batchPath)).text;
    expect(preview).toContain('1 event without an end');
    expect(preview).toContain('5 March 2026 “Coaching – no end”');
    expect(preview).toContain('10 March 2026 “Coaching – marathon” · Hours');
    expect(preview).toContain('This event lasts 13 h, more than the 12 h a session can last.');
    expect(preview).toContain('15 January 2026 “Coaching – too early” · Date');
    expect(preview).toContain('This session is before your first practice date (1 February 2026, in Settings).');
    expect(preview).toContain('Some sessions still need a rule or a correction');
    // Nothing is stored, and the import cannot be committed until they are corrected.
    expect((await commit(batchPath)).status).toBe(409);
    expect(await db()('practice_entries').count('* as n').first()).toEqual({ n: 0 });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCalendar } from '../../src/domain/import/calendar/read-calendar';
import { ImportFileError } from '../../src/domain/import/import-file-error';
import { calendarRows, clientCodeOf } from '../../src/domain/import/calendar/calendar-rows';
import { defaultCalendarRange } from '../../src/domain/import/calendar/calendar-import-service';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/import', name), 'utf8');
const range = { from: '2026-01-01', to: '2026-04-30' };
const limits = { calendarEvents: 500 };
const sessions = (name: string, within = range) => readCalendar(fixture(name), within, limits);

describe('reading a calendar export', () => {
  test('Google Calendar: a weekly series with an EXDATE and a moved instance; all-day and cancelled events left out', () => {
    const reading = sessions('google-calendar.ics');
    expect(reading.events.map((event) => [event.date, event.hours])).toEqual([
      ['2026-03-03', 1],
      ['2026-03-10', 1],
      ['2026-03-25', 1.5],
      ['2026-03-31', 1],
      ['2026-04-07', 1],
    ]);
    expect(reading.leftOut).toEqual({ cancelled: 1, allDay: 1, noDuration: 0 });
    expect(reading.events[0]).toMatchObject({ title: 'Coaching – Ana Novak', organizer: { address: 'jo.mentor@example.org', name: 'Jo Mentor' } });
    expect(reading.events[0]!.attendees.map((party) => party.address)).toEqual(['ana.novak@example.com', 'jo.mentor@example.org']);
  });

  test('Outlook: a Windows time zone with its VTIMEZONE, a monthly series without end bounded by the range', () => {
    const reading = sessions('outlook-calendar.ics');
    expect(reading.events.map((event) => [event.date, event.hours])).toEqual([
      ['2026-01-08', 1.25],
      ['2026-02-12', 1.25],
      ['2026-03-12', 1.25],
      ['2026-04-09', 1.25],
    ]);
    expect(reading.events[0]!.organizer).toEqual({ address: 'maria.weber@supervision.example', name: 'Dr Maria Weber' });
  });

  test('Apple Calendar: dates in America/New_York across the DST change, DURATION read as hours', () => {
    const reading = sessions('apple-calendar.ics');
    // 23:30 in New York is already the next day in UTC: the date stays the one in the calendar.
    // The weekly series crosses the change to summer time on 8 March and ends with UNTIL (in UTC).
    expect(reading.events.map((event) => [event.date, event.hours])).toEqual([
      ['2026-03-02', 0.83],
      ['2026-03-04', 1],
      ['2026-03-09', 0.83],
      ['2026-03-16', 0.83],
      ['2026-03-23', 0.83],
    ]);
  });

  test('Calendly: times in UTC, the attendee address lower-cased, a cancelled booking left out', () => {
    const reading = sessions('calendly.ics');
    expect(reading.events).toEqual([
      {
        date: '2026-03-18',
        hours: 0.75,
        title: 'Discovery call between Jo Mentor and Sam Reyes',
        organizer: { address: 'jo.mentor@example.org', name: 'Jo Mentor' },
        attendees: [{ address: 'sam.reyes@example.net', name: 'Sam Reyes' }],
      },
    ]);
    expect(reading.leftOut.cancelled).toBe(1);
  });

  test('only the chosen dates are read', () => {
    expect(sessions('google-calendar.ics', { from: '2026-03-09', to: '2026-03-26' }).events.map((event) => event.date)).toEqual(['2026-03-10', '2026-03-25']);
  });
});

describe('a hostile or wrong file is refused with a message, quickly', () => {
  const refusal = (text: string, within = range, max = limits) => {
    try {
      readCalendar(text, within, max);
    } catch (error) {
      if (error instanceof ImportFileError) return error.message;
      throw error;
    }
    throw new Error('not refused');
  };
  const calendar = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...lines, 'END:VCALENDAR'].join('\r\n');
  const event = (...lines: string[]) => ['BEGIN:VEVENT', 'UID:x', 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'];

  test('not a calendar', () => {
    expect(refusal('Date,Hours\n2026-01-01,1\n')).toMatch(/not a calendar/);
    expect(refusal('%PDF-1.7\n\u0000\u0001')).toMatch(/not a calendar/);
  });

  test('a damaged calendar', () => {
    expect(refusal(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART:2026'].join('\r\n'))).toMatch(/incomplete or damaged/);
    expect(refusal(calendar(...event('DTSTART:notadate', 'DTEND:20260101T100000Z')))).toMatch(/could not be read as a calendar/);
  });

  test('5,000 nested components', () => {
    const nested = ['BEGIN:VCALENDAR', ...Array.from({ length: 5000 }, () => 'BEGIN:X-NEST'), ...Array.from({ length: 5000 }, () => 'END:X-NEST'), 'END:VCALENDAR'].join('\r\n');
    expect(refusal(nested)).toMatch(/nests its parts more than/);
  });

  test('COUNT=10^9 or no end: bounded by the range, then by the event limit', () => {
    const started = Date.now();
    const hourly = calendar(...event('DTSTART:20260101T090000Z', 'DTEND:20260101T091500Z', 'RRULE:FREQ=HOURLY;COUNT=1000000000', 'SUMMARY:Spam'));
    expect(readCalendar(hourly, { from: '2026-01-01', to: '2026-01-02' }, limits).events).toHaveLength(39);
    expect(refusal(hourly)).toMatch(/more than 500 sessions between the dates you chose/);
    const endless = calendar(...event('DTSTART:20260101T090000Z', 'DTEND:20260101T100000Z', 'RRULE:FREQ=DAILY', 'SUMMARY:Daily'));
    expect(readCalendar(endless, range, limits).events).toHaveLength(120);
    // Every second since 2000: the steps before the range are bounded too.
    expect(refusal(calendar(...event('DTSTART:20000101T090000Z', 'DTEND:20000101T090001Z', 'RRULE:FREQ=SECONDLY', 'SUMMARY:Tick')))).toMatch(/“Tick” repeats too often/);
    // ical.js would search for a 30 February without end: such a rule is refused before.
    expect(refusal(calendar(...event('DTSTART:20260101T090000Z', 'DTEND:20260101T100000Z', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'SUMMARY:Never')))).toMatch(/“Never” repeats on a day no month has/);
    expect(readCalendar(calendar(...event('DTSTART:20260101T090000Z', 'DTEND:20260101T100000Z', 'RRULE:FREQ=DAILY;BYMONTH=2,4;BYMONTHDAY=30', 'SUMMARY:Apr')), range, limits).events.map((item) => item.date)).toEqual([
      '2026-01-01',
      '2026-04-30',
    ]); // DTSTART is always the first (RFC 5545)
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('the client code of a session', () => {
  const rules = { titlePattern: 'Coaching – {client}', titleContains: [{ text: 'supervision', clientCode: 'X-1' }], attendeeCodes: { abc: 'C-017' }, format: '', practiceKind: '', payment: '', supervisionFormat: '' };
  const event = (title: string, attendeeHashes: string[] = []) => ({ date: '2026-03-03', hours: 1, title, attendeeHashes, supervisor: null });

  test('the attendee first, then “title contains”, then the pattern: a name becomes a code, a code is kept', () => {
    expect(clientCodeOf(event('Coaching – Ana Novak', ['abc']), rules, 'salt')).toBe('C-017');
    expect(clientCodeOf(event('Peer supervision'), rules, 'salt')).toBe('X-1');
    expect(clientCodeOf(event('coaching - ck-12'), rules, 'salt')).toBe('CK-12');
    const fromName = clientCodeOf(event('Coaching –  Ana Novak'), rules, 'salt');
    expect(fromName).toMatch(/^AN-\d{4}$/);
    expect(clientCodeOf(event('coaching – ana novak'), rules, 'salt')).toBe(fromName);
    expect(clientCodeOf(event('Lunch'), rules, 'salt')).toBeUndefined();
  });
});

describe('the default dates of a calendar import', () => {
  const at = (iso: string) => new Date(`${iso}T10:00:00Z`);

  test('on 29 February the twelve months start on 28 February of the year before, not 1 March', () => {
    expect(defaultCalendarRange(at('2028-02-29'))).toEqual({ from: '2027-02-28', to: '2028-02-29' });
  });

  test('a month end is clamped to the shorter month: 31 August minus 6 months is 28 February', () => {
    expect(defaultCalendarRange(at('2027-08-31'), 6)).toEqual({ from: '2027-02-28', to: '2027-08-31' });
    expect(defaultCalendarRange(at('2028-08-31'), 6)).toEqual({ from: '2028-02-29', to: '2028-08-31' });
    expect(defaultCalendarRange(at('2027-08-31'))).toEqual({ from: '2026-08-31', to: '2027-08-31' });
  });

  test('the day is the UTC day of the clock reading, late at night included', () => {
    expect(defaultCalendarRange(new Date('2028-02-29T23:59:59Z'))).toEqual({ from: '2027-02-28', to: '2028-02-29' });
    expect(defaultCalendarRange(new Date('2028-03-01T00:00:00Z'))).toEqual({ from: '2027-03-01', to: '2028-03-01' });
  });
});

describe('bad events are reported with their date and title, nothing kept for them', () => {
  const calendar = (...events: string[][]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events.flat(), 'END:VCALENDAR'].join('\r\n');
  const vevent = (uid: string, ...lines: string[]) => ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'];

  test('an event with no end, or an end before its start, is left out and listed by date and title', () => {
    const reading = readCalendar(
      calendar(
        vevent('a', 'DTSTART:20260305T090000Z', 'SUMMARY:Call back Ana'),
        vevent('b', 'DTSTART:20260302T090000Z', 'DTEND:20260302T080000Z', 'SUMMARY:Backwards'),
        vevent('c', 'DTSTART:20260303T090000Z', 'DTEND:20260303T100000Z', 'SUMMARY:Real session'),
      ),
      range,
      limits,
    );
    expect(reading.events.map((event) => event.title)).toEqual(['Real session']);
    expect(reading.leftOut.noDuration).toBe(2);
    expect(reading.noEnd).toEqual([
      { date: '2026-03-02', title: 'Backwards' },
      { date: '2026-03-05', title: 'Call back Ana' },
    ]);
  });

  const stored = (events: { date: string; hours: number; title: string }[]) => ({
    from: '2026-01-01',
    to: '2026-04-30',
    leftOut: { cancelled: 0, allDay: 0, noDuration: 0 },
    attendees: [],
    rules: { titlePattern: '', titleContains: [{ text: 'Coaching', clientCode: 'C-1' }], attendeeCodes: {}, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid', supervisionFormat: 'individual' },
    events: events.map((event) => ({ ...event, attendeeHashes: [], supervisor: { name: 'Maria Weber', email: 'maria@supervision.example' } })),
  });

  test('an event over 12 h is a problem of its hours; exactly 12 h is a session', () => {
    const { rows, errors } = calendarRows(
      'practice',
      stored([
        { date: '2026-03-03', hours: 12, title: 'Coaching day' },
        { date: '2026-03-04', hours: 12.25, title: 'Coaching retreat' },
      ]),
      'salt',
      '2026-12-01',
    );
    expect(rows.map((row) => row.values.hours)).toEqual([12]);
    expect(errors).toEqual([{ rowNumber: 2, column: '4 March 2026 “Coaching retreat” · Hours', message: expect.stringMatching(/^This event lasts 12\.25 h, more than the 12 h a session can last\./) }]);
  });

  test('a session before the first practice date is a problem of its date, for practice and supervision; the first day itself is fine', () => {
    const calendarOf = stored([
      { date: '2026-02-28', hours: 1, title: 'Coaching early' },
      { date: '2026-03-01', hours: 1, title: 'Coaching first' },
    ]);
    for (const kind of ['practice', 'supervision'] as const) {
      const { rows, errors } = calendarRows(kind, calendarOf, 'salt', '2026-12-01', '2026-03-01');
      expect(rows.map((row) => row.values.date)).toEqual(['2026-03-01']);
      expect(errors.filter((error) => error.column.endsWith('· Date'))).toEqual([
        { rowNumber: 1, column: '28 February 2026 “Coaching early” · Date', message: expect.stringContaining('This session is before your first practice date (1 March 2026, in Settings)') },
      ]);
    }
    expect(calendarRows('practice', calendarOf, 'salt', '2026-12-01', null).errors).toEqual([]);
  });
});

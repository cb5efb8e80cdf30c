import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCalendar } from '../../src/domain/import/calendar/read-calendar';
import { readCalendarInWorker } from '../../src/domain/import/calendar/read-calendar-in-worker';
import { ImportFileError } from '../../src/domain/import/import-file-error';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/import', name), 'utf8');
const range = { from: '2026-01-01', to: '2026-04-30' };
const limits = { calendarEvents: 500, calendarReadSeconds: 2, calendarReadMemoryMb: 256 };
const calendar = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:x', 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
/** One step of this rule searches second by second from January to March: about 30 s in one call of the parser. */
const SLOW = calendar('DTSTART:20260101T090000Z', 'DTEND:20260101T091500Z', 'RRULE:FREQ=SECONDLY;BYMONTH=3', 'SUMMARY:Slow');

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImportFileError) return error.message;
    throw error;
  }
  throw new Error('not refused');
}

describe('reading a calendar in a worker', () => {
  test('a real export reads the same as on the request thread', async () => {
    for (const name of ['google-calendar.ics', 'outlook-calendar.ics', 'apple-calendar.ics', 'calendly.ics']) {
      expect(await readCalendarInWorker(fixture(name), range, limits)).toEqual(readCalendar(fixture(name), range, limits));
    }
  });

  test('a refusal of the reader comes back with its own message', async () => {
    expect(await refusal(readCalendarInWorker('Date,Hours\n2026-01-01,1\n', range, limits))).toMatch(/^The file is not a calendar/);
    expect(await refusal(readCalendarInWorker(calendar('DTSTART:20260101T090000Z', 'DTEND:20260101T091500Z', 'RRULE:FREQ=HOURLY', 'SUMMARY:Spam'), range, { ...limits, calendarEvents: 10 }))).toContain(
      'more than 10 sessions between the dates you chose',
    );
  });

  test('a calendar built to be slow is stopped at the time limit with a message, and the thread keeps answering meanwhile', async () => {
    const ticks: number[] = [];
    const ticker = setInterval(() => ticks.push(Date.now()), 20);
    const started = Date.now();
    try {
      const message = await refusal(readCalendarInWorker(SLOW, range, { ...limits, calendarReadSeconds: 1 }));
      const elapsed = Date.now() - started;
      expect(message).toMatch(/^This calendar took too long to read: more than 1 second \(the limit is set by IMPORT_CALENDAR_SECONDS\)/);
      // The limit counts from when the parser is loaded; starting the worker takes a moment more.
      expect(elapsed).toBeGreaterThanOrEqual(1000);
      expect(elapsed).toBeLessThan(6000);
    } finally {
      clearInterval(ticker);
    }
    // A timer every 20 ms kept running: no gap of the request thread near the second it took.
    const gaps = ticks.slice(1).map((at, index) => at - ticks[index]!);
    expect(ticks.length).toBeGreaterThan(20);
    expect(Math.max(...gaps)).toBeLessThan(500);
  });

  test('a calendar that needs more memory than the limit is stopped with a message', async () => {
    // 150,000 events, none in the dates: about 13 MB of text, far more once parsed.
    const events = Array.from({ length: 150_000 }, (_, n) => `BEGIN:VEVENT\r\nUID:${n}\r\nDTSTART:20200101T090000Z\r\nDTEND:20200101T100000Z\r\nSUMMARY:Old ${n}\r\nEND:VEVENT`);
    const big = ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events, 'END:VCALENDAR'].join('\r\n');
    const message = await refusal(readCalendarInWorker(big, range, { ...limits, calendarReadSeconds: 60, calendarReadMemoryMb: 32 }));
    expect(message).toMatch(/^This calendar needs too much memory to read: more than 32 MB \(the limit is set by IMPORT_CALENDAR_MEMORY_MB\)/);
  });
});

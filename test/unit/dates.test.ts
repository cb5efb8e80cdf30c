import { formatIsoDate, formatIsoMonth, formatUtcDateTime } from '../../src/domain/dates';

test('a date is written as Intl’s en-GB long date writes it, every day from 1990 to 2060', () => {
  const intl = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const differences: string[] = [];
  for (let at = Date.UTC(1990, 0, 1); at < Date.UTC(2060, 0, 1); at += 86_400_000) {
    const iso = new Date(at).toISOString().slice(0, 10);
    if (formatIsoDate(iso) !== intl.format(new Date(at))) differences.push(iso);
  }
  expect(differences).toEqual([]);
  expect(formatIsoDate('2026-03-12')).toBe('12 March 2026');
  expect(formatIsoDate('2024-02-29')).toBe('29 February 2024');
});

test('a month and a moment are written as Intl’s en-GB formats write them, in UTC', () => {
  const month = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const moment = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  const differences: string[] = [];
  // Every 7 hours and 13 minutes from 1990 to 2060: every hour of the day, every minute of the hour, every month.
  for (let at = Date.UTC(1990, 0, 1); at < Date.UTC(2060, 0, 1); at += (7 * 60 + 13) * 60_000) {
    const date = new Date(at);
    const iso = date.toISOString();
    if (formatIsoMonth(iso.slice(0, 10)) !== month.format(date)) differences.push(`month ${iso}`);
    if (formatUtcDateTime(date) !== `${moment.format(date).replace(', ', ' at ')} UTC`) differences.push(`moment ${iso}`);
  }
  expect(differences).toEqual([]);
  expect(formatIsoMonth('2026-03-12')).toBe('March 2026');
  expect(formatUtcDateTime(new Date('2026-03-12T09:05:59Z'))).toBe('12 March 2026 at 09:05 UTC');
  expect(formatUtcDateTime(new Date('2026-03-12T00:00:00Z'))).toBe('12 March 2026 at 00:00 UTC');
});

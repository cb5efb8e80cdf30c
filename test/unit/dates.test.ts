import { formatIsoDate } from '../../src/domain/dates';

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

import { inferDateConvention, parseChoice, parseDate, parseHours } from '../../src/domain/import/parse-values';
import { PAYMENTS, PRACTICE_FORMATS } from '../../src/domain/vocabulary';

describe('parseHours', () => {
  test.each([
    ['1.5', 1.5],
    ['1,5', 1.5],
    [' 3 ', 3],
    ['.5', 0.5],
    ['1:30', 1.5],
    ['0:45', 0.75],
    ['1:30:00', 1.5],
    ['90 min', 1.5],
    ['90 mins', 1.5],
    ['90 minutes', 1.5],
    ['90min', 1.5],
    ['2 h', 2],
    ['2h', 2],
    ['2 hours', 2],
    ['1 hour', 1],
    ['1,5 h', 1.5],
    ['1h30', 1.5],
    ['1 h 30 min', 1.5],
    ['20 min', 0.33],
    ['1.333', 1.33],
    ['1.005', 1.01],
  ])('reads %p as %p hours', (raw, hours) => {
    expect(parseHours(raw)).toBe(hours);
  });

  test('returns zero for 0, leaving "greater than 0" to the record schema', () => {
    expect(parseHours('0')).toBe(0);
  });

  test.each(['-1', '-1:30', '−2'])('refuses the negative %p, saying it is negative', (raw) => {
    expect(parseHours(raw)).toEqual({ error: expect.stringMatching(/is negative/) });
  });

  test.each(['abc', '1.5.2', '1:75', 'two hours', '1,000.5', '3 days'])('refuses %p, naming the forms it accepts', (raw) => {
    expect(parseHours(raw)).toEqual({ error: `“${raw}” is not a number of hours: write it as 1.5 (or 1,5), 1:30, 90 min or 2 h.` });
  });

  test('refuses an empty cell, asking for the hours', () => {
    expect(parseHours('  ')).toEqual({ error: expect.stringMatching(/Enter the hours/) });
  });
});

describe('parseDate', () => {
  test.each([
    ['2026-03-12', '2026-03-12'],
    ['2026-03-12T00:00:00', '2026-03-12'],
    ['2026-03-12T10:30:00.000Z', '2026-03-12'],
    ['2026-03-12 00:00', '2026-03-12'],
    ['2026-3-5', '2026-03-05'],
  ])('reads the year-first date %p as %p, with nothing to explain', (raw, iso) => {
    expect(parseDate(raw, 'unknown')).toEqual({ iso });
  });

  test.each([
    ['12/03/2026', '2026-03-12', '12 March 2026'],
    ['12.03.2026', '2026-03-12', '12 March 2026'],
    ['12-03-2026', '2026-03-12', '12 March 2026'],
    ['5/3/2026', '2026-03-05', '5 March 2026'],
    ['25/12/2025', '2025-12-25', '25 December 2025'],
    ['12/03/2026 00:00', '2026-03-12', '12 March 2026'],
  ])('reads the day-first date %p as %p and shows it in words', (raw, iso, shown) => {
    expect(parseDate(raw, 'dmy')).toEqual({ iso, shown });
  });

  test('refuses a two-digit year, asking for the year in full', () => {
    expect(parseDate('12/03/26', 'dmy')).toEqual({ error: '12/03/26 has a two-digit year: write the year in full (such as 12/03/2026) so that the century is not guessed.' });
  });

  test('refuses 31 February, saying how many days February has', () => {
    expect(parseDate('31/02/2026', 'dmy')).toEqual({ error: '31/02/2026 is not a date: February 2026 has 28 days. Check the day and the month.' });
    expect(parseDate('2026-02-31', 'unknown')).toEqual({ error: expect.stringMatching(/February 2026 has 28 days/) });
  });

  test('accepts 29 February in a leap year and refuses it in other years', () => {
    expect(parseDate('29/02/2028', 'dmy')).toEqual({ iso: '2028-02-29', shown: '29 February 2028' });
    expect(parseDate('2028-02-29', 'unknown')).toEqual({ iso: '2028-02-29' });
    expect(parseDate('29/02/2000', 'dmy')).toEqual({ iso: '2000-02-29', shown: '29 February 2000' });
    expect(parseDate('29/02/2026', 'dmy')).toEqual({ error: expect.stringMatching(/February 2026 has 28 days/) });
    expect(parseDate('2026-02-29', 'unknown')).toEqual({ error: expect.stringMatching(/February 2026 has 28 days/) });
    expect(parseDate('29/02/2100', 'dmy')).toEqual({ error: expect.stringMatching(/February 2100 has 28 days/) });
  });

  test('refuses month 13 read day-first, suggesting the swapped date when there is one', () => {
    expect(parseDate('12/13/2026', 'dmy')).toEqual({
      error: '12/13/2026 is not a date read day-first (day/month/year): there is no month 13. If you meant 13 December 2026, write 13/12/2026 or 2026-12-13.',
    });
    expect(parseDate('2026-13-01', 'unknown')).toEqual({ error: expect.stringMatching(/there is no month 13/) });
  });

  test('refuses text that is not a date, showing both accepted forms', () => {
    expect(parseDate('next Tuesday', 'dmy')).toEqual({ error: '“next Tuesday” is not a date we can read: write it as 2026-03-12 (year-month-day) or 12/03/2026 (day/month/year).' });
  });

  test('refuses an Excel date number, saying how to format the column', () => {
    expect(parseDate('46093', 'dmy')).toEqual({ error: expect.stringMatching(/Excel stored as a number: format that column as a date/) });
  });

  describe('when day and month could be swapped', () => {
    test('an unknown convention makes it an error naming both readings and the ISO form', () => {
      expect(parseDate('03/04/2026', 'unknown')).toEqual({ error: '03/04/2026 could be 3 April or 4 March 2026: write it as 2026-04-03 (year-month-day)' + '.' });
    });

    test('a day-first column reads it day-first and shows the reading', () => {
      expect(parseDate('03/04/2026', 'dmy')).toEqual({ iso: '2026-04-03', shown: '3 April 2026' });
    });

    test('a day equal to the month is not ambiguous, whatever the convention', () => {
      expect(parseDate('05/05/2026', 'unknown')).toEqual({ iso: '2026-05-05', shown: '5 May 2026' });
      expect(parseDate('05/05/2026', 'mdy')).toEqual({ iso: '2026-05-05', shown: '5 May 2026' });
    });

    test('a first part over 12 is not ambiguous even with an unknown convention', () => {
      expect(parseDate('13/04/2026', 'unknown')).toEqual({ iso: '2026-04-13', shown: '13 April 2026' });
    });
  });

  test('a month-first column refuses its slash dates, asking for day-first or year-month-day', () => {
    expect(parseDate('12/25/2025', 'mdy')).toEqual({
      error: '12/25/2025 is in a column written month-first (month/day/year), which we do not read: write dates day-first (day/month/year) or as year-month-day; if you meant 25 December 2025, write 2025-12-25.',
    });
    expect(parseDate('03/04/2026', 'mdy')).toEqual({ error: expect.stringMatching(/month-first.*if you meant 4 March 2026, write 2026-03-04/) });
    expect(parseDate('2026-03-04', 'mdy')).toEqual({ iso: '2026-03-04' });
  });
});

describe('inferDateConvention', () => {
  test('a first part over 12 anywhere makes the column day-first', () => {
    expect(inferDateConvention(['03/04/2026', '2026-01-02', '', '25/04/2026'])).toBe('dmy');
  });

  test('a second part over 12 anywhere makes the column month-first', () => {
    expect(inferDateConvention(['03/04/2026', '04/25/2026'])).toBe('mdy');
  });

  test('evidence both ways is unknown', () => {
    expect(inferDateConvention(['25/04/2026', '04/25/2026'])).toBe('unknown');
  });

  test('no evidence (only swappable, same-part or ISO dates) is unknown', () => {
    expect(inferDateConvention(['03/04/2026', '05/05/2026', '2026-12-31', 'garbage'])).toBe('unknown');
    expect(inferDateConvention([])).toBe('unknown');
  });
});

describe('parseChoice', () => {
  test.each(['one_to_one', 'One-to-one', 'one to one', 'ONE_TO_ONE', ' onetoone '])('reads %p as one_to_one', (raw) => {
    expect(parseChoice(raw, PRACTICE_FORMATS)).toBe('one_to_one');
  });

  test.each(['Pro bono', 'pro-bono', 'PRO_BONO', 'probono'])('reads %p as pro_bono', (raw) => {
    expect(parseChoice(raw, PAYMENTS)).toBe('pro_bono');
  });

  test('refuses an unknown value, listing the labels to write', () => {
    expect(parseChoice('Skype', PRACTICE_FORMATS)).toEqual({ error: '“Skype” is not one of the choices: write One-to-one, Group or Team.' });
  });
});

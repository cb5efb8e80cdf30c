import { daysText, dueReminder, renewalDate } from '../../src/domain/awards/awards';

describe('renewal dates', () => {
  test('EMCC EIA and ESIA renew 5 years after the award, AC 3 years; ICF and other schemes are not computed', () => {
    expect(renewalDate('emcc_eia', '2022-10-03')).toBe('2027-10-03');
    expect(renewalDate('emcc_esia', '2022-10-03')).toBe('2027-10-03');
    expect(renewalDate('ac', '2022-10-03')).toBe('2025-10-03');
    expect(renewalDate('icf', '2022-10-03')).toBeNull();
    expect(renewalDate('other', '2022-10-03')).toBeNull();
  });

  test('an award on 29 February renews on 28 February', () => {
    expect(renewalDate('emcc_eia', '2024-02-29')).toBe('2029-02-28');
  });
});

describe('the reminder due on a day', () => {
  const renewal = '2027-10-03';
  test('none until 180 days before, then 180 until 90 days before, then 90, then 30 up to the renewal date, none after', () => {
    expect(dueReminder('2027-04-05', renewal)).toBeUndefined(); // 181 days before
    expect(dueReminder('2027-04-06', renewal)).toBe(180); // exactly 180
    expect(dueReminder('2027-07-04', renewal)).toBe(180); // 91
    expect(dueReminder('2027-07-05', renewal)).toBe(90); // exactly 90
    expect(dueReminder('2027-09-02', renewal)).toBe(90); // 31
    expect(dueReminder('2027-09-03', renewal)).toBe(30); // exactly 30
    expect(dueReminder('2027-10-03', renewal)).toBe(30); // the day itself
    expect(dueReminder('2027-10-04', renewal)).toBeUndefined();
  });

  test('after a long outage only the nearest reminder is due, never the farther ones', () => {
    expect(dueReminder('2027-09-13', renewal)).toBe(30); // 20 days left: the 180 and 90 were missed
  });

  test('days in words', () => {
    expect(daysText(64)).toBe('in 64 days');
    expect(daysText(1)).toBe('tomorrow');
    expect(daysText(0)).toBe('today');
    expect(daysText(-3)).toBe('3 days ago');
  });
});

import fc from 'fast-check';
import type { CriteriaSet, Requirement, RequirementKind, RequirementParams } from '../../src/domain/criteria/criteria-set';
import { evaluate } from '../../src/domain/evaluation/evaluate';
import type { Evidence, RequirementResult } from '../../src/domain/evaluation/evaluation';
import { addMonths, addYears, windowEndingOn } from '../../src/domain/evaluation/windows';
import type { ConfirmationState } from '../../src/domain/vocabulary';

// ---- Small factories: every record gets the id the test gives it, so refs are predictable. ----

type Practice = Evidence['practice'][number];
type Supervision = Evidence['supervision'][number];
type Reflection = Evidence['reflections'][number];

const AS_OF = '2026-03-12';
const WINDOW_TEXT = 'outside the window (from 12 March 2025 to 12 March 2026)';

const practice = (id: number, date: string, hours: number, more: Partial<Practice> = {}): Practice => ({
  id,
  clientCode: `C-${id}`,
  date,
  hours,
  format: 'one_to_one',
  payment: 'paid',
  ...more,
});
const supervision = (id: number, date: string, hours: number, more: Partial<Supervision> = {}): Supervision => ({
  id,
  date,
  hours,
  format: 'individual',
  confirmation: 'confirmed',
  confirmationOn: '2026-01-01',
  ...more,
});
/** EMCC's rule: every status counts but a decline. */
const EMCC_COUNTS: ConfirmationState[] = ['confirmed', 'correction_accepted', 'awaiting_answer', 'correction_proposed', 'changed_after_answer', 'request_expired', 'request_revoked', 'never_asked'];
const CONFIRMED_ONLY: ConfirmationState[] = ['confirmed', 'correction_accepted'];
const cpd = (id: number, startDate: string, endDate: string, hours: number) => ({ id, startDate, endDate, hours });
const feedback = (id: number, date: string) => ({ id, date });
const reflection = (id: number, date: string, competences: string[] = [], kind: Reflection['kind'] = 'reflection', words = 300): Reflection => ({ id, date, kind, competences, words });

function evidence(parts: Partial<Evidence> = {}): Evidence {
  return {
    portfolio: { firstPracticeDate: null, emccMembershipNumber: null, displayName: null },
    practice: [],
    supervision: [],
    cpd: [],
    feedback: [],
    reflections: [],
    ...parts,
  };
}

let requirementCount = 0;
function requirement<K extends RequirementKind>(kind: K, params: RequirementParams[K]): Requirement {
  requirementCount += 1;
  return { id: requirementCount === 1 ? 'req' : `req-${requirementCount}`, kind, label: 'Requirement', explanation: 'Explained.', params, source: 'src', confidence: 'high' } as Requirement;
}

/** A set with one level holding the requirements given. */
const criteriaSet = (requirements: Requirement[]): CriteriaSet => ({
  id: 'test',
  title: 'Test set',
  edition: '1',
  description: '',
  sources: [{ id: 'src', title: 'Source' }],
  levels: [{ id: 'only', label: 'Only', requirements }],
});

/** A set with one level holding one requirement: the result of that requirement. */
function check<K extends RequirementKind>(kind: K, params: RequirementParams[K], parts: Partial<Evidence> = {}, asOf = AS_OF): RequirementResult {
  const one = { ...requirement(kind, params), id: 'req' };
  return evaluate(criteriaSet([one]), evidence(parts), asOf).levels[0]!.requirements[0]!;
}

const reasonOf = (result: RequirementResult, ref: string) => result.excluded.find((e) => e.ref === ref)?.reason;

/** Every record of the log is in exactly one of counted or excluded. */
function expectAccounted(result: RequirementResult, refs: string[]) {
  const seen = [...result.counted, ...result.excluded.map((e) => e.ref)];
  expect(seen.sort()).toEqual([...refs].sort());
}

describe('windows', () => {
  test('month arithmetic clamps the day: 31 May − 3 months is the last day of February', () => {
    expect(addMonths('2026-05-31', -3)).toBe('2026-02-28');
    expect(addMonths('2028-05-31', -3)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });

  test('a 12-month window ending on a leap day starts on 28 February; 29 February + 1 year is 28 February', () => {
    expect(windowEndingOn('2028-02-29', 12)).toEqual({ from: '2027-02-28', to: '2028-02-29' });
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });
});

describe('years_of_practice', () => {
  const withFirst = (date: string | null) => ({ portfolio: { firstPracticeDate: date, emccMembershipNumber: null, displayName: null } });

  test('first practice exactly N years before the evaluation date: met, whole years = N, no records', () => {
    const result = check('years_of_practice', { years: 1 }, withFirst('2025-03-12'));
    expect(result).toMatchObject({ met: true, required: 1, actual: 1, gap: 0, unit: 'years', gapText: '', counted: [], excluded: [] });
    expect(result.forecast).toBeUndefined();
  });

  test('first practice one day too late: not met, gap text and forecast give the exact date', () => {
    const result = check('years_of_practice', { years: 1 }, withFirst('2025-03-13'));
    expect(result).toMatchObject({ met: false, required: 1, actual: 0, gap: 1, gapText: '1 year of practice on 13 March 2026', forecast: { date: '2026-03-13' } });
  });

  test('three years asked, 1.5 years done: actual 1, gap 2, date of the third anniversary', () => {
    const result = check('years_of_practice', { years: 3 }, withFirst('2024-09-01'));
    expect(result).toMatchObject({ met: false, actual: 1, gap: 2, gapText: '3 years of practice on 1 September 2027', forecast: { date: '2027-09-01' } });
  });

  test('first practice on 29 February: one year is complete on 28 February, not the day before', () => {
    expect(check('years_of_practice', { years: 1 }, withFirst('2024-02-29'), '2025-02-28')).toMatchObject({ met: true, actual: 1 });
    expect(check('years_of_practice', { years: 1 }, withFirst('2024-02-29'), '2025-02-27')).toMatchObject({ met: false, actual: 0, gapText: '1 year of practice on 28 February 2025' });
  });

  test('no first practice date: not met, actual 0, asks for the date in the portfolio settings, no forecast', () => {
    const result = check('years_of_practice', { years: 1 }, withFirst(null));
    expect(result).toMatchObject({ met: false, actual: 0, gap: 1, gapText: 'add the date of your first practice in your portfolio settings' });
    expect(result.forecast).toBeUndefined();
  });

  test('first practice after the evaluation date: 0 whole years', () => {
    expect(check('years_of_practice', { years: 1 }, withFirst('2026-04-01'))).toMatchObject({ met: false, actual: 0, gapText: '1 year of practice on 1 April 2027' });
  });
});

describe('practice_hours', () => {
  test('zero records: actual 0, the whole figure is the gap, no forecast date', () => {
    const result = check('practice_hours', { hours: 50 });
    expect(result).toMatchObject({ met: false, required: 50, actual: 0, gap: 50, unit: 'hours', gapText: '50 more client hours', counted: [], excluded: [], forecast: { date: null } });
  });

  test('a range ending on the evaluation date counts; one ending the day after and a record dated after are excluded', () => {
    const result = check(
      'practice_hours',
      { hours: 10 },
      {
        practice: [practice(1, '2026-01-01', 4, { endDate: AS_OF }), practice(2, '2026-01-01', 3, { endDate: '2026-03-13' }), practice(3, '2026-03-13', 2), practice(4, '2020-05-05', 1.5)],
      },
    );
    expect(result).toMatchObject({ met: false, actual: 5.5, gap: 4.5, gapText: '4.5 more client hours' });
    expect(result.counted).toEqual(['practice:1', 'practice:4']);
    expect(result.excluded).toEqual([
      { ref: 'practice:2', reason: 'dated after the evaluation date' },
      { ref: 'practice:3', reason: 'dated after the evaluation date' },
    ]);
    expect(result.window).toBeUndefined();
  });

  test('sums without floating noise: 0.1 + 0.2 h is 0.3 h, and 50 h exactly is met', () => {
    expect(check('practice_hours', { hours: 1 }, { practice: [practice(1, '2026-01-01', 0.1), practice(2, '2026-01-02', 0.2)] })).toMatchObject({ actual: 0.3, gap: 0.7 });
    const fifty = Array.from({ length: 500 }, (_, i) => practice(i + 1, '2025-06-01', 0.1));
    expect(check('practice_hours', { hours: 50 }, { practice: fifty })).toMatchObject({ met: true, actual: 50, gap: 0 });
  });

  test('paid only: pro bono records are excluded with the reason, and the gap says paid', () => {
    const result = check('practice_hours', { hours: 10, paidOnly: true }, { practice: [practice(1, '2026-01-01', 6), practice(2, '2026-01-02', 3, { payment: 'pro_bono' })] });
    expect(result).toMatchObject({ met: false, actual: 6, gap: 4, gapText: '4 more paid client hours' });
    expect(result.excluded).toEqual([{ ref: 'practice:2', reason: 'pro bono (only paid hours count)' }]);
    expect(result.notes).toContain('Only paid hours count; pro bono hours do not.');
  });

  test('a window: the day before its start is outside, its start and the evaluation date count, the day after is outside', () => {
    const result = check(
      'practice_hours',
      { hours: 10, windowMonths: 12 },
      {
        practice: [practice(1, '2025-03-11', 1), practice(2, '2025-03-12', 2), practice(3, '2025-03-13', 3), practice(4, AS_OF, 1.5), practice(5, '2026-03-13', 5)],
      },
    );
    expect(result).toMatchObject({ met: false, actual: 6.5, gap: 3.5, gapText: '3.5 more client hours dated on or after 12 March 2025', window: { from: '2025-03-12', to: AS_OF } });
    expect(result.counted).toEqual(['practice:2', 'practice:3', 'practice:4']);
    expect(result.excluded).toEqual([
      { ref: 'practice:1', reason: WINDOW_TEXT },
      { ref: 'practice:5', reason: WINDOW_TEXT },
    ]);
  });

  test('forecast at the pace of the last 6 months: 18.2 h over 182 days is 0.1 h a day, 11.8 h more takes 118 days', () => {
    // Pace window 12 September 2025 – 12 March 2026, both ends included: 182 days.
    const result = check('practice_hours', { hours: 50 }, { practice: [practice(1, '2025-01-01', 20), practice(2, '2025-09-12', 9.1), practice(3, '2025-12-01', 9.1), practice(4, '2025-09-11', 0)] });
    expect(result).toMatchObject({ met: false, actual: 38.2, gap: 11.8, forecast: { date: '2026-07-08' } });
  });

  test('forecast without pace (nothing in the last 6 months): date null', () => {
    const result = check('practice_hours', { hours: 50 }, { practice: [practice(1, '2025-09-11', 20)] });
    expect(result).toMatchObject({ met: false, gap: 30, forecast: { date: null } });
  });
});

describe('distinct_clients', () => {
  test('codes compared ignoring case and spaces; gap text counts the clients still needed', () => {
    const result = check(
      'distinct_clients',
      { clients: 5 },
      { practice: [practice(1, '2025-01-01', 1, { clientCode: 'C-1' }), practice(2, '2025-02-01', 1, { clientCode: ' c-1 ' }), practice(3, '2025-03-01', 1, { clientCode: 'C-2' })] },
    );
    expect(result).toMatchObject({ met: false, required: 5, actual: 2, gap: 3, unit: 'clients', gapText: '3 more clients' });
    expect(result.counted).toEqual(['practice:1', 'practice:2', 'practice:3']);
  });

  test('members (default): a group code counts as its largest recorded size, a team code seen one-to-one too', () => {
    const parts = {
      practice: [
        practice(1, '2025-01-01', 2, { clientCode: 'G-1', format: 'group', groupSize: 6 }),
        practice(2, '2025-02-01', 2, { clientCode: 'G-1', format: 'group', groupSize: 4 }),
        practice(3, '2025-03-01', 1, { clientCode: 'T-1', format: 'team', groupSize: 3 }),
        practice(4, '2025-04-01', 1, { clientCode: 'T-1' }),
        practice(5, '2025-05-01', 1, { clientCode: 'C-1' }),
      ],
    };
    expect(check('distinct_clients', { clients: 10 }, parts)).toMatchObject({ met: true, actual: 10, gap: 0 });
    expect(check('distinct_clients', { clients: 10, groupCounting: 'one' }, parts)).toMatchObject({ met: false, actual: 3, gap: 7, gapText: '7 more clients' });
  });

  test('records after the evaluation date (a range ending the day after included) add no client and are excluded', () => {
    const result = check('distinct_clients', { clients: 2 }, { practice: [practice(1, '2025-01-01', 1), practice(2, '2026-03-01', 1, { endDate: '2026-03-13' }), practice(3, '2026-03-13', 1)] });
    expect(result).toMatchObject({ met: false, actual: 1, gap: 1, gapText: '1 more client' });
    expect(result.excluded).toEqual([
      { ref: 'practice:2', reason: 'dated after the evaluation date' },
      { ref: 'practice:3', reason: 'dated after the evaluation date' },
    ]);
  });

  test('forecast: clients first seen in the last 6 months set the pace (2 in 182 days, 3 more in 273 days)', () => {
    const result = check(
      'distinct_clients',
      { clients: 6 },
      {
        practice: [
          practice(1, '2024-01-01', 1, { clientCode: 'A' }),
          practice(2, '2025-10-01', 1, { clientCode: 'A' }),
          practice(3, '2025-10-01', 1, { clientCode: 'B' }),
          practice(4, '2026-01-01', 1, { clientCode: 'C' }),
        ],
      },
    );
    // A was first seen in 2024 and does not add to the pace: 2 clients / 182 days; 3 × 91 = 273 days.
    expect(result).toMatchObject({ actual: 3, gap: 3, forecast: { date: '2026-12-10' } });
  });
});

describe('items_in_window', () => {
  test('feedback on the window boundaries: the day before is outside, the start and the end count, the day after is outside', () => {
    const result = check('items_in_window', { item: 'feedback', count: 5 }, { feedback: [feedback(1, '2025-03-11'), feedback(2, '2025-03-12'), feedback(3, '2025-03-13'), feedback(4, AS_OF), feedback(5, '2026-03-13')] });
    expect(result).toMatchObject({ met: false, required: 5, actual: 3, gap: 2, unit: 'items', gapText: '2 more feedback items dated on or after 12 March 2025', window: { from: '2025-03-12', to: AS_OF } });
    expect(result.counted).toEqual(['feedback:2', 'feedback:3', 'feedback:4']);
    expect(result.excluded).toEqual([
      { ref: 'feedback:1', reason: WINDOW_TEXT },
      { ref: 'feedback:5', reason: WINDOW_TEXT },
    ]);
  });

  test('a window ending on 29 February 2028 starts on 28 February 2027', () => {
    const result = check('items_in_window', { item: 'feedback', count: 1 }, { feedback: [feedback(1, '2027-02-27'), feedback(2, '2027-02-28')] }, '2028-02-29');
    expect(result).toMatchObject({ met: true, actual: 1, window: { from: '2027-02-28', to: '2028-02-29' } });
    expect(result.excluded).toEqual([{ ref: 'feedback:1', reason: 'outside the window (from 28 February 2027 to 29 February 2028)' }]);
  });

  test('reflections: case studies of the same log are excluded with the reason', () => {
    const result = check('items_in_window', { item: 'reflection', count: 2 }, { reflections: [reflection(1, '2025-06-01'), reflection(2, '2025-06-02', [], 'case_study')] });
    expect(result).toMatchObject({ met: false, actual: 1, gapText: '1 more reflection dated on or after 12 March 2025' });
    expect(result.excluded).toEqual([{ ref: 'reflection:2', reason: 'a case study (only reflections count here)' }]);
  });

  test('case studies in a 6-month window: reflections excluded, singular gap text', () => {
    const result = check('items_in_window', { item: 'case_study', count: 1, windowMonths: 6 }, { reflections: [reflection(1, '2025-10-01'), reflection(2, '2025-09-11', [], 'case_study')] });
    expect(result).toMatchObject({ met: false, actual: 0, gapText: '1 more case study dated on or after 12 September 2025', window: { from: '2025-09-12', to: AS_OF } });
    expectAccounted(result, ['reflection:1', 'reflection:2']);
  });

  test('zero records: gap is the count, no pace so no forecast date', () => {
    expect(check('items_in_window', { item: 'feedback', count: 5 })).toMatchObject({ actual: 0, gap: 5, forecast: { date: null }, counted: [], excluded: [] });
  });

  test('minWords: a report of exactly the minimum counts, one word short is excluded with its length', () => {
    const reflections = [reflection(1, '2025-06-01', [], 'reflection', 450), reflection(2, '2025-07-01', [], 'reflection', 449)];
    const result = check('items_in_window', { item: 'reflection', count: 2, windowMonths: 60, minWords: 450 }, { reflections });
    expect(result).toMatchObject({ met: false, actual: 1, gap: 1 });
    expect(result.counted).toEqual(['reflection:1']);
    expect(result.excluded).toEqual([{ ref: 'reflection:2', reason: '449 words (at least 450 needed)' }]);
    expect(result.notes).toContain('Only those of at least 450 words count.');
  });

  test('minWords does not change a question asked without it (the tallies are kept apart)', () => {
    const reflections = [reflection(1, '2025-06-01', [], 'reflection', 10)];
    const set = criteriaSet([requirement('items_in_window', { item: 'reflection', count: 1, minWords: 450 }), requirement('items_in_window', { item: 'reflection', count: 1 })]);
    const [long, any] = evaluate(set, evidence({ reflections }), AS_OF).levels[0]!.requirements;
    expect(long).toMatchObject({ met: false, actual: 0 });
    expect(any).toMatchObject({ met: true, actual: 1 });
  });
});

describe('guidance', () => {
  test('never counts a record and never blocks the level; the note says why it is not checked', () => {
    const result = check('guidance', { figure: 'not-found' }, { reflections: [reflection(1, '2025-06-01')] });
    expect(result).toMatchObject({ met: true, unit: 'guidance', required: 0, actual: 0, gap: 0, gapText: '', counted: [], excluded: [] });
    expect(result.notes).toEqual(['No published figure was found: shown as guidance, not checked by the app.']);
    expect(check('guidance', { figure: 'not-checked' }).notes[0]).toMatch(/^The awarding body checks this itself/);
  });

  test('a level of guidance and one unmet figure is not met; with the figure met, it is', () => {
    const set = criteriaSet([requirement('guidance', { figure: 'not-found' }), requirement('items_in_window', { item: 'feedback', count: 1 })]);
    expect(evaluate(set, evidence(), AS_OF).levels[0]!.met).toBe(false);
    expect(evaluate(set, evidence({ feedback: [feedback(1, '2025-06-01')] }), AS_OF).levels[0]!.met).toBe(true);
  });
});

describe('cpd_hours_in_window', () => {
  test('CPD counts on its end date: a course started before the window and ending on its first day counts', () => {
    const result = check(
      'cpd_hours_in_window',
      { hours: 16 },
      {
        cpd: [cpd(1, '2025-03-01', '2025-03-11', 3), cpd(2, '2025-03-01', '2025-03-12', 4), cpd(3, '2026-03-12', '2026-03-12', 7.5), cpd(4, '2026-03-12', '2026-03-13', 2)],
      },
    );
    expect(result).toMatchObject({ met: false, actual: 11.5, gap: 4.5, unit: 'hours', gapText: '4.5 more CPD hours ending on or after 12 March 2025' });
    expect(result.counted).toEqual(['cpd:2', 'cpd:3']);
    expect(result.excluded).toEqual([
      { ref: 'cpd:1', reason: WINDOW_TEXT },
      { ref: 'cpd:4', reason: WINDOW_TEXT },
    ]);
  });

  test('exactly the hours asked: met, no gap text, no forecast', () => {
    const result = check('cpd_hours_in_window', { hours: 16 }, { cpd: [cpd(1, '2025-05-01', '2025-05-02', 10), cpd(2, '2026-01-01', '2026-01-01', 6)] });
    expect(result).toMatchObject({ met: true, actual: 16, gap: 0, gapText: '' });
    expect(result.forecast).toBeUndefined();
  });
});

describe('supervision_per_year', () => {
  const log = [
    supervision(1, '2025-06-01', 2),
    supervision(2, '2025-09-01', 1.5, { confirmation: 'awaiting_answer', confirmationOn: '2025-09-02' }),
    supervision(3, '2025-10-01', 1, { format: 'group' }),
    supervision(4, '2025-11-01', 1, { format: 'peer' }),
    supervision(5, '2025-03-11', 3),
    supervision(6, '2025-12-01', 1.25, { confirmation: 'declined', confirmationOn: '2025-12-05' }),
  ];

  test('group and peer excluded with the reason; unconfirmed counts apart; a decline never counts, with its date', () => {
    const result = check('supervision_per_year', { hours: 4, countStatuses: EMCC_COUNTS }, { supervision: log });
    expect(result).toMatchObject({ met: false, actual: 3.5, gap: 0.5, gapText: '0.5 more hours of individual supervision dated on or after 12 March 2025', supervisionHours: { confirmed: 2, unconfirmed: 1.5 } });
    expect(result.counted).toEqual(['supervision:1', 'supervision:2']);
    expect(result.excluded).toEqual([
      { ref: 'supervision:3', reason: 'group supervision does not count towards this minimum' },
      { ref: 'supervision:4', reason: 'peer supervision does not count towards this minimum' },
      { ref: 'supervision:5', reason: WINDOW_TEXT },
      { ref: 'supervision:6', reason: 'declined by the supervisor on 5 December 2025' },
    ]);
    expect(result.confirmations).toEqual([
      { state: 'confirmed', counted: true, records: 1, hours: 2 },
      { state: 'awaiting_answer', counted: true, records: 1, hours: 1.5 },
      { state: 'declined', counted: false, records: 1, hours: 1.25 },
    ]);
    expect(result.notes).toContain('Supervision not yet confirmed by the supervisor counts, and is shown apart from confirmed supervision; supervision the supervisor declined never counts.');
  });

  test('counting confirmed supervision only: every other status is excluded with its own reason', () => {
    const statuses: [ConfirmationState, string | null, string][] = [
      ['awaiting_answer', '2025-09-02', 'not confirmed yet: asked of the supervisor on 2 September 2025, awaiting the answer'],
      ['correction_proposed', '2025-09-03', 'not confirmed: the supervisor proposed a correction on 3 September 2025'],
      ['changed_after_answer', '2025-09-04', 'not confirmed: changed after the supervisor’s answer on 4 September 2025'],
      ['request_expired', '2025-09-05', 'not confirmed: the request expired on 5 September 2025'],
      ['request_revoked', '2025-09-06', 'not confirmed: the request was revoked on 6 September 2025'],
      ['never_asked', null, 'not confirmed: never asked of the supervisor'],
      ['declined', '2025-09-07', 'declined by the supervisor on 7 September 2025'],
    ];
    const records = [
      supervision(1, '2025-06-01', 2),
      supervision(2, '2025-06-02', 1, { confirmation: 'correction_accepted' }),
      ...statuses.map(([confirmation, confirmationOn], i) => supervision(10 + i, '2025-09-01', 1, { confirmation, confirmationOn })),
    ];
    const result = check('supervision_per_year', { hours: 4, countStatuses: CONFIRMED_ONLY }, { supervision: records });
    expect(result).toMatchObject({ actual: 3, gap: 1, supervisionHours: { confirmed: 3, unconfirmed: 0 } });
    expect(result.counted).toEqual(['supervision:1', 'supervision:2']);
    expect(result.excluded).toEqual(statuses.map(([, , reason], i) => ({ ref: `supervision:${10 + i}`, reason })));
    expect(result.notes).toContain('Only supervision confirmed by the supervisor counts.');
  });

  test('window ends: the first day and the evaluation date count, the day after is outside; forecast at 1 h per 182 days', () => {
    const result = check('supervision_per_year', { hours: 4, countStatuses: EMCC_COUNTS }, { supervision: [supervision(1, '2025-03-12', 2), supervision(2, AS_OF, 1), supervision(3, '2026-03-13', 1)] });
    expect(result).toMatchObject({ met: false, actual: 3, gap: 1, gapText: '1 more hour of individual supervision dated on or after 12 March 2025', forecast: { date: '2026-09-10' } });
    expect(result.counted).toEqual(['supervision:1', 'supervision:2']);
    expect(result.excluded).toEqual([{ ref: 'supervision:3', reason: WINDOW_TEXT }]);
  });

  test('formats individual and group: group counts, peer still excluded', () => {
    const result = check('supervision_per_year', { hours: 4, formats: ['individual', 'group'], countStatuses: EMCC_COUNTS }, { supervision: log });
    expect(result).toMatchObject({ met: true, actual: 4.5 });
    expect(result.notes).toContain('Only individual or group supervision counts; peer supervision does not.');
    expectAccounted(
      result,
      log.map((s) => `supervision:${s.id}`),
    );
  });
});

describe('supervision_ratio', () => {
  const practiceOf = (hours: number) => [practice(1, '2025-06-01', hours - 5), practice(2, '2026-01-01', 5, { payment: 'pro_bono' }), practice(3, '2025-03-11', 100)];
  const ratio = { practiceHoursPerSupervisionHour: 35, countStatuses: EMCC_COUNTS };

  test('exactly 1 h per 35 h of practice in the window is met', () => {
    const result = check('supervision_ratio', ratio, { practice: practiceOf(35), supervision: [supervision(1, '2025-07-01', 1)] });
    expect(result).toMatchObject({ met: true, required: 1, actual: 1, gap: 0, unit: 'hours', window: { from: '2025-03-12', to: AS_OF } });
    expect(result.notes).toContain('Client practice in this window: 35 h (paid and pro bono, a range on its end date).');
  });

  test('just below 1:35 (35.5 h of practice, 1 h supervision) is not met: 1.02 h needed, rounded up', () => {
    const result = check('supervision_ratio', ratio, { practice: practiceOf(35.5), supervision: [supervision(1, '2025-07-01', 1)] });
    expect(result).toMatchObject({ met: false, required: 1.02, actual: 1, gap: 0.02, gapText: '0.02 more hours of individual supervision (1 h per 35 h of practice, dated on or after 12 March 2025)' });
    expect(result.forecast).toBeUndefined();
  });

  test('70 h of practice with 1.5 h of individual supervision, 1 h of group and 1 h declined: 0.5 h more', () => {
    const result = check('supervision_ratio', ratio, {
      practice: practiceOf(70),
      supervision: [supervision(1, '2025-07-01', 1.5), supervision(2, '2025-08-01', 1, { format: 'group' }), supervision(3, '2025-08-02', 1, { confirmation: 'declined', confirmationOn: '2025-08-09' })],
    });
    expect(result).toMatchObject({ met: false, required: 2, actual: 1.5, gap: 0.5, gapText: '0.5 more hours of individual supervision (1 h per 35 h of practice, dated on or after 12 March 2025)' });
    expect(result.counted).toEqual(['supervision:1']);
    expect(reasonOf(result, 'supervision:2')).toBe('group supervision does not count towards this minimum');
    expect(reasonOf(result, 'supervision:3')).toBe('declined by the supervisor on 9 August 2025');
  });

  test('no practice in the window: nothing needed, met', () => {
    expect(check('supervision_ratio', ratio, { practice: [practice(1, '2025-03-11', 100)] })).toMatchObject({ met: true, required: 0, actual: 0 });
  });
});

describe('supervision_per_period', () => {
  // asOf 25 November 2026: the 12-month window 25 Nov 2025–25 Nov 2026 in 4 periods of 3 months:
  // 25 Nov 2025–24 Feb 2026, 25 Feb–24 May, 25 May–24 Aug, 25 Aug–25 Nov 2026.
  const asOf = '2026-11-25';
  const quarterly = { countStatuses: EMCC_COUNTS };

  test('one empty quarter: not met, 3 of 4 periods, the gap text names its dates; the window is the 12-month window', () => {
    const result = check('supervision_per_period', quarterly, { supervision: [supervision(1, '2025-11-25', 1), supervision(2, '2026-05-24', 1), supervision(3, '2026-08-25', 1), supervision(4, '2025-11-24', 5)] }, asOf);
    expect(result).toMatchObject({ met: false, required: 4, actual: 3, gap: 1, unit: 'periods', gapText: 'no individual supervision between 25 May and 24 August 2026', window: { from: '2025-11-25', to: asOf } });
    expect(result.window).toEqual(windowEndingOn(asOf, 12));
    expect(result.periods).toEqual([
      { from: '2025-11-25', to: '2026-02-24', hours: 1, met: true },
      { from: '2026-02-25', to: '2026-05-24', hours: 1, met: true },
      { from: '2026-05-25', to: '2026-08-24', hours: 0, met: false },
      { from: '2026-08-25', to: '2026-11-25', hours: 1, met: true },
    ]);
    expect(result.excluded).toEqual([{ ref: 'supervision:4', reason: 'outside the window (from 25 November 2025 to 25 November 2026)' }]);
  });

  test('some but not enough in two periods: each named with the hours missing, oldest first, joined with "; "', () => {
    const result = check(
      'supervision_per_period',
      quarterly,
      { supervision: [supervision(1, '2026-02-24', 0.5), supervision(2, '2026-04-01', 1), supervision(3, '2026-08-24', 0.75), supervision(4, '2026-08-25', 1), supervision(5, '2026-05-01', 2, { format: 'group' })] },
      asOf,
    );
    expect(result).toMatchObject({
      actual: 2,
      gap: 2,
      gapText: '0.5 h more individual supervision between 25 November 2025 and 24 February 2026; 0.25 h more individual supervision between 25 May and 24 August 2026',
      supervisionHours: { confirmed: 3.25, unconfirmed: 0 },
    });
    expect(reasonOf(result, 'supervision:5')).toBe('group supervision does not count towards this minimum');
  });

  test('periods ending on 31 May: month ends clamp, periods stay contiguous and cover the window', () => {
    const result = check('supervision_per_period', { periods: 2, countStatuses: EMCC_COUNTS }, {}, '2026-05-31');
    expect(result.periods).toEqual([
      { from: '2025-11-30', to: '2026-02-27', hours: 0, met: false },
      { from: '2026-02-28', to: '2026-05-31', hours: 0, met: false },
    ]);
    expect(result.window).toEqual(windowEndingOn('2026-05-31', 6));
    expect(result.gapText).toBe('no individual supervision between 30 November 2025 and 27 February 2026; no individual supervision between 28 February and 31 May 2026');
  });

  test('unconfirmed supervision fills a period under EMCC’s rule, not when only confirmed supervision counts; a decline fills none', () => {
    const log = {
      supervision: [supervision(1, '2026-01-10', 1), supervision(2, '2026-04-10', 1), supervision(3, '2026-07-10', 1), supervision(4, '2026-10-10', 1, { confirmation: 'never_asked', confirmationOn: null })],
    };
    expect(check('supervision_per_period', quarterly, log, asOf)).toMatchObject({ met: true, actual: 4, supervisionHours: { confirmed: 3, unconfirmed: 1 } });
    const strict = check('supervision_per_period', { countStatuses: CONFIRMED_ONLY }, log, asOf);
    expect(strict).toMatchObject({ met: false, actual: 3, gapText: 'no individual supervision between 25 August and 25 November 2026' });
    expect(reasonOf(strict, 'supervision:4')).toBe('not confirmed: never asked of the supervisor');
    const declined = { supervision: [...log.supervision.slice(0, 3), supervision(4, '2026-10-10', 1, { confirmation: 'declined', confirmationOn: '2026-10-20' })] };
    expect(check('supervision_per_period', quarterly, declined, asOf)).toMatchObject({ met: false, actual: 3, supervisionHours: { confirmed: 3, unconfirmed: 0 } });
  });
});

/**
 * One window rule: every "within the last N months" requirement looks at the evaluation date and
 * the same calendar day N months earlier, both included. A record dated on that first day counts
 * for every kind; one dated the day before counts for none.
 */
describe('the window boundary is the same day for every windowed kind', () => {
  const first = '2025-03-12';
  const before = '2025-03-11';
  const kinds: [string, (date: string) => RequirementResult][] = [
    ['practice_hours in a window', (date) => check('practice_hours', { hours: 1, windowMonths: 12 }, { practice: [practice(1, date, 1)] })],
    ['items_in_window (feedback)', (date) => check('items_in_window', { item: 'feedback', count: 1 }, { feedback: [feedback(1, date)] })],
    ['items_in_window (reflection)', (date) => check('items_in_window', { item: 'reflection', count: 1 }, { reflections: [reflection(1, date)] })],
    ['items_in_window (case study)', (date) => check('items_in_window', { item: 'case_study', count: 1, windowMonths: 12 }, { reflections: [reflection(1, date, [], 'case_study')] })],
    ['cpd_hours_in_window', (date) => check('cpd_hours_in_window', { hours: 1 }, { cpd: [cpd(1, date, date, 1)] })],
    ['supervision_per_year', (date) => check('supervision_per_year', { hours: 1, countStatuses: EMCC_COUNTS }, { supervision: [supervision(1, date, 1)] })],
    ['supervision_ratio', (date) => check('supervision_ratio', { practiceHoursPerSupervisionHour: 35, countStatuses: EMCC_COUNTS }, { practice: [practice(1, '2025-06-01', 35)], supervision: [supervision(1, date, 1)] })],
    ['supervision_per_period', (date) => check('supervision_per_period', { countStatuses: EMCC_COUNTS }, { supervision: [supervision(1, date, 1)] })],
  ];

  test.each(kinds)('%s: the first day of the window counts, the day before does not', (_kind, run) => {
    const onFirstDay = run(first);
    expect(onFirstDay.window).toEqual({ from: first, to: AS_OF });
    expect(onFirstDay.counted).toHaveLength(1);
    const dayBefore = run(before);
    expect(dayBefore.counted).toEqual([]);
    expect(dayBefore.excluded.map((item) => item.reason)).toEqual([WINDOW_TEXT]);
  });

  test('supervision_per_period: a record on the window’s first day fills the oldest period', () => {
    const result = check('supervision_per_period', { countStatuses: EMCC_COUNTS }, { supervision: [supervision(1, first, 1)] });
    expect(result.periods![0]).toEqual({ from: first, to: '2025-06-11', hours: 1, met: true });
  });
});

describe('competences_evidenced', () => {
  const all = ['understanding_self', 'self_development', 'managing_contract', 'building_relationship', 'enabling_insight', 'outcome_action', 'models_techniques', 'evaluation'];

  test('two categories missing are named by label; the count per category is listed for all 8', () => {
    const result = check(
      'competences_evidenced',
      {},
      {
        reflections: [
          reflection(1, '2024-01-01', ['understanding_self', 'self_development', 'understanding_self']),
          reflection(2, '2025-01-01', ['building_relationship', 'enabling_insight'], 'case_study'),
          reflection(3, '2025-02-01', ['outcome_action', 'models_techniques', 'self_development']),
          reflection(4, '2025-03-01', []),
          reflection(5, '2026-03-13', ['evaluation', 'managing_contract']),
        ],
      },
    );
    expect(result).toMatchObject({ met: false, required: 8, actual: 6, gap: 2, unit: 'categories', gapText: 'no reflection or case study yet for: Evaluation, Managing the Contract' });
    expect(result.categories).toEqual([
      { id: 'understanding_self', count: 1 },
      { id: 'self_development', count: 2 },
      { id: 'managing_contract', count: 0 },
      { id: 'building_relationship', count: 1 },
      { id: 'enabling_insight', count: 1 },
      { id: 'outcome_action', count: 1 },
      { id: 'models_techniques', count: 1 },
      { id: 'evaluation', count: 0 },
    ]);
    expect(result.counted).toEqual(['reflection:1', 'reflection:2', 'reflection:3']);
    expect(result.excluded).toEqual([
      { ref: 'reflection:4', reason: 'not tagged with any of the competence categories asked for' },
      { ref: 'reflection:5', reason: 'dated after the evaluation date' },
    ]);
  });

  test('categories asked for: only those are required; all tagged is met', () => {
    const result = check('competences_evidenced', { categories: ['evaluation'] }, { reflections: [reflection(1, '2025-01-01', ['evaluation']), reflection(2, '2025-01-01', ['understanding_self'])] });
    expect(result).toMatchObject({ met: true, required: 1, actual: 1, categories: [{ id: 'evaluation', count: 1 }], counted: ['reflection:1'] });
  });

  test('every category tagged on or before the evaluation date: met', () => {
    expect(check('competences_evidenced', {}, { reflections: [reflection(1, AS_OF, all)] })).toMatchObject({ met: true, actual: 8, gap: 0, gapText: '' });
  });
});

describe('case_study_present', () => {
  test('no case study: 1 more; reflections and case studies after the evaluation date excluded with reasons', () => {
    const result = check('case_study_present', {}, { reflections: [reflection(1, '2025-01-01'), reflection(2, '2026-03-13', [], 'case_study')] });
    expect(result).toMatchObject({ met: false, required: 1, actual: 0, gap: 1, unit: 'items', gapText: '1 more case study', forecast: { date: null } });
    expect(result.excluded).toEqual([
      { ref: 'reflection:1', reason: 'a reflection (only case studies count here)' },
      { ref: 'reflection:2', reason: 'dated after the evaluation date' },
    ]);
  });

  test('a case study of any age on or before the evaluation date counts', () => {
    expect(check('case_study_present', {}, { reflections: [reflection(1, '2019-01-01', [], 'case_study')] })).toMatchObject({ met: true, actual: 1, counted: ['reflection:1'] });
  });

  test('two asked, one written in the last 6 months: 1 more, forecast at 1 per 182 days', () => {
    const result = check('case_study_present', { count: 2 }, { reflections: [reflection(1, '2025-12-01', [], 'case_study')] });
    expect(result).toMatchObject({ gap: 1, gapText: '1 more case study', forecast: { date: '2026-09-10' } });
  });
});

describe('field_present', () => {
  const withPortfolio = (portfolio: Partial<Evidence['portfolio']>) => ({ portfolio: { firstPracticeDate: null, emccMembershipNumber: null, displayName: null, ...portfolio } });

  test('membership number present: met, 1 of 1 field, no records', () => {
    expect(check('field_present', { field: 'emccMembershipNumber' }, withPortfolio({ emccMembershipNumber: 'EMCC-1234' }))).toMatchObject({ met: true, required: 1, actual: 1, unit: 'field', counted: [], excluded: [] });
  });

  test('membership number absent or blank: not met, asks for it in the portfolio settings', () => {
    for (const value of [null, '   ']) {
      expect(check('field_present', { field: 'emccMembershipNumber' }, withPortfolio({ emccMembershipNumber: value }))).toMatchObject({
        met: false,
        actual: 0,
        gap: 1,
        gapText: 'add your EMCC membership number in your portfolio settings',
      });
    }
    expect(check('field_present', { field: 'displayName' }).gapText).toBe('add your name in your portfolio settings');
    expect(check('field_present', { field: 'firstPracticeDate' }).gapText).toBe('add the date of your first practice in your portfolio settings');
  });
});

describe('evaluate', () => {
  test('rejects an evaluation date that is not an ISO date', () => {
    expect(() => check('case_study_present', {}, {}, '12/03/2026')).toThrow(/ISO date/);
  });

  test('the result carries the source object its requirement names, and the set', () => {
    const result = check('case_study_present', {});
    expect(result).toMatchObject({ id: 'req', kind: 'case_study_present', label: 'Requirement', source: { id: 'src', title: 'Source' }, confidence: 'high' });
  });
});

describe('practice tallies against a plain model (any log)', () => {
  // The tallies read typed columns prepared from the records (see context.ts); the model reads
  // the records as the criteria are written.
  const day = fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2027, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
  const entry = fc.record({
    clientCode: fc.constantFrom('C-1', ' c-1', 'C-1 ', 'C-2', 'c-2', 'Team-9', '', '  '),
    date: day,
    endDate: fc.option(day, { nil: undefined }),
    hours: fc.integer({ min: 1, max: 16 }).map((quarters) => quarters / 4),
    format: fc.constantFrom('one_to_one', 'group', 'team') as fc.Arbitrary<Practice['format']>,
    groupSize: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
    payment: fc.constantFrom('paid', 'pro_bono') as fc.Arbitrary<Practice['payment']>,
  });
  const log = fc.array(entry, { maxLength: 40 }).map((entries) => entries.map((more, index) => ({ id: index + 1, ...more })));
  const effective = (record: Practice) => record.endDate ?? record.date;

  test('hours: lifetime or in a window, paid only or not', () => {
    fc.assert(
      fc.property(log, fc.boolean(), fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }), (records, paidOnly, windowMonths) => {
        const from = windowMonths === undefined ? '' : windowEndingOn(AS_OF, windowMonths).from;
        const counts = (record: Practice) => effective(record) <= AS_OF && effective(record) >= from && (!paidOnly || record.payment === 'paid');
        const result = check('practice_hours', { hours: 1, paidOnly, windowMonths }, { practice: records });
        expect(result.actual).toBeCloseTo(
          records.filter(counts).reduce((sum, record) => sum + record.hours, 0),
          6,
        );
        expect(result.counted).toEqual(records.filter(counts).map((record) => `practice:${record.id}`));
      }),
    );
  });

  test('clients: distinct trimmed, lower-cased codes up to the date, a group as its largest size', () => {
    fc.assert(
      fc.property(log, fc.constantFrom('members', 'one') as fc.Arbitrary<'members' | 'one'>, (records, groupCounting) => {
        const largest = new Map<string, number>();
        for (const record of records) {
          const code = record.clientCode.trim().toLowerCase();
          if (!code || effective(record) > AS_OF) continue;
          const people = groupCounting === 'members' && record.format !== 'one_to_one' ? Math.max(1, record.groupSize ?? 1) : 1;
          largest.set(code, Math.max(largest.get(code) ?? 0, people));
        }
        const result = check('distinct_clients', { clients: 1, groupCounting }, { practice: records });
        expect(result.actual).toBe([...largest.values()].reduce((sum, people) => sum + people, 0));
        expect(result.counted.length + result.excluded.length).toBe(records.length);
      }),
    );
  });
});

import type { CriteriaLevel, CriteriaSet, Requirement } from '../../src/domain/criteria/criteria-set';
import { evaluate } from '../../src/domain/evaluation/evaluate';
import type { Evaluation, Evidence } from '../../src/domain/evaluation/evaluation';
import { addDays } from '../../src/domain/evaluation/windows';
import { COMPETENCES } from '../../src/domain/vocabulary';

/**
 * Whole portfolios against an EMCC-EIA-like criteria set built here from the figures of
 * shared/reference/eia-criteria.md. Every portfolio is evaluated on 12 March 2026:
 *   12-month window: 12 March 2025 – 12 March 2026 (both included)
 *   quarters, oldest first: 13 Mar–12 Jun 2025, 13 Jun–12 Sep 2025, 13 Sep–12 Dec 2025, 13 Dec 2025–12 Mar 2026
 */

const AS_OF = '2026-03-12';
const WINDOW_START = '2025-03-12';

// ---- The criteria set ------------------------------------------------------------------------

interface LevelFigures {
  id: string;
  label: string;
  years: number;
  hours: number;
  clients: number;
  /** Foundation and Practitioner: 1 h per quarter; above: 4 h a year and 1 h per 35 h. */
  supervision: 'quarterly' | 'yearly_and_ratio';
}

function level(figures: LevelFigures): CriteriaLevel {
  const { id } = figures;
  const req = (suffix: string, kind: Requirement['kind'], params: Requirement['params']) => ({ id: `${id}.${suffix}`, kind, label: suffix, explanation: '', params, source: 'emcc', confidence: 'high' }) as Requirement;
  const supervision =
    figures.supervision === 'quarterly'
      ? [req('supervision', 'supervision_per_period', { periods: 4, periodMonths: 3, minHours: 1, countStatuses: ['confirmed'] })]
      : [
          req('supervision_hours', 'supervision_per_year', { hours: 4, countStatuses: ['confirmed'] }),
          req('supervision_ratio', 'supervision_ratio', { practiceHoursPerSupervisionHour: 35, countStatuses: ['confirmed'] }),
        ];
  return {
    id,
    label: figures.label,
    requirements: [
      req('years', 'years_of_practice', { years: figures.years }),
      req('hours', 'practice_hours', { hours: figures.hours }),
      req('clients', 'distinct_clients', { clients: figures.clients }),
      req('feedback', 'items_in_window', { item: 'feedback', count: 5 }),
      req('reflections', 'items_in_window', { item: 'reflection', count: 5 }),
      req('cpd', 'cpd_hours_in_window', { hours: 16 }),
      ...supervision,
      req('membership', 'field_present', { field: 'emccMembershipNumber' }),
      req('competences', 'competences_evidenced', {}),
      req('case_study', 'case_study_present', { count: 1 }),
    ],
  };
}

const EIA: CriteriaSet = {
  id: 'emcc-eia-test',
  title: 'EMCC Global Individual Accreditation (test edition)',
  edition: 'test',
  description: 'Built in the test from shared/reference/eia-criteria.md.',
  sources: [{ id: 'emcc', title: 'EMCC bodies’ pages on EIA levels' }],
  levels: [
    level({ id: 'foundation', label: 'Foundation', years: 1, hours: 50, clients: 5, supervision: 'quarterly' }),
    level({ id: 'practitioner', label: 'Practitioner', years: 3, hours: 100, clients: 10, supervision: 'quarterly' }),
    level({ id: 'senior_practitioner', label: 'Senior Practitioner', years: 5, hours: 250, clients: 20, supervision: 'yearly_and_ratio' }),
    level({ id: 'master_practitioner', label: 'Master Practitioner', years: 7, hours: 500, clients: 40, supervision: 'yearly_and_ratio' }),
  ],
};

// ---- The scenario builder: deterministic evidence from a few figures --------------------------

interface Portfolio {
  firstPractice: string | null;
  membership?: string | null;
  /** Practice hours dated before the window (in 1 h sessions, the last one the remainder). */
  hoursBeforeWindow?: number;
  /** Practice hours dated in the window, group sessions included. */
  hoursInWindow: number;
  /** One-to-one client codes C-001 …, used in turn by the sessions. */
  clients: number;
  /** Group sessions of 1 h each (in the window), per code, with the group size of each session. */
  groups?: { code: string; sizes: number[] }[];
  feedbackInWindow?: number;
  /** Feedback items dated the day before the window (do not count). */
  feedbackBeforeWindow?: number;
  reflections?: number;
  cpdHours?: number;
  /** Supervision hours per quarter, oldest first. */
  quarters?: [number, number, number, number];
  supervisionFormat?: Evidence['supervision'][number]['format'];
  /** A competence category no reflection or case study is tagged with. */
  untagged?: string;
  caseStudies?: number;
}

/** Splits hours into 1 h sessions and a remainder: 49.5 → 49 × 1 h + 0.5 h. */
const sessions = (hours: number) => [...Array.from({ length: Math.floor(hours) }, () => 1), ...(hours % 1 > 0 ? [Number((hours % 1).toFixed(2))] : [])];

function build(p: Portfolio): Evidence {
  const codes = Array.from({ length: p.clients }, (_, i) => `C-${String(i + 1).padStart(3, '0')}`);
  const practice: Evidence['practice'] = [];
  let oneToOne = 0;
  const add = (date: string, hours: number) => practice.push({ id: practice.length + 1, clientCode: codes[oneToOne++ % codes.length]!, date, hours, format: 'one_to_one', payment: 'paid' });
  sessions(p.hoursBeforeWindow ?? 0).forEach((hours, i) => add(addDays('2019-01-01', (i * 3) % 2000), hours));
  const groupSessions = (p.groups ?? []).flatMap((group) => group.sizes.map((size) => ({ code: group.code, size })));
  groupSessions.forEach((group, i) => practice.push({ id: practice.length + 1, clientCode: group.code, date: addDays(WINDOW_START, 10 + i), hours: 1, format: 'group', groupSize: group.size, payment: 'paid' }));
  // Offsets 0…365 from 12 March 2025 stay inside the window (12 March 2026 is day 365).
  sessions(p.hoursInWindow - groupSessions.length).forEach((hours, i) => add(addDays(WINDOW_START, (i * 7) % 366), hours));
  if (oneToOne < codes.length) throw new Error('Too few sessions for every client code to appear.');

  const feedback = [...Array.from({ length: p.feedbackInWindow ?? 5 }, (_, i) => addDays('2025-04-01', i * 30)), ...Array.from({ length: p.feedbackBeforeWindow ?? 0 }, () => '2025-03-11')].map((date, i) => ({
    id: i + 1,
    date,
  }));

  // Reflection i is tagged with category i, the case study with the rest: all 8 covered.
  const tags = (ids: readonly string[]) => ids.filter((id) => id !== p.untagged);
  const reflectionCount = p.reflections ?? 5;
  const reflections: Evidence['reflections'] = [
    ...Array.from({ length: reflectionCount }, (_, i) => ({ id: i + 1, date: addDays('2025-05-01', i * 40), kind: 'reflection' as const, competences: tags([COMPETENCES.ids[i % 8]!]), words: 300 })),
    ...Array.from({ length: p.caseStudies ?? 1 }, (_, i) => ({ id: reflectionCount + i + 1, date: '2025-12-15', kind: 'case_study' as const, competences: tags(COMPETENCES.ids.slice(reflectionCount)), words: 1500 })),
  ];

  const cpdHours = p.cpdHours ?? 16;
  const cpd = [
    { id: 1, startDate: '2025-06-28', endDate: '2025-06-30', hours: 10 },
    { id: 2, startDate: '2026-01-20', endDate: '2026-01-20', hours: Number((cpdHours - 10).toFixed(2)) },
  ];

  const quarterDates = ['2025-05-10', '2025-08-10', '2025-11-10', '2026-02-10'];
  const supervision = (p.quarters ?? [1, 1, 1, 1])
    .map((hours, i) => ({ id: i + 1, date: quarterDates[i]!, hours, format: p.supervisionFormat ?? ('individual' as const), confirmation: 'confirmed' as const, confirmationOn: quarterDates[i]! }))
    .filter((s) => s.hours > 0);

  return {
    portfolio: { firstPracticeDate: p.firstPractice, emccMembershipNumber: p.membership === undefined ? 'EMCC-004217' : p.membership, displayName: 'Ana Kowalska' },
    practice,
    supervision,
    cpd,
    feedback,
    reflections,
  };
}

/** The requirements of a level that are not met, with their gaps. */
const failing = (evaluation: Evaluation, levelId: string) =>
  evaluation.levels
    .find((l) => l.id === levelId)!
    .requirements.filter((r) => !r.met)
    .map((r) => ({ id: r.id, gap: r.gap }));

const requirement = (evaluation: Evaluation, id: string) => evaluation.levels.flatMap((l) => l.requirements).find((r) => r.id === id)!;

const levelsMet = (evaluation: Evaluation) => evaluation.levels.filter((l) => l.met).map((l) => l.id);

// ---- Portfolios exactly at each level's thresholds ---------------------------------------------

describe('a portfolio exactly at the thresholds of a level meets it, and fails the next one on the figures that grow', () => {
  test('Foundation: 1 year to the day, 50 h, 5 clients, 5 + 5 + 16 h, 1 h each quarter, membership number', () => {
    const result = evaluate(EIA, build({ firstPractice: '2025-03-12', hoursInWindow: 50, clients: 5 }), AS_OF);
    expect(result.highestLevelMet).toBe('foundation');
    expect(levelsMet(result)).toEqual(['foundation']);
    expect(failing(result, 'foundation')).toEqual([]);
    expect(failing(result, 'practitioner')).toEqual([
      { id: 'practitioner.years', gap: 2 },
      { id: 'practitioner.hours', gap: 50 },
      { id: 'practitioner.clients', gap: 5 },
    ]);
    expect(requirement(result, 'practitioner.years').gapText).toBe('3 years of practice on 12 March 2028');
    expect(requirement(result, 'practitioner.hours').gapText).toBe('50 more client hours');
    expect(requirement(result, 'foundation.supervision').periods!.map((p) => p.hours)).toEqual([1, 1, 1, 1]);
  });

  test('Practitioner: 3 years to the day, 100 h, 10 clients', () => {
    const result = evaluate(EIA, build({ firstPractice: '2023-03-12', hoursInWindow: 100, clients: 10 }), AS_OF);
    expect(result.highestLevelMet).toBe('practitioner');
    expect(levelsMet(result)).toEqual(['foundation', 'practitioner']);
    expect(failing(result, 'senior_practitioner')).toEqual([
      { id: 'senior_practitioner.years', gap: 2 },
      { id: 'senior_practitioner.hours', gap: 150 },
      { id: 'senior_practitioner.clients', gap: 10 },
    ]);
    // 100 h in the window need 100 / 35 = 2.857… → 2.86 h of supervision; 4 h were had.
    expect(requirement(result, 'senior_practitioner.supervision_ratio')).toMatchObject({ met: true, required: 2.86, actual: 4 });
  });

  test('Senior Practitioner: 5 years, 250 h (140 h in the window: exactly 1:35 with 4 h), 20 clients of which a group of 6', () => {
    const result = evaluate(EIA, build({ firstPractice: '2021-03-12', hoursBeforeWindow: 110, hoursInWindow: 140, clients: 14, groups: [{ code: 'G-1', sizes: [4, 6] }] }), AS_OF);
    expect(result.highestLevelMet).toBe('senior_practitioner');
    expect(levelsMet(result)).toEqual(['foundation', 'practitioner', 'senior_practitioner']);
    expect(requirement(result, 'senior_practitioner.clients')).toMatchObject({ met: true, actual: 20 });
    expect(requirement(result, 'senior_practitioner.supervision_ratio')).toMatchObject({ met: true, required: 4, actual: 4, gap: 0 });
    expect(requirement(result, 'senior_practitioner.supervision_hours')).toMatchObject({ met: true, actual: 4 });
    expect(failing(result, 'master_practitioner')).toEqual([
      { id: 'master_practitioner.years', gap: 2 },
      { id: 'master_practitioner.hours', gap: 250 },
      { id: 'master_practitioner.clients', gap: 20 },
    ]);
    expect(requirement(result, 'master_practitioner.clients').gapText).toBe('20 more clients');
  });

  test('Master Practitioner: 7 years, 500 h (140 h in the window), 40 clients: every level met', () => {
    const result = evaluate(EIA, build({ firstPractice: '2019-03-12', hoursBeforeWindow: 360, hoursInWindow: 140, clients: 40 }), AS_OF);
    expect(result.highestLevelMet).toBe('master_practitioner');
    expect(levelsMet(result)).toEqual(['foundation', 'practitioner', 'senior_practitioner', 'master_practitioner']);
    expect(requirement(result, 'master_practitioner.hours')).toMatchObject({ met: true, actual: 500, required: 500 });
    expect(requirement(result, 'master_practitioner.years')).toMatchObject({ met: true, actual: 7 });
    expect(requirement(result, 'master_practitioner.clients')).toMatchObject({ met: true, actual: 40 });
  });
});

// ---- Portfolios just short ---------------------------------------------------------------------

describe('a portfolio just short of a level fails it on exactly one requirement, with its gap', () => {
  test('Foundation with 49.5 h: only the hours fail, by 0.5 h; no level met', () => {
    const result = evaluate(EIA, build({ firstPractice: '2025-03-12', hoursInWindow: 49.5, clients: 5 }), AS_OF);
    expect(result.highestLevelMet).toBeNull();
    expect(failing(result, 'foundation')).toEqual([{ id: 'foundation.hours', gap: 0.5 }]);
    expect(requirement(result, 'foundation.hours')).toMatchObject({ actual: 49.5, gapText: '0.5 more client hours' });
  });

  test('Foundation with first practice one day too late: years fail, the gap text gives the day it is reached', () => {
    const result = evaluate(EIA, build({ firstPractice: '2025-03-13', hoursInWindow: 50, clients: 5 }), AS_OF);
    expect(result.highestLevelMet).toBeNull();
    expect(failing(result, 'foundation')).toEqual([{ id: 'foundation.years', gap: 1 }]);
    expect(requirement(result, 'foundation.years')).toMatchObject({ actual: 0, gapText: '1 year of practice on 13 March 2026', forecast: { date: '2026-03-13' } });
  });

  test('Foundation with 4 feedback items in the window (a fifth dated the day before it): feedback fails by 1', () => {
    const result = evaluate(EIA, build({ firstPractice: '2025-03-12', hoursInWindow: 50, clients: 5, feedbackInWindow: 4, feedbackBeforeWindow: 1 }), AS_OF);
    expect(result.highestLevelMet).toBeNull();
    expect(failing(result, 'foundation')).toEqual([{ id: 'foundation.feedback', gap: 1 }]);
    const feedback = requirement(result, 'foundation.feedback');
    expect(feedback).toMatchObject({ actual: 4, gapText: '1 more feedback item dated on or after 12 March 2025' });
    expect(feedback.excluded).toEqual([{ ref: 'feedback:5', reason: 'outside the window (from 12 March 2025 to 12 March 2026)' }]);
  });

  test('Foundation with no supervision in the second quarter: 3 of 4 periods, the quarter named', () => {
    const result = evaluate(EIA, build({ firstPractice: '2025-03-12', hoursInWindow: 50, clients: 5, quarters: [1, 0, 1, 1] }), AS_OF);
    expect(result.highestLevelMet).toBeNull();
    expect(failing(result, 'foundation')).toEqual([{ id: 'foundation.supervision', gap: 1 }]);
    expect(requirement(result, 'foundation.supervision')).toMatchObject({ actual: 3, required: 4, gapText: 'no individual supervision between 12 June and 11 September 2025' });
  });

  test('a Master-level portfolio with 15.5 h of CPD: CPD fails by 0.5 h at every level, no level met', () => {
    const result = evaluate(EIA, build({ firstPractice: '2019-03-12', hoursBeforeWindow: 360, hoursInWindow: 140, clients: 40, cpdHours: 15.5 }), AS_OF);
    expect(result.highestLevelMet).toBeNull();
    for (const id of ['foundation', 'practitioner', 'senior_practitioner', 'master_practitioner']) {
      expect(failing(result, id)).toEqual([{ id: `${id}.cpd`, gap: 0.5 }]);
    }
    expect(requirement(result, 'foundation.cpd').gapText).toBe('0.5 more CPD hours ending on or after 12 March 2025');
  });

  test('Foundation with Evaluation never tagged and no membership number: both named', () => {
    const result = evaluate(EIA, build({ firstPractice: '2025-03-12', hoursInWindow: 50, clients: 5, untagged: 'evaluation', membership: null }), AS_OF);
    expect(failing(result, 'foundation')).toEqual([
      { id: 'foundation.membership', gap: 1 },
      { id: 'foundation.competences', gap: 1 },
    ]);
    expect(requirement(result, 'foundation.competences').gapText).toBe('no reflection or case study yet for: Evaluation');
    expect(requirement(result, 'foundation.membership').gapText).toBe('add your EMCC membership number in your portfolio settings');
  });

  test('Practitioner with first practice one day too late (13 March 2023): 2 whole years, Foundation met', () => {
    const result = evaluate(EIA, build({ firstPractice: '2023-03-13', hoursInWindow: 100, clients: 10 }), AS_OF);
    expect(result.highestLevelMet).toBe('foundation');
    expect(failing(result, 'practitioner')).toEqual([{ id: 'practitioner.years', gap: 1 }]);
    expect(requirement(result, 'practitioner.years')).toMatchObject({ actual: 2, gapText: '3 years of practice on 13 March 2026' });
  });

  test('Senior Practitioner with 140.5 h in the window and 4 h of supervision: the ratio asks 4.02 h, short by 0.02 h', () => {
    const result = evaluate(EIA, build({ firstPractice: '2021-03-12', hoursBeforeWindow: 110, hoursInWindow: 140.5, clients: 20 }), AS_OF);
    expect(result.highestLevelMet).toBe('practitioner');
    expect(failing(result, 'senior_practitioner')).toEqual([{ id: 'senior_practitioner.supervision_ratio', gap: 0.02 }]);
    expect(requirement(result, 'senior_practitioner.supervision_ratio')).toMatchObject({
      required: 4.02,
      actual: 4,
      gapText: '0.02 more hours of individual supervision (1 h per 35 h of practice, dated on or after 12 March 2025)',
    });
  });

  test('Senior Practitioner with all supervision in groups: both supervision requirements fail by 4 h, and every quarter', () => {
    const result = evaluate(EIA, build({ firstPractice: '2021-03-12', hoursBeforeWindow: 110, hoursInWindow: 140, clients: 20, supervisionFormat: 'group' }), AS_OF);
    expect(result.highestLevelMet).toBeNull();
    expect(failing(result, 'senior_practitioner')).toEqual([
      { id: 'senior_practitioner.supervision_hours', gap: 4 },
      { id: 'senior_practitioner.supervision_ratio', gap: 4 },
    ]);
    expect(failing(result, 'foundation')).toEqual([{ id: 'foundation.supervision', gap: 4 }]);
    expect(requirement(result, 'senior_practitioner.supervision_hours').excluded.map((e) => e.reason)).toEqual(Array(4).fill('group supervision does not count towards this minimum'));
  });

  test('Master Practitioner with 39 clients: 1 more client; Senior Practitioner met', () => {
    const result = evaluate(EIA, build({ firstPractice: '2019-03-12', hoursBeforeWindow: 360, hoursInWindow: 140, clients: 39 }), AS_OF);
    expect(result.highestLevelMet).toBe('senior_practitioner');
    expect(failing(result, 'master_practitioner')).toEqual([{ id: 'master_practitioner.clients', gap: 1 }]);
    expect(requirement(result, 'master_practitioner.clients').gapText).toBe('1 more client');
  });
});

describe('the result as a whole', () => {
  test('every practice record is accounted for once per practice requirement; shared record lists are frozen', () => {
    const evidence = build({ firstPractice: '2021-03-12', hoursBeforeWindow: 110, hoursInWindow: 140, clients: 20 });
    const result = evaluate(EIA, evidence, AS_OF);
    const hours = requirement(result, 'foundation.hours');
    expect(hours.counted.length + hours.excluded.length).toBe(evidence.practice.length);
    expect(Object.isFrozen(hours.counted)).toBe(true);
    expect(() => hours.counted.push('practice:0')).toThrow(TypeError);
    expect(result.criteriaSet).toEqual({ id: 'emcc-eia-test', title: 'EMCC Global Individual Accreditation (test edition)', edition: 'test' });
    expect(hours.source).toEqual({ id: 'emcc', title: 'EMCC bodies’ pages on EIA levels' });
  });

  test('the same inputs give the same result (no clock, no hidden state)', () => {
    const evidence = build({ firstPractice: '2023-03-12', hoursInWindow: 100, clients: 10 });
    expect(evaluate(EIA, evidence, AS_OF)).toEqual(evaluate(EIA, evidence, AS_OF));
  });
});

import { loadCriteriaFiles } from '../../src/domain/criteria/criteria-files';
import { evaluate } from '../../src/domain/evaluation/evaluate';
import type { Evidence, RequirementResult } from '../../src/domain/evaluation/evaluation';
import { toEvidence } from '../../src/domain/evaluation/to-evidence';
import { SUPERVISION_COMPETENCES } from '../../src/domain/vocabulary';

/**
 * A supervisor's own accreditation against the real criteria/emcc-esia.json, evaluated on
 * 12 March 2026. The thresholds: 3 years from the first session given, 10 supervisees, 120 h
 * (a group session's hours once), 4 h of supervision on supervision in 12 months.
 */
const AS_OF = '2026-03-12';
const ESIA = loadCriteriaFiles().find((set) => set.id === 'emcc-esia')!;

type Session = NonNullable<Evidence['supervisionPractice']>[number];

/** 10 supervisees, 12 h each (120 h), the first session exactly 3 years before AS_OF. */
function sessions(): Session[] {
  const list: Session[] = [];
  let id = 1;
  for (let s = 1; s <= 10; s += 1) {
    for (let k = 0; k < 8; k += 1) list.push({ id: id++, superviseeCode: `S-${String(s).padStart(3, '0')}`, date: `2025-0${1 + (k % 8)}-1${s % 10}`, hours: 1.5, format: 'individual' });
  }
  list[0]!.date = '2023-03-12';
  return list;
}

function evidence(practice: Session[], overrides: Partial<Evidence> = {}): Evidence {
  return {
    portfolio: { firstPracticeDate: '2015-01-01', emccMembershipNumber: 'E1', displayName: 'Sam Lee' },
    practice: [],
    supervision: [
      { id: 1, date: '2025-06-01', hours: 2, format: 'individual', about: 'supervision', confirmation: 'confirmed', confirmationOn: '2025-06-02' },
      { id: 2, date: '2025-12-01', hours: 2, format: 'individual', about: 'supervision', confirmation: 'never_asked', confirmationOn: null },
    ],
    cpd: [],
    feedback: [],
    reflections: [{ id: 1, date: '2025-05-01', kind: 'reflection', competences: ['understanding_self', ...SUPERVISION_COMPETENCES.ids], words: 300 }],
    supervisionPractice: practice,
    ...overrides,
  };
}

const resultOf = (ev: Evidence, id: string): RequirementResult => evaluate(ESIA, ev, AS_OF).levels[0]!.requirements.find((r) => r.id === id)!;

describe('EMCC ESIA: a supervisor’s own accreditation', () => {
  test('the set is one level, ESIA, and the levels question is recorded as open', () => {
    expect(ESIA.levels.map((level) => level.id)).toEqual(['esia']);
    expect(ESIA.description).toMatch(/levels is an open question/);
  });

  test('3 years of sessions, 10 supervisees and 120 h, with supervision on supervision and every supervision competence: ESIA is met', () => {
    const evaluation = evaluate(ESIA, evidence(sessions()), AS_OF);
    const byId = Object.fromEntries(evaluation.levels[0]!.requirements.map((r) => [r.id, r]));
    expect(byId['esia.years']).toMatchObject({ met: true, actual: 3, required: 3 });
    expect(byId['esia.supervisees']).toMatchObject({ met: true, actual: 10, unit: 'supervisees' });
    expect(byId['esia.hours']).toMatchObject({ met: true, actual: 120 });
    expect(byId['esia.supervision-on-supervision']).toMatchObject({ met: true, actual: 4 });
    expect(byId['esia.competences']).toMatchObject({ met: true, actual: 8, required: 8 });
    expect(evaluation.highestLevelMet).toBe('esia');
  });

  test('2 years 364 days after the first session: not yet, and the gap gives the day it will be 3 years', () => {
    const list = sessions();
    list[0]!.date = '2023-03-13';
    const years = resultOf(evidence(list), 'esia.years');
    expect(years).toMatchObject({ met: false, actual: 2 });
    expect(years.gapText).toBe('3 years of supervising on 13 March 2026');
    expect(evaluate(ESIA, evidence(list), AS_OF).highestLevelMet).toBeNull();
  });

  test('no supervision session logged: the gap says to log them', () => {
    expect(resultOf(evidence([]), 'esia.years').gapText).toBe('log the supervision sessions you give in your supervision practice log');
  });

  test('9 supervisees: 1 more supervisee; codes compare ignoring case and spaces', () => {
    const list = sessions().map((s) => (s.superviseeCode === 'S-010' ? { ...s, superviseeCode: ' s-009 ' } : s));
    const supervisees = resultOf(evidence(list), 'esia.supervisees');
    expect(supervisees).toMatchObject({ met: false, actual: 9 });
    expect(supervisees.gapText).toBe('1 more supervisee');
  });

  test('119.5 h: 0.5 more hours of supervision given', () => {
    const list = sessions();
    list[1]!.hours = 1;
    const hours = resultOf(evidence(list), 'esia.hours');
    expect(hours).toMatchObject({ met: false, actual: 119.5, gap: 0.5 });
    expect(hours.gapText).toBe('0.5 more hours of supervision given');
  });

  test('a group session counts its hours once, and its code as the group’s size in supervisees', () => {
    const list = sessions().filter((s) => s.superviseeCode !== 'S-010');
    // 9 supervisees, 108 h; one 3-hour group session of 4 supervisees: 111 h (its 3 h once, not 4 × 3), 13 supervisees.
    list.push({ id: 999, superviseeCode: 'G-01', date: '2025-10-01', hours: 3, format: 'group', groupSize: 4 });
    expect(resultOf(evidence(list), 'esia.hours')).toMatchObject({ met: false, actual: 111, gapText: '9 more hours of supervision given' });
    expect(resultOf(evidence(list), 'esia.supervisees')).toMatchObject({ met: true, actual: 13 });
  });

  test('a session after the evaluation date is left out with its reason', () => {
    const list = sessions();
    list.push({ id: 500, superviseeCode: 'S-011', date: '2026-03-13', hours: 5, format: 'individual' });
    const hours = resultOf(evidence(list), 'esia.hours');
    expect(hours.actual).toBe(120);
    expect(hours.excluded).toEqual([{ ref: 'supervision_practice:500', reason: 'dated after the evaluation date' }]);
  });

  test('supervision about the coaching practice does not count as supervision on supervision', () => {
    const supervision: Evidence['supervision'] = [
      { id: 1, date: '2025-06-01', hours: 2, format: 'individual', about: 'supervision', confirmation: 'confirmed', confirmationOn: '2025-06-02' },
      { id: 2, date: '2025-12-01', hours: 2, format: 'individual', confirmation: 'confirmed', confirmationOn: '2025-12-02' },
    ];
    const result = resultOf(evidence(sessions(), { supervision }), 'esia.supervision-on-supervision');
    expect(result).toMatchObject({ met: false, actual: 2, confidence: 'medium' });
    expect(result.excluded).toEqual([{ ref: 'supervision:2', reason: 'about your coaching or mentoring practice (only supervision of your supervision practice counts here)' }]);
  });

  test('reflections tagged only with EIA categories do not evidence the supervision competences; the missing ones are named', () => {
    const reflections: Evidence['reflections'] = [{ id: 1, date: '2025-05-01', kind: 'reflection', competences: ['understanding_self', 'sv_contract_process'], words: 10 }];
    const result = resultOf(evidence(sessions(), { reflections }), 'esia.competences');
    expect(result).toMatchObject({ met: false, actual: 1, required: 8 });
    expect(result.gapText).toContain('Facilitates development');
    expect(result.gapText).not.toContain('Manages the supervision contract');
  });

  test('the not-found requirements are guidance: shown with source and low confidence, never blocking', () => {
    const byId = Object.fromEntries(evaluate(ESIA, evidence(sessions()), AS_OF).levels[0]!.requirements.map((r) => [r.id, r]));
    for (const id of ['esia.training', 'esia.prerequisite', 'esia.cpd-essays']) expect(byId[id]).toMatchObject({ unit: 'guidance', met: true, confidence: 'low' });
    expect(byId['esia.prerequisite']!.source.title).toMatch(/^Not found/);
    expect(byId['esia.years']!.source.url).toBe('https://www.emccireland.org/esia');
  });

  test('toEvidence maps the log and a reflection’s supervision competences; a snapshot from before the log still maps', () => {
    const ev = toEvidence(
      { firstPracticeDate: null, emccMembershipNumber: null, displayName: null },
      {
        practice: [],
        supervision: [{ id: 3, date: '2025-01-01', hours: '1.50', format: 'individual', about: 'supervision', confirmation: { state: 'confirmed', on: '2025-01-02' } }],
        cpd: [],
        feedback: [],
        reflection: [{ id: 4, date: '2025-01-01', kind: 'reflection', competences: ['evaluation'], supervisionCompetences: ['sv_self_awareness'], words: 3 }],
        supervision_practice: [{ id: 5, superviseeCode: 'S-1', date: '2025-02-01', hours: '2.25', format: 'group', groupSize: 3 }],
      },
    );
    expect(ev.supervision[0]!.about).toBe('supervision');
    expect(ev.reflections[0]!.competences).toEqual(['evaluation', 'sv_self_awareness']);
    expect(ev.supervisionPractice).toEqual([{ id: 5, superviseeCode: 'S-1', date: '2025-02-01', hours: 2.25, format: 'group', groupSize: 3 }]);
    const old = toEvidence({ firstPracticeDate: null, emccMembershipNumber: null, displayName: null }, { practice: [], supervision: [], cpd: [], feedback: [], reflection: [] });
    expect(old.supervisionPractice).toEqual([]);
  });
});

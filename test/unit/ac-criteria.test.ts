import { loadCriteriaFiles } from '../../src/domain/criteria/criteria-files';
import { validateCriteriaSet } from '../../src/domain/criteria/criteria-validation';
import type { CriteriaSet } from '../../src/domain/criteria/criteria-set';
import { evaluate } from '../../src/domain/evaluation/evaluate';
import type { Evidence, RequirementResult } from '../../src/domain/evaluation/evaluation';

/**
 * The Association for Coaching's accreditation (criteria/ac-accreditation.json) on its
 * boundaries, evaluated on 12 March 2026. Supervision months, oldest first, for N months:
 * …, 12 Jan – 11 Feb 2026, 12 Feb – 12 Mar 2026; the CPD window is 12 March 2025 – 12 March 2026.
 */
const AS_OF = '2026-03-12';
const AC = loadCriteriaFiles().find((set) => set.id === 'ac-accreditation') as CriteriaSet;

let nextId = 1;
const session = (date: string, hours: number, format: 'individual' | 'group' | 'peer' = 'individual') => ({ id: nextId++, date, hours, format, confirmation: 'never_asked' as const, confirmationOn: null });
/** One session on the 20th of each of the last N months (20 Feb 2026 back). */
const monthlySupervision = (months: number, hours = 1) =>
  Array.from({ length: months }, (_, k) => session(`${['2026-02', '2026-01', '2025-12', '2025-11', '2025-10', '2025-09', '2025-08', '2025-07', '2025-06', '2025-05', '2025-04', '2025-03'][k]}-20`, hours));
const practice = (hours: number) => [{ id: nextId++, clientCode: 'C-001', date: '2025-06-01', hours, format: 'one_to_one' as const, payment: 'paid' as const }];
const cpd = (hours: number, endDate = '2025-09-30') => [{ id: nextId++, startDate: endDate, endDate, hours }];

const evidence = (parts: Partial<Evidence>): Evidence => ({
  portfolio: { firstPracticeDate: null, emccMembershipNumber: null, displayName: null },
  practice: [],
  supervision: [],
  cpd: [],
  feedback: [],
  reflections: [],
  ...parts,
});

const run = (parts: Partial<Evidence>) => evaluate(AC, evidence(parts), AS_OF);
const result = (parts: Partial<Evidence>, id: string): RequirementResult => {
  const found = run(parts)
    .levels.flatMap((level) => level.requirements)
    .find((requirement) => requirement.id === id);
  if (!found) throw new Error(`no requirement ${id}`);
  return found;
};

describe('the Association for Coaching criteria set', () => {
  test('it ships, validates against the criteria schema, and has the four levels in order with a source and confidence on each figure', () => {
    expect(AC).toBeDefined();
    expect(() => validateCriteriaSet(JSON.parse(JSON.stringify(AC)))).not.toThrow();
    expect(AC.levels.map((level) => level.label)).toEqual(['Foundation Coach', 'Coach', 'Professional Coach', 'Master Coach']);
    expect(AC.description).toContain('Executive Coach');
    expect(AC.description).toContain('equal in standard');
    const byId = new Map(AC.levels.flatMap((level) => level.requirements).map((requirement) => [requirement.id, requirement]));
    const figure = (id: string, name: string) => (byId.get(id)!.params as unknown as Record<string, number>)[name];
    expect(['foundation', 'coach', 'professional', 'master'].map((level) => figure(`${level}.hours`, 'hours'))).toEqual([75, 250, 750, 1500]);
    expect(['foundation', 'coach', 'professional', 'master'].map((level) => figure(`${level}.supervision`, 'periods'))).toEqual([3, 6, 9, 12]);
    expect(['coach', 'professional', 'master'].map((level) => figure(`${level}.cpd`, 'hours'))).toEqual([30, 36, 42]);
    expect(byId.get('foundation.cpd')?.kind).toBe('guidance');
    expect(byId.get('foundation.ethics')).toBeUndefined();
    expect(byId.get('coach.ethics')).toMatchObject({ kind: 'guidance', params: { figure: 'not-checked' }, confidence: 'high', label: '2 ethical dilemma questions' });
    expect(byId.get('master.training')).toMatchObject({ kind: 'guidance', label: '80 hours of coach training', confidence: 'medium' });
    expect(byId.get('coach.references')).toMatchObject({ kind: 'guidance', params: { figure: 'not-found' }, confidence: 'high' });
    expect(byId.get('professional.case-study')?.confidence).toBe('low');
    expect(byId.get('coach.cpd')?.explanation).toContain('for 3 years');
  });

  test('74.5 coaching hours do not make 75; 75 do, and Foundation Coach is met: guidance never blocks a level', () => {
    const supervision = monthlySupervision(3);
    const short = run({ practice: practice(74.5), supervision });
    expect(short.highestLevelMet).toBeNull();
    expect(short.levels[0]!.requirements.find((r) => r.id === 'foundation.hours')).toMatchObject({ met: false, actual: 74.5, required: 75, gap: 0.5 });

    const enough = run({ practice: practice(75), supervision });
    expect(enough.highestLevelMet).toBe('foundation');
    // No CPD, no training, no references in the evidence: the guidance rows are shown, never counted.
    const guidance = enough.levels[0]!.requirements.filter((r) => r.kind === 'guidance');
    expect(guidance.map((r) => r.id)).toEqual(['foundation.cpd', 'foundation.training', 'foundation.references', 'foundation.case-study', 'foundation.clients-years']);
    expect(guidance.every((r) => r.met && r.unit === 'guidance')).toBe(true);
  });

  test('supervision months: each of the last 3 months needs half an hour; a missing month, a short session or peer supervision leaves a gap', () => {
    expect(result({ supervision: monthlySupervision(3) }, 'foundation.supervision')).toMatchObject({ met: true, actual: 3, required: 3 });
    // Nothing between 12 January and 11 February.
    const missing = result({ supervision: [session('2026-02-20', 1), session('2025-12-20', 1)] }, 'foundation.supervision');
    expect(missing).toMatchObject({ met: false, actual: 2 });
    expect(missing.periods!.map((period) => [period.from, period.to, period.met])).toEqual([
      ['2025-12-12', '2026-01-11', true],
      ['2026-01-12', '2026-02-11', false],
      ['2026-02-12', '2026-03-12', true],
    ]);
    expect(result({ supervision: [session('2026-02-20', 1), session('2026-01-20', 0.25), session('2025-12-20', 1)] }, 'foundation.supervision').met).toBe(false);
    expect(result({ supervision: [session('2026-02-20', 1), session('2026-01-20', 0.5), session('2025-12-20', 1)] }, 'foundation.supervision').met).toBe(true);
    expect(result({ supervision: [session('2026-02-20', 1), session('2026-01-20', 1, 'peer'), session('2025-12-20', 1)] }, 'foundation.supervision').met).toBe(false);
    expect(result({ supervision: [session('2026-02-20', 1), session('2026-01-20', 1, 'group'), session('2025-12-20', 1)] }, 'foundation.supervision').met).toBe(true);
    // Coach asks for 6 months: 5 are not enough, 6 are.
    expect(result({ supervision: monthlySupervision(5) }, 'coach.supervision')).toMatchObject({ met: false, actual: 5, required: 6 });
    expect(result({ supervision: monthlySupervision(6) }, 'coach.supervision')).toMatchObject({ met: true });
    expect(result({ supervision: monthlySupervision(12) }, 'master.supervision')).toMatchObject({ met: true, required: 12 });
  });

  test('CPD: 29.5 hours in the last 12 months are not 30; an activity ending the day before the window does not count', () => {
    expect(result({ cpd: cpd(29.5) }, 'coach.cpd')).toMatchObject({ met: false, actual: 29.5, gap: 0.5 });
    expect(result({ cpd: cpd(30) }, 'coach.cpd')).toMatchObject({ met: true });
    expect(result({ cpd: cpd(30, '2025-03-12') }, 'coach.cpd').met).toBe(true);
    expect(result({ cpd: cpd(30, '2025-03-11') }, 'coach.cpd')).toMatchObject({ met: false, actual: 0 });
    expect(result({ cpd: cpd(41.5) }, 'master.cpd').met).toBe(false);
  });

  test('a coach with 250 hours, 6 months of supervision and 30 h of CPD reaches Coach, and Professional Coach names what is missing', () => {
    const evaluation = run({ practice: practice(250), supervision: monthlySupervision(6), cpd: cpd(30) });
    expect(evaluation.highestLevelMet).toBe('coach');
    const professional = evaluation.levels.find((level) => level.id === 'professional')!;
    expect(professional.requirements.filter((r) => !r.met).map((r) => r.id)).toEqual(['professional.hours', 'professional.supervision', 'professional.cpd']);
  });
});

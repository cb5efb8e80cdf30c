import type { Evaluation, LevelResult, RequirementResult } from '../../src/domain/evaluation/evaluation';
import { gapPhrase, gapSentence, nextStep } from '../../src/presenters/next-step';
import { figureSentence } from '../../src/presenters/evaluation';

/** A requirement result with only what the sentence reads; the rest is filler. */
function requirement(fields: Partial<RequirementResult> & Pick<RequirementResult, 'id' | 'label'>): RequirementResult {
  return {
    kind: 'practice_hours',
    explanation: '',
    source: { id: 'emccglobal-apply', title: 'EMCC Global: how to apply for EIA' },
    confidence: 'high',
    met: false,
    required: 1,
    actual: 0,
    gap: 1,
    unit: 'hours',
    gapText: '',
    notes: [],
    counted: [],
    excluded: [],
    ...fields,
  };
}

const met = (id: string) => requirement({ id, label: id, met: true, gap: 0 });

function level(id: string, label: string, requirements: RequirementResult[]): LevelResult {
  return { id, label, met: requirements.every((each) => each.met), requirements };
}

function evaluationOf(levels: LevelResult[]): Evaluation {
  const highest = [...levels].reverse().find((each) => each.met);
  return { criteriaSet: { id: 'emcc-eia', title: 'EIA', edition: '1' }, asOf: '2026-06-30', levels, highestLevelMet: highest?.id ?? null };
}

const hours = requirement({ id: 'senior.hours', label: '250 client contact hours', gap: 99.5, gapText: '99.5 more client hours', forecast: { date: '2028-01-14' } });
const years = requirement({
  id: 'senior.years',
  label: '5 years of practice',
  kind: 'years_of_practice',
  unit: 'years',
  required: 5,
  actual: 4,
  gap: 1,
  gapText: '5 years of practice on 15 January 2027',
  forecast: { date: '2027-01-15' },
});
const foundation = level('foundation', 'Foundation', [met('f.hours'), met('f.years')]);
const practitioner = level('practitioner', 'Practitioner', [met('p.hours'), met('p.years')]);
const senior = level('senior_practitioner', 'Senior Practitioner', [hours, years, met('s.clients')]);

describe('the next step on the dashboard', () => {
  test('a coach who meets Practitioner is told to prepare the application, linked to the checklist for that level', () => {
    const step = nextStep(evaluationOf([foundation, practitioner, senior]), 'practitioner');
    expect(step.apply).toEqual({ levelId: 'practitioner', label: 'Practitioner', href: '/submit?level=practitioner' });
    // The level above is still shown, with what it needs.
    expect(step.towards?.label).toBe('Senior Practitioner');
  });

  test('the level aimed at, above the one met, is described gap by gap with the pace and the date the years are reached', () => {
    const step = nextStep(evaluationOf([foundation, practitioner, senior]), 'senior_practitioner');
    expect(step.apply?.label).toBe('Practitioner');
    expect(step.towards?.sentence).toBe('For Senior Practitioner you still need 99.5 more client hours (at your pace, about January 2028) and 1 more year of practice (on 15 January 2027).');
  });

  test('with no level met, the first level is the one to work towards when none is aimed at', () => {
    const unmetFoundation = level('foundation', 'Foundation', [requirement({ id: 'f.clients', label: '5 clients', gap: 2, gapText: '2 more clients', forecast: { date: null } })]);
    const step = nextStep(evaluationOf([unmetFoundation, senior]), null);
    expect(step.apply).toBeUndefined();
    // No pace: nothing is said about when.
    expect(step.towards?.sentence).toBe('For Foundation you still need 2 more clients.');
  });

  test('the top level met leaves nothing to work towards', () => {
    const step = nextStep(evaluationOf([foundation, practitioner]), 'foundation');
    expect(step.apply?.label).toBe('Practitioner');
    expect(step.towards).toBeUndefined();
  });

  test('more than three gaps: two are named and the rest point at the list', () => {
    const many = level('foundation', 'Foundation', [
      requirement({ id: 'a', label: 'A', gapText: '3 more clients' }),
      requirement({ id: 'b', label: 'B', gapText: '2 more feedback items dated on or after 1 July 2025' }),
      requirement({ id: 'c', label: 'C', gapText: '4 more CPD hours' }),
      requirement({ id: 'd', label: 'D', gapText: '1 more case study' }),
    ]);
    expect(gapSentence(many)).toBe('For Foundation you still need 3 more clients, 2 more feedback items dated on or after 1 July 2025 and 2 other requirements listed below.');
  });

  test('gaps worded as instructions or absences are named by their requirement instead', () => {
    expect(gapPhrase(requirement({ id: 'm', label: 'EMCC membership', unit: 'field', gapText: 'add your EMCC membership number in your portfolio settings' }))).toBe('EMCC membership');
    expect(gapPhrase(requirement({ id: 'c', label: 'A case study', gapText: 'no case study yet' }))).toBe('a case study');
  });
});

describe('figures as sentences', () => {
  test('an exceeded requirement reads as what was reached and what is needed, never "4 of 3 years"', () => {
    expect(figureSentence(requirement({ id: 'y', label: 'y', unit: 'years', actual: 4, required: 3, met: true }))).toBe('4 years (3 needed)');
    expect(figureSentence(requirement({ id: 'y', label: 'y', unit: 'years', actual: 1, required: 1, met: true }))).toBe('1 year (1 needed)');
    expect(figureSentence(requirement({ id: 'h', label: 'h', unit: 'hours', actual: 57.5, required: 100 }))).toBe('57.5 h (100 h needed)');
    expect(figureSentence(requirement({ id: 'c', label: 'c', unit: 'clients', actual: 1, required: 5 }))).toBe('1 client (5 needed)');
    expect(figureSentence(requirement({ id: 'i', label: 'i', unit: 'items', actual: 2, required: 1, met: true }))).toBe('2 so far (1 needed)');
    expect(figureSentence(requirement({ id: 'f', label: 'f', unit: 'field', actual: 0, required: 1 }))).toBe('not given yet');
  });
});

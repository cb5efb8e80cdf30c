import { loadCriteriaFiles } from '../../src/domain/criteria/criteria-files';

const sets = loadCriteriaFiles();
const renewal = sets.find((set) => set.id === 'emcc-eia-renewal')!;
const eia = sets.find((set) => set.id === 'emcc-eia')!;
const requirement = (level: string, suffix: string) => renewal.levels.find((each) => each.id === level)!.requirements.find((each) => each.id === `${level}.${suffix}`)!;

describe('the EIA renewal criteria set', () => {
  test('one level per EIA level, with the same ids, so an award’s level names its renewal level', () => {
    expect(renewal.levels.map((level) => level.id)).toEqual(eia.levels.map((level) => level.id));
  });

  test('client hours in the 5 years before the evaluation: 50 at Foundation, 100 above (medium)', () => {
    expect(renewal.levels.map((level) => requirement(level.id, 'renewal-hours').params)).toEqual([
      { hours: 50, windowMonths: 60 },
      { hours: 100, windowMonths: 60 },
      { hours: 100, windowMonths: 60 },
      { hours: 100, windowMonths: 60 },
    ]);
    expect(renewal.levels.every((level) => requirement(level.id, 'renewal-hours').confidence === 'medium')).toBe(true);
  });

  test('supervision: 1 h in each of 20 quarters for F and P; guidance for SP and MP, where no figure was found', () => {
    for (const level of ['foundation', 'practitioner'])
      expect(requirement(level, 'renewal-supervision')).toMatchObject({ kind: 'supervision_per_period', params: { periods: 20, periodMonths: 3, minHours: 1 }, confidence: 'medium' });
    for (const level of ['senior_practitioner', 'master_practitioner']) expect(requirement(level, 'renewal-supervision')).toMatchObject({ kind: 'guidance', params: { figure: 'not-found' } });
    // Supervision a supervisor declined never counts.
    const { params } = requirement('practitioner', 'renewal-supervision') as { params: { countStatuses: string[] } };
    expect(params.countStatuses).not.toContain('declined');
  });

  test('the CPD log is guidance (no minimum found); the report is one reflection of at least 450 words in 60 months', () => {
    expect(requirement('foundation', 'renewal-cpd')).toMatchObject({ kind: 'guidance', params: { figure: 'not-found' } });
    expect(requirement('master_practitioner', 'renewal-report')).toMatchObject({ kind: 'items_in_window', params: { item: 'reflection', count: 1, windowMonths: 60, minWords: 450 } });
  });

  test('the declarations: Code of Ethics, Diversity and Inclusion, and the supervision guidance, each with a source of the set', () => {
    expect(renewal.declarations?.map((declaration) => declaration.id)).toEqual(['ethics', 'diversity', 'supervision']);
    const sources = new Set(renewal.sources.map((source) => source.id));
    expect(renewal.declarations?.every((declaration) => sources.has(declaration.source))).toBe(true);
    expect(renewal.levels.flatMap((level) => level.requirements).every((each) => sources.has(each.source))).toBe(true);
  });
});

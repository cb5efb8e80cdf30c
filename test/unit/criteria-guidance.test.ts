import { CriteriaError, validateCriteriaSet } from '../../src/domain/criteria/criteria-validation';

/** A one-level set around the requirements given, valid in every other respect. */
const setWith = (...requirements: object[]) => ({
  id: 'guidance-test',
  title: 'Guidance test',
  edition: '2026-12-03',
  description: 'A set to check the schema.',
  sources: [{ id: 'src', title: 'Source' }],
  levels: [{ id: 'only', label: 'Only', requirements }],
});
const requirement = (kind: string, params: object, confidence = 'low') => ({ id: `r-${kind}`, kind, label: 'Label', explanation: 'Why.', params, source: 'src', confidence });

const problemsOf = (document: object): string[] => {
  try {
    validateCriteriaSet(document);
    return [];
  } catch (error) {
    if (error instanceof CriteriaError) return error.problems.map((problem) => `${problem.path} ${problem.message}`);
    throw error;
  }
};

describe('the criteria schema: guidance, low confidence and report length', () => {
  test('a guidance requirement of low confidence and a report with a minimum of words are valid', () => {
    expect(problemsOf(setWith(requirement('guidance', { figure: 'not-found' }), requirement('items_in_window', { item: 'reflection', count: 1, windowMonths: 60, minWords: 450 }, 'medium')))).toEqual([]);
  });

  test('guidance needs its figure, one of the two words, and nothing else', () => {
    expect(problemsOf(setWith(requirement('guidance', {})))).toEqual(["/levels/0/requirements/0/params must have required property 'figure'"]);
    expect(problemsOf(setWith(requirement('guidance', { figure: 'unknown' })))[0]).toMatch(/figure must be equal to one of the allowed values \(not-found, not-checked\)/);
    expect(problemsOf(setWith(requirement('guidance', { figure: 'not-found', hours: 3 })))[0]).toMatch(/must NOT have additional properties \("hours"\)/);
  });

  test('a confidence outside high, medium, low and assumed is refused', () => {
    expect(problemsOf(setWith(requirement('guidance', { figure: 'not-found' }, 'certain')))[0]).toMatch(/confidence must be equal to one of the allowed values \(high, medium, low, assumed\)/);
  });

  test('minWords must be a whole number of at least 1', () => {
    expect(problemsOf(setWith(requirement('items_in_window', { item: 'reflection', count: 1, minWords: 0 })))[0]).toMatch(/minWords must be >= 1/);
  });
});

import { useTestDb } from '../support/test-db';
import { down, up } from '../../migrations/20261203000100_criteria_count_statuses';
import { validateCriteriaSet } from '../../src/domain/criteria/criteria-validation';

const testDb = useTestDb();
const db = () => testDb.current.db;

/** An uploaded set as it was stored before supervision requirements named the statuses they count. */
const legacySet = (requireConfirmation: boolean | undefined) => ({
  id: 'uploaded-2025',
  title: 'An uploaded set',
  edition: '2025-01-01',
  description: 'Uploaded before countStatuses.',
  sources: [{ id: 'src', title: 'Source' }],
  levels: [
    {
      id: 'only',
      label: 'Only',
      requirements: [
        {
          id: 'only.supervision',
          kind: 'supervision_per_year',
          label: '4 h',
          explanation: 'Four hours.',
          params: { hours: 4, ...(requireConfirmation === undefined ? {} : { requireConfirmation }) },
          source: 'src',
          confidence: 'high',
        },
        { id: 'only.hours', kind: 'practice_hours', label: '50 h', explanation: 'Fifty hours.', params: { hours: 50 }, source: 'src', confidence: 'high' },
      ],
    },
  ],
});

test.each([
  [true, ['confirmed', 'correction_accepted']],
  [false, ['confirmed', 'correction_accepted', 'awaiting_answer', 'correction_proposed', 'changed_after_answer', 'request_expired', 'request_revoked', 'never_asked']],
  [undefined, ['confirmed', 'correction_accepted', 'awaiting_answer', 'correction_proposed', 'changed_after_answer', 'request_expired', 'request_revoked', 'never_asked']],
])('requireConfirmation %s becomes the statuses it meant, never a decline; the set is valid again, and down reverses it', async (requireConfirmation, statuses) => {
  await db()('criteria_sets').insert({ id: 'uploaded-2025', definition: JSON.stringify(legacySet(requireConfirmation)), uploaded_by: null });
  await up(db());
  const { definition } = await db()('criteria_sets').where('id', 'uploaded-2025').first();
  expect(definition.levels[0].requirements[0].params).toEqual({ hours: 4, countStatuses: statuses });
  expect(definition.levels[0].requirements[1].params).toEqual({ hours: 50 });
  expect(() => validateCriteriaSet(definition)).not.toThrow();
  await down(db());
  const reverted = (await db()('criteria_sets').where('id', 'uploaded-2025').first()).definition;
  expect(reverted.levels[0].requirements[0].params).toEqual({ hours: 4, requireConfirmation: requireConfirmation === true });
});

import { useTestDb } from '../support/test-db';
import { createTestApp } from '../support/test-app';
import { makeUser } from '../support/factories';
import { createRecord } from '../../src/domain/records/record-service';
import { countWords } from '../../src/domain/evaluation/to-evidence';

const testDb = useTestDb();

// The live evaluation counts a reflection's words in SQL (the text stays in the database); a
// frozen snapshot counts them in JavaScript from the text it holds. Both must agree, or a report
// could pass in the dashboard and fail in the submission.
test('the database counts a reflection’s words as countWords does, whatever the spacing', async () => {
  const t = createTestApp({ db: testDb.current.db });
  const user = await makeUser(t.deps, ['applicant']);
  const texts = ['One', '  leading and trailing  ', 'tabs\tand\nnew lines\r\nand  double  spaces', `${'word '.repeat(499)}word`, 'hyphen-ated words, and punctuation!'];
  for (const [index, text] of texts.entries()) {
    await createRecord(t.deps, user.id, 'reflection', { kind: 'reflection', date: `2026-01-${String(index + 10)}`, title: `Reflection ${index}`, text, competences: ['evaluation'] });
  }
  const portfolio = await t.deps.repos.portfolio.findOrCreate(t.deps.db, user.id, new Date());
  const { reflection } = await t.deps.repos.evidence.logsOf(t.deps.db, portfolio.id, ['reflection']);
  const byDate = [...reflection].sort((a, b) => a.date.localeCompare(b.date)).map((row) => row.words);
  expect(byDate).toEqual(texts.map(countWords));
  expect(byDate).toEqual([1, 3, 7, 500, 4]);
});

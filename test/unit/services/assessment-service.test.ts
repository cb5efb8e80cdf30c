import { assessmentView, assignAssessor, DRAFT_SUBJECTS, saveAssessment, startReview } from '../../../src/domain/submission/assessment-service';
import { submitPortfolio } from '../../../src/domain/submission/submission-service';
import { requestConfirmation } from '../../../src/domain/signoff/signoff-service';
import { answerRequest } from '../../../src/domain/signoff/supervisor-answers';
import { createRecord } from '../../../src/domain/records/record-service';
import { addUser } from '../../support/fake-repositories';
import { fakeServiceDeps } from '../../support/fake-service-deps';

// The assessor's side against in-memory repositories: who may assess, the review started once,
// judgements and the outcome's draft saved together, the decision with its email.

async function setUp() {
  const t = fakeServiceDeps();
  const ana = addUser(t.data, { name: 'Ana Kowalska', email: 'ana@example.org' });
  const admin = addUser(t.data, { name: 'Avery Admin', email: 'admin@example.org', roles: ['admin'] });
  const helen = addUser(t.data, { name: 'Helen Marsh', email: 'helen@example.org', roles: ['assessor'] });
  await createRecord(t.deps, ana.id, 'practice', { clientCode: 'C-017', date: '2026-03-12', hours: 1.5, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
  const submission = await submitPortfolio(t.deps, ana.id, { level: 'foundation', declarations: ['ethics', 'diversity'] });
  const requirements = t.data.submissions[0]!.storedSnapshot as { evaluation: { level: { requirements: { id: string }[] } } };
  return { ...t, ana, admin, helen, submission, requirementIds: requirements.evaluation.level.requirements.map((requirement) => requirement.id) };
}

test('only an assessor who never confirmed the applicant’s supervision may be assigned; the assessor is emailed', async () => {
  const { deps, data, ana, admin, helen, submission } = await setUp();
  await expect(assignAssessor(deps, admin.id, submission.id, admin.id, false)).rejects.toMatchObject({ details: { fields: { assessorId: expect.any(String) } } });
  await expect(assignAssessor(deps, admin.id, submission.id, ana.id, false)).rejects.toMatchObject({ code: 'validation' });

  const sam = addUser(data, { name: 'Dr Sam Lee', email: 'sam@example.org', roles: ['assessor'] });
  const session = await createRecord(deps, ana.id, 'supervision', { date: '2026-03-01', hours: 1, supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual' });
  await requestConfirmation(deps, ana.id, [session.id]);
  const token = /\/confirm\/(\S+)/.exec(data.outbox.at(-1)!.text)![1]!;
  await answerRequest(deps, { token }, { fullName: 'Sam Lee', declaration: true, rows: [{ recordId: session.id, action: 'confirm' }] }, { ip: null, userAgent: null });
  await expect(assignAssessor(deps, admin.id, submission.id, sam.id, false)).rejects.toMatchObject({ details: { fields: { assessorId: expect.stringContaining('confirmed') } } });

  await assignAssessor(deps, admin.id, submission.id, helen.id, true);
  expect(data.submissions[0]).toMatchObject({ assessorId: helen.id, blind: true });
  expect(data.outbox.at(-1)).toMatchObject({ to: 'helen@example.org' });
  expect(data.outbox.at(-1)!.text).not.toContain('Ana Kowalska');
});

test('judgements, comments and the outcome’s draft are saved together; the applicant is told nothing yet', async () => {
  const { deps, data, admin, helen, submission, requirementIds } = await setUp();
  await assignAssessor(deps, admin.id, submission.id, helen.id, false);
  const mails = data.outbox.length;

  await saveAssessment(deps, helen.id, submission.id, {
    requirements: requirementIds.map((id, index) => ({ id, judgement: index === 0 ? 'not_met' : 'met', comment: index === 0 ? 'Only one client so far.' : '' })),
    competences: [{ id: 'managing_contract', comment: 'Clear contracting.' }],
    outcome: { recommendation: 'award', feedback: 'Well evidenced.' },
    decide: false,
  });

  expect(data.submissions[0]!.status).toBe('in_review');
  const view = await assessmentView(deps, helen.id, submission.id);
  const note = (subject: string) => view.notes.find((each) => each.subject === subject);
  expect(note(`requirement:${requirementIds[0]}`)).toMatchObject({ judgement: 'not_met', comment: 'Only one client so far.' });
  expect(note(`requirement:${requirementIds[1]}`)).toMatchObject({ judgement: 'met', comment: null });
  expect(note('competence:managing_contract')?.comment).toBe('Clear contracting.');
  expect([note(DRAFT_SUBJECTS.recommendation)?.comment, note(DRAFT_SUBJECTS.feedback)?.comment]).toEqual(['award', 'Well evidenced.']);
  expect(data.submissions[0]!.feedback).toBeNull();
  expect(data.outbox).toHaveLength(mails);
});

test('a wrong field refuses the whole form and saves nothing; a decision needs a recommendation and feedback', async () => {
  const { deps, data, admin, helen, submission, requirementIds } = await setUp();
  await assignAssessor(deps, admin.id, submission.id, helen.id, false);
  const refused = saveAssessment(deps, helen.id, submission.id, { requirements: [{ id: requirementIds[0]!, judgement: 'brilliant' }], competences: [], outcome: { feedback: 'Fine.' }, decide: true });
  await expect(refused).rejects.toMatchObject({ details: { fields: { [`judgement-${requirementIds[0]}`]: expect.any(String), recommendation: expect.any(String) } } });
  expect(data.notes).toEqual([]);
  expect(data.submissions[0]!.status).toBe('submitted');
});

test('recording the decision closes the submission, removes the draft and emails the applicant; another assessor cannot touch it', async () => {
  const { deps, data, admin, helen, submission, requirementIds } = await setUp();
  await assignAssessor(deps, admin.id, submission.id, helen.id, false);
  const other = addUser(data, { name: 'Olu Ade', email: 'olu@example.org', roles: ['assessor'] });
  await expect(startReview(deps, other.id, submission.id)).rejects.toMatchObject({ code: 'not_found' });
  await saveAssessment(deps, helen.id, submission.id, { requirements: [], competences: [], outcome: { recommendation: 'award', feedback: 'Draft.' }, decide: false });

  await saveAssessment(deps, helen.id, submission.id, {
    requirements: requirementIds.map((id) => ({ id, judgement: 'met' })),
    competences: [],
    outcome: { recommendation: 'award', feedback: 'Well evidenced.' },
    decide: true,
  });

  expect(data.submissions[0]).toMatchObject({ status: 'awarded', recommendation: 'award', feedback: 'Well evidenced.', decidedBy: helen.id, decidedAt: deps.clock.now() });
  expect(data.notes.filter((note) => note.subject.startsWith('outcome:'))).toEqual([]);
  expect(data.outbox.at(-1)).toMatchObject({ to: 'ana@example.org' });
  expect(data.audit.map((event) => event.action)).toEqual(expect.arrayContaining(['submission.review_started', 'submission.judgements_saved', 'submission.decided']));
  await expect(saveAssessment(deps, helen.id, submission.id, { requirements: [], competences: [], outcome: {}, decide: false })).rejects.toMatchObject({ code: 'conflict' });
});

import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { submitForm } from '../support/forms';
import { makeUser, signInAs } from '../support/factories';
import { lastMailTo } from '../support/outbox';
import { makeSamplePortfolio } from '../support/portfolio-factory';
import type { User } from '../../src/db/repositories/user-repository';

// The assessment page is one form: every judgement, comment and the outcome are sent together,
// by "Save progress" (a draft, nothing sent to the applicant) or "Record decision".
const testDb = useTestDb();
const db = () => testDb.current.db;
let t: TestApp;
let sam: User;
let samAgent: ReturnType<TestApp['agent']>;
let submissionId: number;
let requirementIds: string[];

beforeEach(async () => {
  t = createTestApp({ db: db() });
  const admin = await makeUser(t.deps, ['admin'], { email: 'admin@example.org', name: 'Ada Admin' });
  const ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Account' });
  sam = await makeUser(t.deps, ['assessor'], { email: 'sam@assessors.example', name: 'Sam Assessor' });
  await makeSamplePortfolio(t.deps, ana.id);
  const anaAgent = t.agent();
  const adminAgent = t.agent();
  samAgent = t.agent();
  await signInAs(anaAgent, ana);
  await signInAs(adminAgent, admin);
  await signInAs(samAgent, sam);
  await submitForm(anaAgent, '/submit?level=practitioner', { level: 'practitioner', declarations: ['ethics', 'diversity'] }, '/submit');
  const submission = await db()('submissions').orderBy('id', 'desc').first();
  submissionId = submission.id;
  requirementIds = submission.snapshot.evaluation.level.requirements.map((requirement: { id: string }) => requirement.id);
  await submitForm(adminAgent, '/admin/submissions', { assessorId: String(sam.id) }, `/admin/submissions/${submissionId}/assign`);
}, 60_000);

const page = () => `/assessments/${submissionId}`;
const post = (fields: Record<string, string>) => submitForm(samAgent, page(), fields);
const notes = () => db()('assessment_notes').where('submission_id', submissionId).orderBy('subject').select('subject', 'judgement', 'comment');
const submission = () => db()('submissions').where('id', submissionId).first();
const decoded = (html: string) =>
  html
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The page's words without its tags (the summary's words are in spans that a phone hides). */
const textOf = (html: string) => html.replace(/<[^>]+>/g, '');

/** Every requirement judged (met, not met, more information, in turn) and commented, with a competence comment. */
function everyJudgement(): Record<string, string> {
  const judgements = ['met', 'not_met', 'more_info'];
  const fields: Record<string, string> = { 'competence-evaluation': 'Evaluates each engagement with the client.' };
  requirementIds.forEach((id, index) => {
    fields[`judgement-${id}`] = judgements[index % 3]!;
    fields[`comment-${id}`] = `Comment on ${id}.`;
  });
  return fields;
}

test('one "Save progress" saves every judgement, comment and the draft feedback; the applicant is sent nothing', async () => {
  expect(requirementIds).toHaveLength(10);
  const saved = await post({ ...everyJudgement(), recommendation: 'not_yet', feedback: 'Draft: strong reflections, hours short.', action: 'save' });
  expect(saved.status).toBe(303);
  expect(saved.headers.location).toBe(page());

  const rows = await notes();
  for (const [index, id] of requirementIds.entries()) {
    expect(rows).toContainEqual({ subject: `requirement:${id}`, judgement: ['met', 'not_met', 'more_info'][index % 3], comment: `Comment on ${id}.` });
  }
  expect(rows).toContainEqual({ subject: 'competence:evaluation', judgement: null, comment: 'Evaluates each engagement with the client.' });
  expect(rows).toContainEqual({ subject: 'outcome:feedback', judgement: null, comment: 'Draft: strong reflections, hours short.' });
  expect(rows).toContainEqual({ subject: 'outcome:recommendation', judgement: null, comment: 'not_yet' });
  // A draft: the submission is in review, not decided, and the applicant has no email about it.
  expect(await submission()).toMatchObject({ status: 'in_review', recommendation: null, feedback: null, decided_at: null });
  expect((await lastMailTo(db(), 'ana@example.org'))?.subject ?? '').not.toMatch(/awarded|more information/i);

  // The page shows it all back, and the summary counts the saved judgements (4 met, 3 not met, 3 more information).
  const shown = decoded((await samAgent.get(page())).text);
  expect(shown).toContain('Your progress has been saved');
  expect(shown).toMatch(/<textarea id="feedback"[^>]*>Draft: strong reflections, hours short\.<\/textarea>/);
  expect(shown).toMatch(/id="recommendation-not_yet" name="recommendation" value="not_yet" checked/);
  expect(shown).toMatch(/<textarea id="comment-practitioner\.hours"[^>]*>Comment on practitioner\.hours\.<\/textarea>/);
  expect(textOf(shown)).toContain('10 of 10 requirements judged (as last saved)');
  expect(shown).toMatch(/judgement-counts__figure status--ok">4<\/span> <span class="status--ok">✓ met/);
  expect(shown).toMatch(/judgement-counts__figure status--bad">3<\/span>/);
  expect(shown).toMatch(/judgement-counts__figure status--warn">3<\/span>/);
  expect(shown).toMatch(/judgement-counts__figure">0<\/span> not judged/);
  // The jump list links to each requirement's section.
  for (const id of requirementIds) expect(shown).toContain(`<a href="#requirement-${id}">`);
  for (const id of requirementIds) expect(shown).toContain(`id="requirement-${id}"`);

  const audit = await db()('audit_events').where({ entity_type: 'submission', entity_id: submissionId }).orderBy('id').pluck('action');
  expect(audit).toEqual(['submission.submitted', 'submission.assigned', 'submission.review_started', 'submission.judgements_saved']);
}, 60_000);

test('a validation error brings the page back with everything typed, the errors beside the fields and in the summary, and saves nothing', async () => {
  const typed = everyJudgement();
  typed['comment-practitioner.hours'] = 'x'.repeat(5001);
  // "Record decision" without a recommendation, and a comment far too long.
  const refused = await post({ ...typed, feedback: 'Well evidenced, but the client hours fall short.', action: 'decide' });
  expect(refused.status).toBe(422);
  const html = decoded(refused.text);

  // The error summary names both problems and links to their fields, which show them too.
  expect(html).toMatch(/<a href="#field-recommendation">Choose award the level, not yet, or request more information\.<\/a>/);
  expect(html).toMatch(/<a href="#field-comment-practitioner\.hours">Keep each comment to at most 5000 characters\.<\/a>/);
  expect(html).toMatch(/id="field-recommendation"[\s\S]{0,200}class="field-error" id="recommendation-error"><span class="visually-hidden">Error:<\/span> Choose award the level/);
  expect(html).toMatch(/id="field-comment-practitioner\.hours">[\s\S]{0,300}class="field-error" id="comment-practitioner\.hours-error"><span class="visually-hidden">Error:<\/span> Keep each comment/);

  // Everything typed is back: each judgement, each comment, the competence comment and the feedback.
  for (const id of requirementIds) {
    expect(html).toMatch(new RegExp(`id="judgement-${id.replace('.', '\\.')}-${typed[`judgement-${id}`]}" name="judgement-${id.replace('.', '\\.')}" value="${typed[`judgement-${id}`]}" checked`));
    expect(html).toContain(`>${typed[`comment-${id}`]}</textarea>`);
  }
  expect(html).toContain('>Evaluates each engagement with the client.</textarea>');
  expect(html).toMatch(/<textarea id="feedback"[^>]*>Well evidenced, but the client hours fall short\.<\/textarea>/);
  expect(textOf(html)).toContain('10 of 10 requirements judged (as sent, not yet saved)');

  // Nothing was saved, nothing decided.
  expect(await notes()).toEqual([]);
  expect((await submission()).status).toBe('submitted');
}, 60_000);

test('"Record decision" keeps the decision’s rules, then saves the notes and the outcome together and tells the applicant', async () => {
  // A draft needs no recommendation and no feedback…
  expect((await post({ 'judgement-practitioner.hours': 'not_met', 'comment-practitioner.hours': '', action: 'save' })).status).toBe(303);
  // …a decision needs both, and an unknown recommendation is refused.
  const noFeedback = await post({ ...everyJudgement(), recommendation: 'award', feedback: '  ', action: 'decide' });
  expect(noFeedback.status).toBe(422);
  expect(decoded(noFeedback.text)).toContain('Write your feedback to the applicant: what you saw, and for a request, exactly what to add.');
  const unknown = await post({ ...everyJudgement(), recommendation: 'promote', feedback: 'Fine.', action: 'decide' });
  expect(unknown.status).toBe(422);
  expect(decoded(unknown.text)).toContain('Choose award the level, not yet, or request more information.');
  expect((await submission()).status).toBe('in_review');
  expect(await db()('assessment_notes').where({ submission_id: submissionId, subject: 'requirement:practitioner.hours' }).first('judgement', 'comment')).toEqual({ judgement: 'not_met', comment: null });

  // Then the decision, with a draft saved before it: notes and outcome are saved in the same post.
  await post({ recommendation: 'not_yet', feedback: 'A draft.', action: 'save' });
  const decided = await post({ ...everyJudgement(), recommendation: 'not_yet', feedback: 'Thoughtful reflections; 100 client hours are not yet reached.', action: 'decide' });
  expect(decided.status).toBe(303);
  expect(await submission()).toMatchObject({ status: 'not_awarded', recommendation: 'not_yet', feedback: 'Thoughtful reflections; 100 client hours are not yet reached.', decided_by: sam.id });
  const rows = await notes();
  expect(rows).toContainEqual({ subject: 'requirement:practitioner.hours', judgement: 'not_met', comment: 'Comment on practitioner.hours.' });
  // The draft became the outcome and is gone.
  expect(rows.filter((row: { subject: string }) => row.subject.startsWith('outcome:'))).toEqual([]);
  expect((await lastMailTo(db(), 'ana@example.org'))!.subject).toBe('Your Practitioner application: not awarded this time');
  const audit = await db()('audit_events').where({ entity_type: 'submission', entity_id: submissionId }).orderBy('id').pluck('action');
  expect(audit.slice(-2)).toEqual(['submission.judgements_saved', 'submission.decided']);
  expect(decoded((await samAgent.get(page())).text)).toContain('The decision (not awarded) is recorded; the applicant has been told.');

  // Read-only from then on: neither button changes anything.
  expect((await post({ ...everyJudgement(), action: 'save' })).status).toBe(409);
  expect((await post({ recommendation: 'award', feedback: 'Changed my mind.', action: 'decide' })).status).toBe(409);
  expect((await submission()).status).toBe('not_awarded');
}, 60_000);

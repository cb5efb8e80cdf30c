import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { getOwnSubmission, submitPortfolio, withdrawSubmission } from '../../../src/domain/submission/submission-service';
import { createRecord } from '../../../src/domain/records/record-service';
import { addUser } from '../../support/fake-repositories';
import { fakeServiceDeps } from '../../support/fake-service-deps';

// Submitting against in-memory repositories: the frozen snapshot, its PDF stored by its
// SHA-256, the declarations, one submission in progress at a time, withdrawal, and a
// resubmission that goes back to the same assessor.

const declarations = ['ethics', 'diversity'];

async function setUp() {
  const t = fakeServiceDeps();
  const ana = addUser(t.data, { name: 'Ana Kowalska', email: 'ana@example.org' });
  const helen = addUser(t.data, { name: 'Helen Marsh', email: 'helen@example.org', roles: ['assessor'] });
  await createRecord(t.deps, ana.id, 'practice', { clientCode: 'C-017', date: '2026-03-12', hours: 1.5, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
  return { ...t, ana, helen };
}

test('a submission freezes the portfolio, stores its PDF by SHA-256 and is logged with what was declared', async () => {
  const { deps, data, ana } = await setUp();
  const submission = await submitPortfolio(deps, ana.id, { level: 'foundation', declarations });

  expect(submission).toMatchObject({ applicantId: ana.id, version: 1, status: 'submitted', level: 'foundation', applicantName: 'Ana Kowalska', levelLabel: 'Foundation', assessorId: null });
  const pdf = fs.readFileSync(deps.evidenceStore.path(submission.pdfSha256));
  expect(pdf.toString()).toBe(`%PDF-fake snapshot ${submission.snapshotSha256} level foundation code ${submission.verificationCode} draft false`);
  expect(createHash('sha256').update(pdf).digest('hex')).toBe(submission.pdfSha256);
  expect(submission.pdfSizeBytes).toBe(pdf.length);
  const whole = await getOwnSubmission(deps, ana.id, submission.id);
  expect(whole.snapshot.records.practice).toEqual([expect.objectContaining({ clientCode: 'C-017', hours: 1.5 })]);
  expect(whole.snapshot.declarations.map((declaration) => declaration.id)).toEqual(declarations);
  expect(data.submissions[0]!.fileHashes).toEqual([submission.pdfSha256]);
  expect(data.audit.at(-1)).toMatchObject({ action: 'submission.submitted', entityId: String(submission.id), details: { level: 'foundation', version: 1, pdfSha256: submission.pdfSha256, declarations } });
});

test('every declaration must be made; a missing one is named and nothing is submitted', async () => {
  const { deps, data, ana } = await setUp();
  const refused = submitPortfolio(deps, ana.id, { level: 'foundation', declarations: ['ethics'] });
  await expect(refused).rejects.toMatchObject({ code: 'validation', details: { fields: { 'declarations.diversity': expect.stringMatching(/^Tick “.+” to make this declaration/) } } });
  expect(data.submissions).toEqual([]);
});

test('one submission in progress at a time: a second is refused until the first is withdrawn', async () => {
  const { deps, data, ana } = await setUp();
  const first = await submitPortfolio(deps, ana.id, { level: 'foundation', declarations });
  await expect(submitPortfolio(deps, ana.id, { level: 'foundation', declarations })).rejects.toMatchObject({ code: 'conflict' });

  await withdrawSubmission(deps, ana.id, first.id);
  expect(data.submissions[0]).toMatchObject({ status: 'withdrawn', withdrawnAt: deps.clock.now() });
  expect((await submitPortfolio(deps, ana.id, { level: 'foundation', declarations })).version).toBe(1);
  expect(data.submissions).toHaveLength(2);
});

test('a submission whose assessment has started cannot be withdrawn, and another person’s cannot be touched', async () => {
  const { deps, data, ana } = await setUp();
  const submission = await submitPortfolio(deps, ana.id, { level: 'foundation', declarations });
  const ben = addUser(data, { name: 'Ben Okafor', email: 'ben@example.org' });
  await expect(withdrawSubmission(deps, ben.id, submission.id)).rejects.toMatchObject({ code: 'not_found' });
  await expect(getOwnSubmission(deps, ben.id, submission.id)).rejects.toMatchObject({ code: 'not_found' });

  data.submissions[0]!.status = 'in_review';
  await expect(withdrawSubmission(deps, ana.id, submission.id)).rejects.toMatchObject({ code: 'conflict' });
  expect(data.submissions[0]!.status).toBe('in_review');
});

test('a resubmission answers a request for more information once, as the next version, and goes back to the same assessor', async () => {
  const { deps, data, ana, helen, clock } = await setUp();
  const first = await submitPortfolio(deps, ana.id, { level: 'foundation', declarations });
  await expect(submitPortfolio(deps, ana.id, { level: 'foundation', declarations, previousId: first.id })).rejects.toMatchObject({ code: 'conflict' });
  Object.assign(data.submissions[0]!, { status: 'more_info_requested', assessorId: helen.id, blind: true });
  clock.advance(86_400_000);

  const second = await submitPortfolio(deps, ana.id, { level: 'practitioner', declarations, previousId: first.id });

  expect(second).toMatchObject({ version: 2, previousId: first.id, status: 'resubmitted', level: 'foundation', assessorId: helen.id, blind: true });
  expect(data.outbox.map((mail) => [mail.to, mail.subject])).toEqual([['helen@example.org', 'Resubmitted with more information: Ana Kowalska’s Foundation application (version 2)']]);
  expect(data.outbox[0]!.text).toContain(`http://eia.test/assessments/${second.id}`);
  await expect(submitPortfolio(deps, ana.id, { level: 'foundation', declarations, previousId: first.id })).rejects.toMatchObject({ code: 'conflict' });
});

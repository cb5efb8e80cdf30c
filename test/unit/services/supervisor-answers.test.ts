import { answerRequest, openRequest, rowField, type RowAnswer } from '../../../src/domain/signoff/supervisor-answers';
import { requestConfirmation, supervisionStatuses } from '../../../src/domain/signoff/signoff-service';
import { createRecord, updateRecord } from '../../../src/domain/records/record-service';
import { contentHash } from '../../../src/domain/signoff/confirmation-status';
import type { StoredRecord } from '../../../src/domain/records';
import { addUser } from '../../support/fake-repositories';
import { fakeServiceDeps } from '../../support/fake-service-deps';

// The supervisor's side against in-memory repositories: every session of a request answered in
// one send, all or nothing, each answer about the content the page showed.

const meta = { ip: '127.0.0.1', userAgent: 'unit test' };
const session = (date: string) => ({ date, hours: 1, supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual' });

async function setUp(dates = ['2026-01-10', '2026-02-10', '2026-03-10']) {
  const t = fakeServiceDeps();
  const ana = addUser(t.data, { name: 'Ana Kowalska', email: 'ana@example.org' });
  const records: StoredRecord[] = [];
  for (const date of dates) records.push(await createRecord(t.deps, ana.id, 'supervision', session(date)));
  await requestConfirmation(
    t.deps,
    ana.id,
    records.map((record) => record.id),
  );
  const token = /\/confirm\/(\S+)/.exec(t.data.outbox[0]!.text)![1]!;
  return { ...t, ana, records, access: { token } };
}

test('the supervisor sees the request’s sessions and confirms them all with one send; the request is then complete', async () => {
  const { deps, data, ana, records, access } = await setUp();
  const view = await openRequest(deps, access, meta);
  expect(view).toMatchObject({ applicant: 'Ana Kowalska', open: true });
  expect(view.items.map((item) => item.record.id)).toEqual(records.map((record) => record.id));

  await answerRequest(deps, access, { fullName: ' Sam Lee ', declaration: true, rows: records.map((record) => ({ recordId: record.id, action: 'confirm', seenHash: contentHash(record.values) })) }, meta);

  expect(data.answers.map((answer) => [answer.supervisionId, answer.decision, answer.signerName, answer.ip])).toEqual(records.map((record) => [record.id, 'confirmed', 'Sam Lee', '127.0.0.1']));
  expect(data.requests[0]!.state).toBe('completed');
  const statuses = await supervisionStatuses(deps, ana.id, records);
  expect(records.map((record) => statuses.get(record.id)!.state)).toEqual(['confirmed', 'confirmed', 'confirmed']);
  expect(data.audit.filter((event) => event.action === 'signoff.confirmed')).toHaveLength(3);
});

test('confirm, decline and a correction in one send; one invalid row saves nothing and names its row', async () => {
  const { deps, data, records, access } = await setUp();
  const [first, second, third] = records as [StoredRecord, StoredRecord, StoredRecord];
  const rows: RowAnswer[] = [
    { recordId: first.id, action: 'confirm' },
    { recordId: second.id, action: 'decline', reason: '' },
    { recordId: third.id, action: 'correct', proposedHours: 1.5 },
  ];
  const refused = answerRequest(deps, access, { fullName: 'Sam Lee', declaration: true, rows }, meta);
  await expect(refused).rejects.toMatchObject({ code: 'validation', details: { fields: { [rowField('reason', second.id)]: expect.stringContaining('Say why you decline') } } });
  expect(data.answers).toEqual([]);

  rows[1] = { ...rows[1]!, reason: 'I was on leave that week.' };
  await answerRequest(deps, access, { fullName: 'Sam Lee', declaration: true, rows }, meta);
  expect(data.answers.map((answer) => [answer.decision, answer.reason, answer.proposedHours])).toEqual([
    ['confirmed', null, null],
    ['declined', 'I was on leave that week.', null],
    ['correction', null, 1.5],
  ]);
});

test('a replayed send answers nothing twice; a record outside the request refuses the whole send', async () => {
  const { deps, data, ana, records, access } = await setUp();
  const rows = [{ recordId: records[0]!.id, action: 'confirm' as const }];
  await answerRequest(deps, access, { fullName: 'Sam Lee', declaration: true, rows }, meta);
  await answerRequest(deps, access, { fullName: 'Sam Lee', declaration: true, rows }, meta);
  expect(data.answers).toHaveLength(1);

  const other = await createRecord(deps, ana.id, 'supervision', session('2026-04-10'));
  await expect(
    answerRequest(
      deps,
      access,
      {
        fullName: 'Sam Lee',
        declaration: true,
        rows: [
          { recordId: records[1]!.id, action: 'confirm' },
          { recordId: other.id, action: 'confirm' },
        ],
      },
      meta,
    ),
  ).rejects.toMatchObject({ code: 'not_found' });
  expect(data.answers).toHaveLength(1);
});

test('a session the applicant changed after the page was shown is refused, not confirmed', async () => {
  const { deps, data, ana, records, access } = await setUp(['2026-01-10']);
  const shown = contentHash(records[0]!.values);
  await updateRecord(deps, ana.id, 'supervision', records[0]!.id, { ...session('2026-01-10'), hours: 2 });
  await expect(answerRequest(deps, access, { fullName: 'Sam Lee', declaration: true, rows: [{ recordId: records[0]!.id, action: 'confirm', seenHash: shown }] }, meta)).rejects.toMatchObject({ code: 'validation' });
  expect(data.answers).toEqual([]);
});

test('a wrong or revoked link does not open the request', async () => {
  const { deps, data, access } = await setUp(['2026-01-10']);
  await expect(openRequest(deps, { token: 'x'.repeat(43) }, meta)).rejects.toMatchObject({ status: 404 });
  data.requests[0]!.state = 'revoked';
  await expect(openRequest(deps, access, meta)).rejects.toMatchObject({ status: 404 });
});

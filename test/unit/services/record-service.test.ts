import { createRecord, deleteRecord, getRecord, updateRecord } from '../../../src/domain/records/record-service';
import { requestConfirmation } from '../../../src/domain/signoff/signoff-service';
import { isoDay } from '../../../src/domain/dates';
import { addAnswer, addUser } from '../../support/fake-repositories';
import { fakeServiceDeps } from '../../support/fake-service-deps';

// The record service against in-memory repositories: validation, ownership, the audit trail,
// and what a change does to a supervisor's answer, a file's links and reflections' references.

const practice = { clientCode: 'C-017', date: '2026-03-12', hours: 1.5, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' };
const session = { date: '2026-03-10', hours: 1, supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'individual' };

function setUp() {
  const t = fakeServiceDeps();
  const ana = addUser(t.data, { name: 'Ana Kowalska', email: 'ana@example.org' });
  const ben = addUser(t.data, { name: 'Ben Okafor', email: 'ben@example.org' });
  return { ...t, ana, ben };
}

test('a new record is validated, stored with its parsed values and logged in the audit trail', async () => {
  const { deps, data, ana } = setUp();
  const record = await createRecord(deps, ana.id, 'practice', practice);
  expect(record.values).toMatchObject({ clientCode: 'C-017', hours: 1.5, format: 'one_to_one' });
  expect(data.records).toHaveLength(1);
  expect(data.audit.map((event) => [event.action, event.entityId])).toEqual([['practice.created', String(record.id)]]);
});

test('invalid input is refused field by field and nothing is written', async () => {
  const { deps, data, ana, clock } = setUp();
  const tomorrow = isoDay(new Date(clock.now().getTime() + 86_400_000));
  await expect(createRecord(deps, ana.id, 'practice', { ...practice, date: tomorrow })).rejects.toMatchObject({ code: 'validation', details: { fields: { date: expect.stringContaining('cannot be after today') } } });
  await expect(createRecord(deps, ana.id, 'practice', { ...practice, hours: -2 })).rejects.toMatchObject({ code: 'validation', details: { fields: { hours: expect.any(String) } } });
  expect(data.records).toEqual([]);
  expect(data.audit).toEqual([]);
});

test("another person's record is not found, to read, change or delete", async () => {
  const { deps, ana, ben } = setUp();
  const record = await createRecord(deps, ana.id, 'practice', practice);
  await expect(getRecord(deps, ben.id, 'practice', record.id)).rejects.toMatchObject({ code: 'not_found' });
  await expect(updateRecord(deps, ben.id, 'practice', record.id, practice)).rejects.toMatchObject({ code: 'not_found' });
  await expect(deleteRecord(deps, ben.id, 'practice', record.id)).rejects.toMatchObject({ code: 'not_found' });
  expect((await getRecord(deps, ana.id, 'practice', record.id)).values.clientCode).toBe('C-017');
});

test('a reflection may link only records of the same portfolio', async () => {
  const { deps, data, ana, ben } = setUp();
  const bens = await createRecord(deps, ben.id, 'practice', practice);
  const reflection = { kind: 'reflection', date: '2026-03-20', title: 'Contracting', text: 'What I learnt.', competences: ['managing_contract'], linkedRecords: [`practice:${bens.id}`] };
  await expect(createRecord(deps, ana.id, 'reflection', reflection)).rejects.toMatchObject({ code: 'validation', details: { fields: { linkedRecords: expect.any(String) } } });
  expect(data.records.filter((record) => record.type === 'reflection')).toEqual([]);
});

test('editing a confirmed supervision record voids the confirmation and logs why; saving it unchanged voids nothing', async () => {
  const { deps, data, ana } = setUp();
  const record = await createRecord(deps, ana.id, 'supervision', session);
  const request = await requestConfirmation(deps, ana.id, [record.id]);
  addAnswer(data, record, request.id);

  await updateRecord(deps, ana.id, 'supervision', record.id, session);
  expect(data.answers[0]!.voidedAt).toBeNull();

  await updateRecord(deps, ana.id, 'supervision', record.id, { ...session, hours: 2 });
  expect(data.answers[0]!.voidReason).toBe('changed after the supervisor confirmed it on 11 March 2026');
  expect(data.audit.map((event) => event.action)).toEqual(['supervision.created', 'signoff.requested', 'supervision.updated', 'supervision.updated', 'signoff.voided']);
});

test('deleting a record removes its file links and the references reflections make to it', async () => {
  const { deps, data, ana } = setUp();
  const record = await createRecord(deps, ana.id, 'practice', practice);
  const other = await createRecord(deps, ana.id, 'practice', { ...practice, clientCode: 'C-018' });
  const reflection = await createRecord(deps, ana.id, 'reflection', {
    kind: 'reflection',
    date: '2026-03-20',
    title: 'Contracting',
    text: 'What I learnt.',
    competences: ['managing_contract'],
    linkedRecords: [`practice:${record.id}`, `practice:${other.id}`],
  });
  data.links.push({ fileId: 7, recordType: 'practice', recordId: record.id }, { fileId: 7, recordType: 'practice', recordId: other.id });

  await deleteRecord(deps, ana.id, 'practice', record.id);

  expect(data.records.map((each) => each.id)).toEqual([other.id, reflection.id]);
  expect(data.links).toEqual([{ fileId: 7, recordType: 'practice', recordId: other.id }]);
  expect((await getRecord(deps, ana.id, 'reflection', reflection.id)).values.linkedRecords).toEqual([`practice:${other.id}`]);
  expect(data.audit.at(-1)).toMatchObject({ action: 'practice.deleted', entityId: String(record.id), details: { before: { clientCode: 'C-017' } } });
});

import { acceptCorrection, requestConfirmation, resendRequest, revokeRequest, supervisionStatuses } from '../../../src/domain/signoff/signoff-service';
import { createRecord } from '../../../src/domain/records/record-service';
import { contentHash } from '../../../src/domain/signoff/confirmation-status';
import { hashToken } from '../../../src/domain/secret-token';
import type { StoredRecord } from '../../../src/domain/records';
import { isConfirmedState } from '../../../src/domain/vocabulary';
import { addAnswer, addUser } from '../../support/fake-repositories';
import { fakeServiceDeps } from '../../support/fake-service-deps';

// The applicant's side of a confirmation against in-memory repositories: who is asked about
// what, the one email with its link, and what resending, revoking and accepting a correction do.

const session = (date: string, supervisor = { name: 'Dr Sam Lee', email: 'Sam@Example.org' }) => ({ date, hours: 1, supervisorName: supervisor.name, supervisorEmail: supervisor.email, format: 'individual' });

async function setUp() {
  const t = fakeServiceDeps();
  const ana = addUser(t.data, { name: 'Ana Kowalska', email: 'ana@example.org' });
  const records: StoredRecord[] = [];
  for (const date of ['2026-01-10', '2026-02-10']) records.push(await createRecord(t.deps, ana.id, 'supervision', session(date)));
  return { ...t, ana, records };
}

const linkIn = (text: string) => /http:\/\/eia\.test\/confirm\/(\S+)/.exec(text)?.[1];

test('one request, one email with one link, about these records only, to the supervisor’s address in lower case', async () => {
  const { deps, data, ana, records } = await setUp();
  const request = await requestConfirmation(
    deps,
    ana.id,
    records.map((record) => record.id),
  );

  expect(request).toMatchObject({ supervisorEmail: 'sam@example.org', supervisorName: 'Dr Sam Lee', state: 'pending', recordIds: records.map((record) => record.id) });
  expect(request.expiresAt.getTime() - deps.clock.now().getTime()).toBe(14 * 86_400_000);
  expect(data.outbox).toHaveLength(1);
  const [mail] = data.outbox;
  expect(mail).toMatchObject({ to: 'sam@example.org', status: 'held' });
  expect(mail!.text).toContain('Ana Kowalska');
  expect(mail!.text).toContain('10 January 2026');
  expect(hashToken(linkIn(mail!.text)!)).toBe(data.requests[0]!.tokenHash);
  expect(data.audit.at(-1)).toMatchObject({ action: 'signoff.requested', entityType: 'signoff_request', entityId: String(request.id) });
});

test('a request that cannot be sent is refused with the reason, and nothing is written', async () => {
  const { deps, data, ana, records } = await setUp();
  const noEmail = await createRecord(deps, ana.id, 'supervision', { ...session('2026-03-01'), supervisorEmail: undefined });
  const otherSupervisor = await createRecord(deps, ana.id, 'supervision', session('2026-03-02', { name: 'Dr Jo Park', email: 'jo@example.org' }));
  const before = { requests: data.requests.length, outbox: data.outbox.length, audit: data.audit.length };

  await expect(requestConfirmation(deps, ana.id, [])).rejects.toMatchObject({ details: { fields: { records: 'Choose at least one supervision record to ask about.' } } });
  await expect(requestConfirmation(deps, ana.id, [records[0]!.id, noEmail.id])).rejects.toMatchObject({ details: { fields: { records: expect.stringContaining('has no supervisor email address') } } });
  await expect(requestConfirmation(deps, ana.id, [records[0]!.id, otherSupervisor.id])).rejects.toMatchObject({ details: { fields: { records: expect.stringContaining('the same supervisor') } } });
  await expect(requestConfirmation(deps, ana.id, [records[0]!.id, 9999])).rejects.toMatchObject({ code: 'not_found' });
  expect({ requests: data.requests.length, outbox: data.outbox.length, audit: data.audit.length }).toEqual(before);
});

test('a record the supervisor already confirmed is not asked about again; another person cannot ask about these records', async () => {
  const { deps, data, ana, records } = await setUp();
  const request = await requestConfirmation(deps, ana.id, [records[0]!.id]);
  addAnswer(data, records[0]!, request.id);
  await expect(requestConfirmation(deps, ana.id, [records[0]!.id])).rejects.toMatchObject({ details: { fields: { records: expect.stringContaining('is already confirmed') } } });

  const ben = addUser(data, { name: 'Ben Okafor', email: 'ben@example.org' });
  await expect(requestConfirmation(deps, ben.id, [records[1]!.id])).rejects.toMatchObject({ code: 'not_found' });
});

test('resending replaces the link (the old one stops working); a revoked request can be neither resent nor revoked again', async () => {
  const { deps, data, ana, records, clock } = await setUp();
  const request = await requestConfirmation(deps, ana.id, [records[0]!.id]);
  const first = linkIn(data.outbox[0]!.text)!;
  clock.advance(86_400_000);

  await resendRequest(deps, ana.id, request.id);
  const second = linkIn(data.outbox[1]!.text)!;
  expect(second).not.toBe(first);
  expect(data.requests[0]!.tokenHash).toBe(hashToken(second));
  expect(data.requests[0]!.expiresAt.getTime()).toBe(clock.now().getTime() + 14 * 86_400_000);

  await revokeRequest(deps, ana.id, request.id);
  expect(data.requests[0]).toMatchObject({ state: 'revoked', revokedAt: clock.now() });
  await expect(resendRequest(deps, ana.id, request.id)).rejects.toMatchObject({ details: { fields: { request: expect.stringContaining('no longer open') } } });
  await expect(revokeRequest(deps, ana.id, request.id)).rejects.toMatchObject({ code: 'validation' });
  expect(data.outbox).toHaveLength(2);
  expect(data.audit.map((event) => event.action).filter((action) => action.startsWith('signoff.'))).toEqual(['signoff.requested', 'signoff.resent', 'signoff.revoked']);
});

test('accepting a proposed correction changes the record, and the record then counts as confirmed', async () => {
  const { deps, data, ana, records } = await setUp();
  const request = await requestConfirmation(deps, ana.id, [records[0]!.id]);
  addAnswer(data, records[0]!, request.id, { id: 5, decision: 'correction', proposedDate: '2026-01-11', proposedHours: 1.5 });
  expect((await supervisionStatuses(deps, ana.id, [records[0]!])).get(records[0]!.id)!.state).toBe('correction_proposed');

  await acceptCorrection(deps, ana.id, 5);

  const corrected = data.records.find((record) => record.id === records[0]!.id)!;
  expect(corrected.values).toMatchObject({ date: '2026-01-11', hours: 1.5 });
  expect(data.answers[0]).toMatchObject({ acceptedAt: deps.clock.now(), contentHash: contentHash(corrected.values) });
  const status = (await supervisionStatuses(deps, ana.id, [corrected])).get(corrected.id)!;
  expect(status.state).toBe('correction_accepted');
  expect(isConfirmedState(status.state)).toBe(true);
  await expect(acceptCorrection(deps, ana.id, 5)).rejects.toMatchObject({ code: 'validation' });
});

import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { clockOn } from '../support/fake-clock';
import { makeUser } from '../support/factories';
import { linkIn } from '../support/outbox';
import { addAward, updateAward } from '../../src/domain/awards/award-service';
import { runAwardReminders } from '../../src/domain/awards/award-jobs';
import type { User } from '../../src/db/repositories/user-repository';

const testDb = useTestDb();
const db = () => testDb.current.db;
const DAY = 86_400_000;
const TODAY = '2026-12-03T12:00:00Z';

let t: TestApp;
let ana: User;

beforeEach(async () => {
  t = createTestApp({ db: db(), clock: clockOn(TODAY) });
  ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org', name: 'Ana Kowalska' });
});

async function reminders(): Promise<{ to: string; subject: string; text: string }[]> {
  const rows: { to_address: string; subject: string; body_text: string }[] = await db()('outbox').where('subject', 'like', '%due for renewal%').orderBy('id');
  return rows.map((row) => ({ to: row.to_address, subject: row.subject, text: row.body_text }));
}

describe('renewal reminders', () => {
  test('the 180-day reminder is in the outbox exactly once after the job runs twice', async () => {
    // Renewal on 22 May 2027: 170 days after 3 December 2026, so the 180-day reminder is due.
    const award = await addAward(t.deps, ana.id, { scheme: 'emcc_eia', level: 'practitioner', awardedOn: '2022-05-22' });
    expect(await runAwardReminders(t.deps)).toEqual({ reminders: 1 });
    expect(await runAwardReminders(t.deps)).toEqual({ reminders: 0 });
    const sent = await reminders();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'ana@example.org', subject: 'Your EMCC EIA Practitioner award is due for renewal on 22 May 2027' });
    expect(sent[0]!.text).toContain('due for renewal on 22 May 2027, in 170 days.');
    expect(linkIn(sent[0]!.text)).toBe(`/awards/${award.id}/renewal`);
    expect(await db()('award_reminders_sent').where('award_id', award.id)).toEqual([expect.objectContaining({ days_before: 180 })]);
  });

  test('two processes running the job at the same moment send the reminder once', async () => {
    await addAward(t.deps, ana.id, { scheme: 'emcc_eia', level: 'practitioner', awardedOn: '2022-05-22' });
    const other = createTestApp({ db: db(), clock: clockOn(TODAY) });
    const results = await Promise.all([runAwardReminders(t.deps), runAwardReminders(other.deps), runAwardReminders(t.deps), runAwardReminders(other.deps)]);
    expect(results.reduce((sum, result) => sum + result.reminders, 0)).toBe(1);
    expect(await reminders()).toHaveLength(1);
  });

  test('an award from 4 years and 10 months ago (62 days to go) gets the 90-day reminder only, once', async () => {
    await addAward(t.deps, ana.id, { scheme: 'emcc_eia', level: 'practitioner', awardedOn: '2022-02-03' });
    await runAwardReminders(t.deps);
    await runAwardReminders(t.deps);
    const sent = await reminders();
    expect(sent.map((mail) => mail.subject)).toEqual(['Your EMCC EIA Practitioner award is due for renewal on 3 February 2027']);
    expect(sent[0]!.text).toContain('in 62 days');
    expect((await db()('award_reminders_sent')).map((row: { days_before: number }) => row.days_before)).toEqual([90]);
  });

  test('each reminder in turn as the date nears; one missed while the app was down goes when it next runs, but only the nearest', async () => {
    const award = await addAward(t.deps, ana.id, { scheme: 'emcc_eia', level: 'foundation', awardedOn: '2022-06-30' }); // renewal 30 June 2027, 209 days ahead
    await runAwardReminders(t.deps);
    expect(await reminders()).toHaveLength(0); // 209 days: nothing due yet
    t.clock.advance(29 * DAY); // 180 days
    await runAwardReminders(t.deps);
    t.clock.advance(95 * DAY); // 85 days: the 90-day reminder is due
    await runAwardReminders(t.deps);
    t.clock.advance(70 * DAY); // 15 days (down since 85): only the 30-day one, once
    await runAwardReminders(t.deps);
    await runAwardReminders(t.deps);
    t.clock.advance(20 * DAY); // past the date: none
    await runAwardReminders(t.deps);
    const sent = await reminders();
    expect(sent.map((mail) => /in (\d+) days/.exec(mail.text)?.[1])).toEqual(['180', '85', '15']);
    expect((await db()('award_reminders_sent').where('award_id', award.id).orderBy('sent_at')).map((row: { days_before: number }) => row.days_before)).toEqual([180, 90, 30]);
  });

  test('a long outage sends only the nearest reminder: 20 days before, the 30-day one and never the 180 or 90', async () => {
    await addAward(t.deps, ana.id, { scheme: 'emcc_esia', level: 'Supervisor', awardedOn: '2021-12-23' }); // renewal 23 December 2026, 20 days ahead
    await runAwardReminders(t.deps);
    t.clock.advance(DAY);
    await runAwardReminders(t.deps);
    expect((await db()('award_reminders_sent')).map((row: { days_before: number }) => row.days_before)).toEqual([30]);
    expect((await reminders()).map((mail) => mail.subject)).toEqual(['Your EMCC ESIA Supervisor award is due for renewal on 23 December 2026']);
  });

  test('ICF and other awards get no reminder; a corrected award date earns reminders for the new renewal date', async () => {
    await addAward(t.deps, ana.id, { scheme: 'icf', level: 'PCC', awardedOn: '2022-02-03' });
    await addAward(t.deps, ana.id, { scheme: 'other', level: 'Team coaching diploma', awardedOn: '2022-02-03' });
    expect(await runAwardReminders(t.deps)).toEqual({ reminders: 0 });

    const award = await addAward(t.deps, ana.id, { scheme: 'emcc_eia', level: 'practitioner', awardedOn: '2022-05-22' });
    expect(await runAwardReminders(t.deps)).toEqual({ reminders: 1 });
    await updateAward(t.deps, ana.id, award.id, { scheme: 'emcc_eia', level: 'practitioner', awardedOn: '2022-05-29' });
    expect(await runAwardReminders(t.deps)).toEqual({ reminders: 1 });
    expect((await reminders()).map((mail) => mail.subject.slice(-11))).toEqual(['22 May 2027', '29 May 2027']);
  });
});

import { useTestDb } from '../support/test-db';
import { unfoldQuotedPrintable, useSmtpServer } from '../support/smtp';
import { createTestApp, type TestApp } from '../support/test-app';
import { FakeClock } from '../support/fake-clock';
import { makeUser } from '../support/factories';
import { linkIn } from '../support/outbox';
import { Mailer, retryDelayMs, smtpTransport, type MailTransport } from '../../src/mail/mailer';
import { outboxRepository } from '../../src/db/repositories/outbox-repository';
import { requestPasswordReset } from '../../src/domain/accounts/password-reset-service';
import { createLogger } from '../../src/logger';
import { submitForm } from '../support/forms';

const testDb = useTestDb();
const logger = createLogger('silent');
const message = { to: 'sam@example.org', subject: 'Hello', text: 'Body' };

/** A transport that fails the first `failures` sends, then records what it sends. */
function flakyTransport(failures: number): MailTransport & { sent: string[] } {
  let calls = 0;
  const sent: string[] = [];
  return {
    sent,
    async sendMail(mail) {
      calls += 1;
      if (calls <= failures) throw new Error(`connection refused (${calls})`);
      sent.push(mail.to);
    },
  };
}

test('without SMTP a message is held in the outbox, not sent', async () => {
  const clock = new FakeClock();
  const mailer = new Mailer({ db: testDb.current.db, outbox: outboxRepository, clock, logger, from: 'EIA <no-reply@eia.test>', transport: undefined });
  await mailer.enqueue(testDb.current.db, message);
  expect(await mailer.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
  const [stored] = await outboxRepository.latest(testDb.current.db, 1);
  expect(stored).toMatchObject({ to: 'sam@example.org', status: 'held', attempts: 0 });
});

test('a failed send is retried with growing pauses, then sent', async () => {
  const clock = new FakeClock();
  const transport = flakyTransport(2);
  const mailer = new Mailer({ db: testDb.current.db, outbox: outboxRepository, clock, logger, from: 'EIA <no-reply@eia.test>', transport });
  await mailer.enqueue(testDb.current.db, message);

  expect(await mailer.deliverDue()).toEqual({ sent: 0, retrying: 1, failed: 0 });
  let [stored] = await outboxRepository.latest(testDb.current.db, 1);
  expect(stored).toMatchObject({ status: 'queued', attempts: 1, lastError: 'connection refused (1)' });
  expect(stored!.nextAttemptAt.getTime() - clock.now().getTime()).toBe(retryDelayMs(1));

  // Not due yet: nothing happens.
  expect(await mailer.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
  clock.advance(retryDelayMs(1));
  expect(await mailer.deliverDue()).toEqual({ sent: 0, retrying: 1, failed: 0 });
  [stored] = await outboxRepository.latest(testDb.current.db, 1);
  expect(stored!.nextAttemptAt.getTime() - clock.now().getTime()).toBe(retryDelayMs(2));
  expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));

  clock.advance(retryDelayMs(2));
  expect(await mailer.deliverDue()).toEqual({ sent: 1, retrying: 0, failed: 0 });
  [stored] = await outboxRepository.latest(testDb.current.db, 1);
  expect(stored).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
  expect(transport.sent).toEqual(['sam@example.org']);
});

test('after eight failed attempts a message is marked failed with the error', async () => {
  const clock = new FakeClock();
  const mailer = new Mailer({ db: testDb.current.db, outbox: outboxRepository, clock, logger, from: 'EIA <no-reply@eia.test>', transport: flakyTransport(100) });
  await mailer.enqueue(testDb.current.db, message);
  for (let attempt = 1; attempt <= 8; attempt += 1) {
    await mailer.deliverDue();
    clock.advance(6 * 3600_000);
  }
  const [stored] = await outboxRepository.latest(testDb.current.db, 1);
  expect(stored).toMatchObject({ status: 'failed', attempts: 8, lastError: 'connection refused (8)' });
  expect(await mailer.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
});

test('two app processes on one database send each message once', async () => {
  const clock = new FakeClock();
  const first = flakyTransport(0);
  const second = flakyTransport(0);
  const mailerA = new Mailer({ db: testDb.current.db, outbox: outboxRepository, clock, logger, from: 'a@eia.test', transport: first });
  const otherDb = testDb.current.reopen();
  const mailerB = new Mailer({ db: otherDb, outbox: outboxRepository, clock, logger, from: 'b@eia.test', transport: second });
  for (let index = 0; index < 30; index += 1) await mailerA.enqueue(testDb.current.db, { ...message, to: `person${index}@example.org` });
  await Promise.all([mailerA.deliverDue(), mailerB.deliverDue(), mailerA.deliverDue(), mailerB.deliverDue()]);
  await Promise.all([mailerA.deliverDue(), mailerB.deliverDue()]);
  const all = [...first.sent, ...second.sent].sort();
  expect(all).toHaveLength(30);
  expect(new Set(all).size).toBe(30);
});

describe('with SMTP_URL set', () => {
  const smtp = useSmtpServer();

  test('a password reset is delivered over SMTP and its link works', async () => {
    const transport = smtpTransport(smtp.url)!;
    const t: TestApp = createTestApp({ db: testDb.current.db, transport });
    const ana = await makeUser(t.deps, ['applicant'], { email: 'ana@example.org' });
    await requestPasswordReset(t.deps, ana.email);
    expect(await t.deps.mailer.deliverDue()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const [stored] = await outboxRepository.latest(testDb.current.db, 1);
    expect(stored!.status).toBe('sent');
    const raw = smtp.received.find((data) => data.includes('To: ana@example.org'))!;
    expect(raw).toContain('Subject: Reset your EIA Portfolio password');
    const unfolded = unfoldQuotedPrintable(raw);
    const link = linkIn(unfolded);
    expect((await t.agent().get(link)).status).toBe(200);
    expect((await submitForm(t.agent(), link, { password: 'copper kettle whistles' })).status).toBe(303);
    transport.close();
  });
});

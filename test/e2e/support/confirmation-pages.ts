import type { Locator, Page } from 'playwright-core';
import type { E2eServer } from './e2e-server';
import { lastMailTo, linkIn } from '../../support/outbox';
import { formatHours, formatIsoDate } from '../../../src/domain/dates';
import { waitForHeading, waitForVisible } from './expectations';
import { openFromNavigation } from './people';

/** The heading the supervisor's page gives a record: "10 January 2026: 1 h of individual supervision". */
export const supervisionHeading = (record: { date: string; hours: number }) => `${formatIsoDate(record.date)}: ${formatHours(record.hours)} of individual supervision`;

/** From the Supervision log, asks for confirmation of the records whose label contains each of `recordTexts`. */
export async function askForConfirmation(page: Page, supervisorName: string, recordTexts: string[]): Promise<void> {
  await openFromNavigation(page, 'Supervision');
  await waitForHeading(page, 'Supervision log');
  await page.getByRole('link', { name: 'Ask for confirmation' }).click();
  await waitForHeading(page, 'Supervision confirmations');
  for (const text of recordTexts) await page.getByRole('checkbox', { name: text }).check();
  await page.getByRole('button', { name: `Ask ${supervisorName} to confirm the ticked records` }).click();
  await waitForHeading(page, 'Supervision confirmations');
}

/** The confirmation link of the newest email to `email`, as an address the browser can open. */
export async function confirmationLinkFor(server: E2eServer, email: string): Promise<string> {
  const mail = await lastMailTo(server.db, email);
  if (!mail) throw new Error(`No email to ${email} in the outbox`);
  return server.baseUrl + linkIn(mail.text, server.baseUrl);
}

/** One record's card on the supervisor's page. */
export function recordCard(page: Page, record: { date: string; hours: number }): Locator {
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: supervisionHeading(record), exact: true }) });
}

/** What the supervisor answers about one session; every session not named stays “Confirm”. */
export type SessionAnswer = { decision: 'confirm' } | { decision: 'decline'; reason: string } | { decision: 'correct'; hours: string; reason?: string };

/** The answer a session's card shows once answered, e.g. "✓ Confirmed by Samuel Lee." */
export const answerShown = (page: Page, record: { date: string; hours: number }) => recordCard(page, record).locator('p.status');

/**
 * Answers the sessions on the supervisor's page in one go: the named ones as given, the rest left
 * at “Confirm”; signs once with the full name and the declaration, sends, and waits for the thank-you.
 */
export async function answerSessions(page: Page, fullName: string, answers: [{ date: string; hours: number }, SessionAnswer][] = []): Promise<void> {
  for (const [record, answer] of answers) {
    const card = recordCard(page, record);
    if (answer.decision === 'confirm') await card.getByRole('radio', { name: 'Confirm', exact: true }).check();
    if (answer.decision === 'decline') {
      await card.getByRole('radio', { name: 'Decline', exact: true }).check();
      await card.getByLabel(/^Reason/).fill(answer.reason);
    }
    if (answer.decision === 'correct') {
      await card.getByRole('radio', { name: 'Propose a correction', exact: true }).check();
      await card.getByLabel('Correct hours (if they differ)').fill(answer.hours);
      if (answer.reason) await card.getByLabel(/^Reason/).fill(answer.reason);
    }
  }
  await page.getByLabel('Your full name').fill(fullName);
  await page.getByRole('checkbox', { name: /^I supervised this person/ }).check();
  await page.getByRole('button', { name: 'Send my answers' }).click();
  await waitForVisible(page.getByRole('status').filter({ hasText: 'Thank you: your answers have been recorded.' }), 'the thank-you for the answers');
}

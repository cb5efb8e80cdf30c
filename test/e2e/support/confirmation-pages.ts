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

/** Every answer is signed with the supervisor's full name; a decline also says why. */
export type SupervisorAnswer = { decision: 'confirm'; fullName: string } | { decision: 'decline'; fullName: string; reason: string };

/** Answers one record on the supervisor's page and waits for the thank-you on its card. */
export async function answerRecord(page: Page, record: { date: string; hours: number }, answer: SupervisorAnswer): Promise<void> {
  const card = recordCard(page, record);
  if (answer.decision === 'confirm') {
    await card.getByLabel('Confirm: I supervised this session as described').check();
    await card.getByLabel(/^I supervised this person on this date/).check();
  } else {
    await card.getByLabel(/^Decline: this is not right/).check();
    await card.getByLabel(/^Reason/).fill(answer.reason);
  }
  await card.getByLabel('Your full name').fill(answer.fullName);
  await card.getByRole('button', { name: /^Send my answer/ }).click();
  await waitForVisible(recordCard(page, record).getByRole('status').filter({ hasText: 'Thank you: your answer has been recorded.' }), `the thank-you for ${supervisionHeading(record)}`);
}

import type { Page } from 'playwright-core';
import { useJourney } from './support/journey';
import { E2E_PASSWORD, signInThroughForm } from './support/people';
import { seedApplicant, seedConfirmationRequest, seedSupervision, type SeededSupervision } from './support/seed';
import { answerShown, confirmationLinkFor, recordCard } from './support/confirmation-pages';
import { tabAndType, tabTo, typeDate } from './support/keyboard';
import { statusText, waitForHeading, waitForVisible } from './support/expectations';
import { isoDaysBefore, pageDate } from './support/dates';

// The two forms people fill in most, completed with Tab, Space, arrow keys, Enter and typing
// only: every control must be reachable in order, operable, and show where focus is.
const journey = useJourney();
const ana = { name: 'Ana Kowalska', email: 'ana@example.org', password: E2E_PASSWORD };
const sam = { name: 'Dr Sam Lee', email: 'sam@example.org' };
let records: SeededSupervision[];

beforeAll(async () => {
  const owner = await seedApplicant(journey.server, ana);
  const today = journey.server.clock.now();
  records = await seedSupervision(journey.server, owner, sam, [isoDaysBefore(today, 30), isoDaysBefore(today, 15)]);
  await seedConfirmationRequest(journey.server, owner, records);
});

const mainText = async (page: Page) => (await page.getByRole('main').innerText()).replace(/\s+/g, ' ');

test('a practice record is logged with the keyboard alone', async () => {
  const page = await journey.newPerson();
  await signInThroughForm(page, ana);
  const date = isoDaysBefore(journey.server.clock.now(), 7);

  // The logs sit in the "Evidence" menu: a <details> that Enter opens, its links next in the Tab order.
  const mainNav = page.getByRole('navigation', { name: 'Main' });
  await tabTo(page, mainNav.locator('summary', { hasText: 'Evidence' }), 'the Evidence menu');
  await page.keyboard.press('Enter');
  await tabTo(page, mainNav.getByRole('link', { name: 'Practice', exact: true }), 'the Practice link');
  await page.keyboard.press('Enter');
  await waitForHeading(page, 'Client practice log');
  await tabTo(page, page.getByRole('link', { name: 'Log a session' }).first(), 'the Log a session button');
  await page.keyboard.press('Enter');
  await waitForHeading(page, 'Log a session');

  await tabAndType(page, page.getByLabel('Client code'), 'Client code', 'C-301');
  await tabTo(page, page.getByLabel('Date', { exact: true }), 'Date');
  await typeDate(page, date);
  await tabAndType(page, page.getByLabel('Hours', { exact: true }), 'Hours', '1:30');
  await tabTo(page, page.getByRole('radio', { name: 'One-to-one' }), 'the One-to-one format');
  await page.keyboard.press('Space');
  // A radio group is one Tab stop; the arrow keys choose within it.
  await tabTo(page, page.getByRole('radio', { name: 'Mentoring', exact: true }), 'the Mentoring choice');
  await page.keyboard.press('ArrowRight');
  await tabTo(page, page.getByRole('radio', { name: 'Paid', exact: true }), 'the Paid choice');
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }), 'the Save button');
  await page.keyboard.press('Enter');

  await waitForVisible(page.getByRole('status').filter({ hasText: 'The practice record has been saved.' }), 'the saved message');
  const saved = await mainText(page);
  for (const expected of ['Client code C-301', `Date ${pageDate(date)}`, 'Hours 1.5 h', 'Format One-to-one', 'Mentoring or coaching Coaching', 'Paid or pro bono Paid']) {
    expect(saved).toContain(expected);
  }
});

test('the supervisor confirms one session and declines another, in one send, with the keyboard alone', async () => {
  const page = await journey.newPerson();
  await page.goto(await confirmationLinkFor(journey.server, sam.email));
  await waitForHeading(page, `Confirm supervision for ${ana.name}`);

  // Every session starts at Confirm: the second is changed to Decline, then one name, the declaration, send.
  const first = recordCard(page, records[0]!);
  await tabTo(page, first.getByRole('radio', { name: 'Confirm', exact: true }), 'the first session’s Confirm choice');
  const second = recordCard(page, records[1]!);
  await tabTo(page, second.getByRole('radio', { name: 'Confirm', exact: true }), 'the second session’s answer');
  await page.keyboard.press('ArrowRight');
  expect(await second.getByRole('radio', { name: 'Decline', exact: true }).isChecked()).toBe(true);
  await tabAndType(page, second.getByLabel(/^Reason/), 'the reason', 'That session was with my colleague.');
  await tabAndType(page, page.getByLabel('Your full name'), 'the full name', 'Samuel Lee');
  await tabTo(page, page.getByRole('checkbox', { name: /^I supervised this person/ }), 'the declaration');
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Send my answers' }), 'the Send my answers button');
  await page.keyboard.press('Enter');
  await waitForVisible(answerShown(page, records[0]!).filter({ hasText: '✓ Confirmed by Samuel Lee' }), 'the first session confirmed');
  expect(await answerShown(page, records[1]!).innerText()).toContain('Declined by Samuel Lee: “That session was with my colleague.”');
  expect(await statusText(page)).toContain('Thank you: your answers have been recorded. Every session of this request has been answered.');
});

test('no page logged a script error or a CSP refusal', () => {
  expect(journey.pageErrors).toEqual([]);
});

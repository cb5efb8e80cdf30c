import type { Page } from 'playwright-core';
import { useJourney } from './support/journey';
import { checkPage } from './support/page-checks';
import { E2E_PASSWORD, openFromNavigation, signInThroughForm } from './support/people';
import { seedApplicant, seedConfirmationRequest, seedSupervision, type SeededSupervision } from './support/seed';
import { answerSessions, answerShown, askForConfirmation, confirmationLinkFor, recordCard } from './support/confirmation-pages';
import { statusText, waitForHeading, waitForVisible } from './support/expectations';
import { isoDaysBefore, pageDate } from './support/dates';

// The applicant asks; the supervisor, with no account, answers from the emailed link in their
// own browser; the applicant sees each answer.
const journey = useJourney();
const ana = { name: 'Ana Kowalska', email: 'ana@example.org', password: E2E_PASSWORD };
const sam = { name: 'Dr Sam Lee', email: 'sam@example.org' };
const pat = { name: 'Pat Doe', email: 'pat@example.org' };
let applicantPage: Page;
let supervisorPage: Page;
let records: SeededSupervision[];
let withPat: SeededSupervision[];

beforeAll(async () => {
  const owner = await seedApplicant(journey.server, ana);
  const today = journey.server.clock.now();
  records = await seedSupervision(journey.server, owner, sam, [isoDaysBefore(today, 70), isoDaysBefore(today, 40), isoDaysBefore(today, 10)]);
  withPat = await seedSupervision(
    journey.server,
    owner,
    pat,
    [100, 90, 80, 60, 50].map((days) => isoDaysBefore(today, days)),
    1.5,
  );
  await seedConfirmationRequest(journey.server, owner, withPat);
});

test('the applicant asks the supervisor to confirm three records, and the request is listed', async () => {
  applicantPage = await journey.newPerson();
  await signInThroughForm(applicantPage, ana);
  await askForConfirmation(
    applicantPage,
    sam.name,
    records.map((record) => pageDate(record.date)),
  );
  expect(await statusText(applicantPage)).toContain('The email to Dr Sam Lee with a link to confirm these records is in the outbox: this instance sends no mail, so an administrator passes it on (Admin → Outbox).');
  const request = applicantPage.getByRole('region', { name: 'Requests sent' }).getByRole('row').filter({ hasText: sam.email });
  expect((await request.getByRole('cell').nth(1).innerText()).trim()).toBe('3');
  expect(await request.getByRole('cell').nth(3).innerText()).toMatch(/^Waiting; the link expires on /);
  await checkPage(applicantPage, 'supervision-confirmations');
});

test('the supervisor opens the emailed link in their own browser and sees the three sessions', async () => {
  const link = await confirmationLinkFor(journey.server, sam.email);
  expect(link.startsWith(`${journey.server.baseUrl}/confirm/`)).toBe(true);
  supervisorPage = await journey.newPerson();
  await supervisorPage.goto(link);
  await waitForHeading(supervisorPage, `Confirm supervision for ${ana.name}`);
  for (const record of records) expect(await recordCard(supervisorPage, record).count()).toBe(1);
  await checkPage(supervisorPage, 'supervisor-confirm');
});

test('the supervisor declines one session without a reason: the page says which, and keeps every answer', async () => {
  await recordCard(supervisorPage, records[1]!).getByRole('radio', { name: 'Decline', exact: true }).check();
  await supervisorPage.getByLabel('Your full name').fill('Samuel Lee');
  await supervisorPage.getByRole('button', { name: 'Send my answers' }).click();
  const summary = await waitForVisible(supervisorPage.getByRole('alert'), 'the error summary');
  expect(await summary.innerText()).toContain(`Session of ${pageDate(records[1]!.date)}: Say why you decline`);
  expect(await summary.innerText()).toContain('Tick the declaration to confirm.');
  expect(await recordCard(supervisorPage, records[1]!).getByRole('radio', { name: 'Decline', exact: true }).isChecked()).toBe(true);
  expect(await recordCard(supervisorPage, records[0]!).getByRole('radio', { name: 'Confirm', exact: true }).isChecked()).toBe(true);
  expect(await supervisorPage.getByLabel('Your full name').inputValue()).toBe('Samuel Lee');
  await checkPage(supervisorPage, 'supervisor-confirm-error');
});

test('the supervisor confirms two sessions and declines one with a reason, in one send', async () => {
  await answerSessions(supervisorPage, 'Samuel Lee', [[records[1]!, { decision: 'decline', reason: 'We did not meet that week.' }]]);
  expect(await answerShown(supervisorPage, records[0]!).innerText()).toContain('✓ Confirmed by Samuel Lee');
  expect(await answerShown(supervisorPage, records[2]!).innerText()).toContain('✓ Confirmed by Samuel Lee');
  expect(await answerShown(supervisorPage, records[1]!).innerText()).toContain('Declined by Samuel Lee: “We did not meet that week.”');
  expect(await statusText(supervisorPage)).toContain('Thank you: your answers have been recorded. Every session of this request has been answered.');
  expect(await supervisorPage.getByRole('button', { name: 'Send my answers' }).count()).toBe(0);
  await checkPage(supervisorPage, 'supervisor-answered');
});

test('a supervisor confirms five sessions with one send', async () => {
  const page = await journey.newPerson();
  await page.goto(await confirmationLinkFor(journey.server, pat.email));
  await waitForHeading(page, `Confirm supervision for ${ana.name}`);
  for (const record of withPat) expect(await recordCard(page, record).getByRole('radio', { name: 'Confirm', exact: true }).isChecked()).toBe(true);
  // Confirmed rows show no decline or correction fields (they appear when those are chosen).
  expect(
    await recordCard(page, withPat[0]!)
      .getByLabel(/^Reason/)
      .isVisible(),
  ).toBe(false);
  await checkPage(page, 'supervisor-confirm-five');
  await answerSessions(page, 'Pat Doe');
  for (const record of withPat) expect(await answerShown(page, record).innerText()).toBe('✓ Confirmed by Pat Doe.');
  await checkPage(page, 'supervisor-confirmed-five');
});

test('the applicant’s Supervision log shows each record’s confirmation', async () => {
  await openFromNavigation(applicantPage, 'Supervision');
  await waitForHeading(applicantPage, 'Supervision log');
  const confirmationOf = async (record: SeededSupervision) =>
    (
      await applicantPage
        .getByRole('row')
        .filter({ hasText: pageDate(record.date) })
        .getByRole('cell')
        .nth(-2)
        .innerText()
    ).trim();
  expect(await confirmationOf(records[0]!)).toMatch(/^Confirmed by Samuel Lee on /);
  expect(await confirmationOf(records[1]!)).toMatch(/^Declined by Samuel Lee on .*: “We did not meet that week\.”$/);
  expect(await confirmationOf(records[2]!)).toMatch(/^Confirmed by Samuel Lee on /);
  await checkPage(applicantPage, 'supervision-list-confirmed');
});

test('no page logged a script error or a CSP refusal', () => {
  expect(journey.pageErrors).toEqual([]);
});

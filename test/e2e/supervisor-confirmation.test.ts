import type { Page } from 'playwright-core';
import { useJourney } from './support/journey';
import { checkPage } from './support/page-checks';
import { E2E_PASSWORD, openFromNavigation, signInThroughForm } from './support/people';
import { seedApplicant, seedSupervision, type SeededSupervision } from './support/seed';
import { answerRecord, askForConfirmation, confirmationLinkFor, recordCard } from './support/confirmation-pages';
import { statusText, waitForHeading } from './support/expectations';
import { isoDaysBefore, pageDate } from './support/dates';

// The applicant asks; the supervisor, with no account, answers from the emailed link in their
// own browser; the applicant sees each answer.
const journey = useJourney();
const ana = { name: 'Ana Kowalska', email: 'ana@example.org', password: E2E_PASSWORD };
const sam = { name: 'Dr Sam Lee', email: 'sam@example.org' };
let applicantPage: Page;
let supervisorPage: Page;
let records: SeededSupervision[];

beforeAll(async () => {
  const owner = await seedApplicant(journey.server, ana);
  const today = journey.server.clock.now();
  records = await seedSupervision(journey.server, owner, sam, [isoDaysBefore(today, 70), isoDaysBefore(today, 40), isoDaysBefore(today, 10)]);
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

test('the supervisor confirms two sessions and declines one with a reason', async () => {
  await answerRecord(supervisorPage, records[0]!, { decision: 'confirm', fullName: 'Samuel Lee' });
  await answerRecord(supervisorPage, records[1]!, { decision: 'confirm', fullName: 'Samuel Lee' });
  await answerRecord(supervisorPage, records[2]!, { decision: 'decline', fullName: 'Samuel Lee', reason: 'We did not meet that week.' });
  expect(await recordCard(supervisorPage, records[0]!).getByRole('status').innerText()).toContain('✓ Confirmed by Samuel Lee');
  expect(await recordCard(supervisorPage, records[2]!).getByRole('status').innerText()).toContain('Declined: “We did not meet that week.”');
  expect(await statusText(supervisorPage)).toContain('Every session of this request has been answered. Thank you.');
  await checkPage(supervisorPage, 'supervisor-answered');
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
  expect(await confirmationOf(records[1]!)).toMatch(/^Confirmed by Samuel Lee on /);
  expect(await confirmationOf(records[2]!)).toMatch(/^Declined by Samuel Lee on .*: “We did not meet that week\.”$/);
  await checkPage(applicantPage, 'supervision-list-confirmed');
});

test('no page logged a script error or a CSP refusal', () => {
  expect(journey.pageErrors).toEqual([]);
});

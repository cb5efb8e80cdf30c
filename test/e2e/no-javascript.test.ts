import type { Page } from 'playwright-core';
import { useJourney } from './support/journey';
import { screenshotsOnly } from './support/page-checks';
import { E2E_PASSWORD, openFromNavigation, registerThroughForm } from './support/people';
import { addRecordThroughForm } from './support/record-forms';
import { saveSettingsThroughForm, uploadEvidenceFiles } from './support/portfolio-pages';
import { requirementText, evidenceTotalText } from './support/dashboard';
import { statusText, waitForHeading, waitForVisible } from './support/expectations';
import { evidenceFixture } from './support/files';
import { seedApplicant, seedConfirmationRequest, seedSupervision } from './support/seed';
import { answerSessions, answerShown, confirmationLinkFor, recordCard } from './support/confirmation-pages';
import { isoDaysBefore } from './support/dates';

// Every page works without JavaScript (PRODUCT.md): the core of the applicant journey in a
// browser with JavaScript switched off. Scripts may only ever enhance. (Axe and the layout
// checks need script in the page, so they run in the other journeys, on the same pages.)
const journey = useJourney();
const lena = { name: 'Lena Okafor', email: 'lena@example.org', password: E2E_PASSWORD };
let page: Page;
const daysAgo = (days: number) => isoDaysBefore(journey.server.clock.now(), days);

test('with JavaScript off, a coach registers and saves the portfolio settings', async () => {
  page = await journey.newPerson({ javaScriptEnabled: false });
  await registerThroughForm(page, lena, 'applicant');
  await saveSettingsThroughForm(page, { displayName: lena.name, emccMembershipNumber: 'EMCC-77001', firstPracticeDate: daysAgo(1200), practiceRole: 'Coach', targetLevel: 'Practitioner' });
  expect(await page.getByLabel('Practitioner', { exact: true }).isChecked()).toBe(true);
});

test('with JavaScript off, records are added to three logs', async () => {
  await addRecordThroughForm(page, { log: 'practice', values: { clientCode: 'C-900', date: daysAgo(12), hours: '3.5', format: 'Group', groupSize: '4', practiceKind: 'Coaching', payment: 'Pro bono' } });
  await addRecordThroughForm(page, { log: 'cpd', values: { title: 'Supervision skills', startDate: daysAgo(20), endDate: daysAgo(20), hours: '7.5', kind: 'Training course' } });
  await addRecordThroughForm(page, {
    log: 'reflections',
    values: { kind: 'Reflection', date: daysAgo(2), title: 'Working with a silent group', text: 'What the silence told me.', competences: ['Building the Relationship'] },
  });
  // "CPD" sits in the Evidence menu, a <details> that opens without script.
  await openFromNavigation(page, 'CPD');
  await waitForHeading(page, 'CPD log');
  expect(await statusText(page)).toContain('1 CPD record · 7.5 h in total');
});

test('with JavaScript off, the dashboard shows the gap for Practitioner from those records', async () => {
  await openFromNavigation(page, 'Dashboard');
  await waitForHeading(page, `Welcome, ${lena.name}`);
  expect(await requirementText(page, '100 client contact hours')).toContain('3.5 h (100 h needed)');
  // A group of 4 counts as 4 clients.
  expect(await requirementText(page, '10 clients')).toContain('4 clients (10 needed)');
  expect(await requirementText(page, '16 hours of CPD in the last 12 months')).toContain('7.5 h (16 h needed)');
  expect(await requirementText(page, '5 reflections in the last 12 months')).toContain('1 so far (5 needed)');
  expect(await requirementText(page, '3 years of practice')).toMatch(/✓ Met/);
  expect(await evidenceTotalText(page, 'Client practice log')).toBe('Client practice log 1 practice record · 3.5 h');
  expect(await evidenceTotalText(page, 'CPD log')).toBe('CPD log 1 CPD record · 7.5 h');
  await screenshotsOnly(page, 'dashboard-no-js');
});

test('with JavaScript off, a file is linked from the filtered checklist', async () => {
  await openFromNavigation(page, 'Files');
  await waitForHeading(page, 'Evidence files');
  await uploadEvidenceFiles(page, [evidenceFixture('notes.txt')]);
  await page.getByRole('link', { name: 'notes.txt' }).click();
  await waitForHeading(page, 'notes.txt');
  const checklist = page.getByRole('region', { name: 'Link to records' });
  await checklist.getByLabel('Find').fill('C-900');
  await checklist.getByRole('button', { name: 'Filter' }).click();
  await waitForVisible(checklist.getByRole('link', { name: 'Show all records' }), 'the filtered checklist');
  expect(await checklist.getByRole('checkbox').count()).toBe(1);
  await checklist.getByRole('checkbox', { name: /Client C-900/ }).check();
  await checklist.getByRole('button', { name: 'Save links' }).click();
  await waitForVisible(page.getByRole('status').filter({ hasText: 'Links saved: linked to 1 record.' }), 'the links saved');
  expect(await page.getByRole('region', { name: 'Records this file supports' }).getByRole('link').allInnerTexts()).toEqual([expect.stringMatching(/^Client practice log: C-900/)]);
});

test('with JavaScript off, a supervisor declines one session and confirms the other in one send', async () => {
  const owner = await seedApplicant(journey.server, { name: 'Ana Kowalska', email: 'ana@example.org', password: E2E_PASSWORD });
  const sam = { name: 'Dr Sam Lee', email: 'sam@example.org' };
  const records = await seedSupervision(journey.server, owner, sam, [daysAgo(30), daysAgo(15)]);
  await seedConfirmationRequest(journey.server, owner, records);
  const supervisor = await journey.newPerson({ javaScriptEnabled: false });
  await supervisor.goto(await confirmationLinkFor(journey.server, sam.email));
  await waitForHeading(supervisor, 'Confirm supervision for Ana Kowalska');
  // The reason appears once Decline is chosen: a stylesheet rule, no script.
  expect(
    await recordCard(supervisor, records[0]!)
      .getByLabel(/^Reason/)
      .isVisible(),
  ).toBe(false);
  await answerSessions(supervisor, 'Samuel Lee', [[records[0]!, { decision: 'decline', reason: 'We did not meet that week.' }]]);
  expect(await answerShown(supervisor, records[0]!).innerText()).toBe('Declined by Samuel Lee: “We did not meet that week.”');
  expect(await answerShown(supervisor, records[1]!).innerText()).toBe('✓ Confirmed by Samuel Lee.');
  await screenshotsOnly(supervisor, 'supervisor-answered-no-js');
});

test('no page logged a script error or a CSP refusal', () => {
  expect(journey.pageErrors).toEqual([]);
});

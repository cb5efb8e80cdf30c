import path from 'node:path';
import type { Page } from 'playwright-core';
import { useJourney } from './support/journey';
import { checkPage } from './support/page-checks';
import { E2E_PASSWORD, registerThroughForm } from './support/people';
import { importSummaryFigure } from './support/portfolio-pages';
import { statusText, waitForHeading } from './support/expectations';

// A mentor imports the coaching sessions of a Google Calendar export, in the browser: the preview
// says what was left out, the attendee is given a client code, and the sessions become records.
const journey = useJourney();
const jo = { name: 'Jo Mentor', email: 'jo.mentor@example.org', password: E2E_PASSWORD };
let page: Page;

test('a calendar is uploaded and its preview lists what was left out and what to fix', async () => {
  page = await journey.newPerson();
  await registerThroughForm(page, jo, 'applicant');
  await page.goto('/import');
  await page.getByRole('group', { name: 'Which sessions are in the calendar?' }).getByLabel('Client practice', { exact: true }).check();
  await page.getByLabel('Calendar file (.ics)').setInputFiles(path.resolve(__dirname, '../fixtures/import/google-calendar.ics'));
  await page.getByRole('button', { name: 'Check the calendar' }).click();
  await waitForHeading(page, 'Check your import');
  expect(await importSummaryFigure(page, 'To fix')).toBe(5);
  expect(await page.getByRole('region', { name: /Left out of the calendar/ }).innerText()).toContain('1 cancelled event');
  await checkPage(page, 'calendar-import-rules');
});

test('the attendee gets a client code and the choices are set for the whole calendar; then it is imported', async () => {
  await page.getByLabel(/an…@example\.com/).fill('C-017');
  await page
    .getByRole('group', { name: /Mentoring or coaching/ })
    .getByLabel('Coaching', { exact: true })
    .check();
  await page
    .getByRole('group', { name: /Paid or pro bono/ })
    .getByLabel('Paid', { exact: true })
    .check();
  await page.getByRole('button', { name: 'Apply the rules' }).click();
  await waitForHeading(page, 'Check your import');
  expect(await importSummaryFigure(page, 'To fix')).toBe(0);
  expect(await importSummaryFigure(page, 'To add')).toBe(5);
  await checkPage(page, 'calendar-import-preview');
  await page.getByRole('button', { name: 'Import 5 records' }).click();
  await waitForHeading(page, 'Client practice log');
  expect(await statusText(page)).toEqual(['5 records were added to your client practice log.', '5 practice records · 5.5 h in total']);
});

test('the page journey logged no errors', () => {
  expect(journey.pageErrors).toEqual([]);
});

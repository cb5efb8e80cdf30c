import type { Page } from 'playwright-core';
import { useJourney } from './support/journey';
import { checkPage } from './support/page-checks';
import { openFromNavigation } from './support/people';
import { statusText, waitForHeading } from './support/expectations';

// Someone installing EIA Portfolio for their own practice, on an instance with no account yet:
// the first page is the set-up, the account it makes administers the instance and keeps their
// own portfolio, and the first session is logged from the navigation, without instructions.
const journey = useJourney({ setUp: false });
const mira = { name: 'Mira Novak', email: 'mira@example.org', password: 'harbour lantern quietly ninety' };
let page: Page;

test('a fresh instance opens on the set-up page, with "I will also keep my own portfolio here" ticked', async () => {
  page = await journey.newPerson();
  await page.goto('/');
  await waitForHeading(page, 'Create the administrator');
  expect(new URL(page.url()).pathname).toBe('/setup');
  expect(await page.getByLabel('I will also keep my own portfolio here').isChecked()).toBe(true);
  await checkPage(page, 'first-run-setup');
});

test('the first account is made and lands on its own dashboard, signed in', async () => {
  await page.getByLabel('Full name').fill(mira.name);
  await page.getByLabel('Email address').fill(mira.email);
  await page.getByLabel('Password').fill(mira.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  expect((await statusText(page)).join(' ')).toMatch(/portfolio/i);
  const roles = await journey.server.db('user_roles as r').join('users as u', 'u.id', 'r.user_id').where('u.email', mira.email).orderBy('r.role').pluck('r.role');
  expect(roles).toEqual(['admin', 'applicant']);
  await checkPage(page, 'first-run-dashboard');
});

test('the first session is logged from the navigation, with today’s date already filled in', async () => {
  await openFromNavigation(page, 'Practice');
  await waitForHeading(page, 'Client practice log');
  await page.getByRole('link', { name: 'Log a session', exact: true }).first().click();
  await waitForHeading(page, 'Log a session');
  await page.getByLabel('Client code').fill('C-001');
  await page.getByLabel('Hours', { exact: true }).fill('1');
  await page.getByRole('group', { name: 'Format' }).getByLabel('One-to-one', { exact: true }).check();
  await page.getByRole('group', { name: 'Mentoring or coaching' }).getByLabel('Coaching', { exact: true }).check();
  await page.getByRole('group', { name: 'Paid or pro bono' }).getByLabel('Paid', { exact: true }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL((url) => /^\/practice\/\d+$/.test(url.pathname) || url.pathname === '/practice');
  const rows = await journey.server.db('practice_entries').select('client_code', 'hours');
  expect(rows.map((row) => [row.client_code, Number(row.hours)])).toEqual([['C-001', 1]]);
  expect(journey.pageErrors).toEqual([]);
});

import type { Page } from 'playwright-core';
import { useJourney } from './support/journey';
import { E2E_PASSWORD, signInThroughForm } from './support/people';
import { seedApplicant, seedConfirmationRequest, seedSupervision } from './support/seed';
import { sweepPages } from './support/page-sweep';
import { isoDaysBefore } from './support/dates';
import { makeUser } from '../support/factories';
import { E2E_ADMIN } from './support/e2e-server';
import { atWidth } from './support/screenshots';
import { PHONE_WIDTH } from './support/browser';

// Every page no journey reaches, checked like the rest (axe, 375 px layout, screenshots), for
// each kind of person. Add a line when a page is added.
const journey = useJourney();
const ana = { name: 'Ana Kowalska', email: 'ana@example.org', password: E2E_PASSWORD };
const sam = { name: 'Dr Sam Lee', email: 'sam@example.org', password: E2E_PASSWORD };
let anaId: number;

beforeAll(async () => {
  const owner = await seedApplicant(journey.server, ana);
  anaId = owner.id;
  const records = await seedSupervision(journey.server, owner, sam, [isoDaysBefore(journey.server.clock.now(), 20)]);
  await seedConfirmationRequest(journey.server, owner, records);
  await makeUser(journey.server.deps, ['supervisor'], sam);
});

test('the pages anyone can open pass the checks', async () => {
  await sweepPages(await journey.newPerson(), [
    { path: '/login', heading: 'Sign in', name: 'login' },
    { path: '/password/forgot', heading: 'Forgotten password', name: 'password-forgot' },
    { path: '/password/reset/not-a-real-token', heading: 'This link no longer works', name: 'password-reset-invalid' },
    { path: '/confirm/not-a-real-token', heading: 'Page not found', name: 'confirm-link-invalid' },
    { path: '/no-such-page', heading: 'Page not found', name: 'not-found' },
  ]);
});

test('the applicant’s account pages pass the checks', async () => {
  const page: Page = await journey.newPerson();
  await signInThroughForm(page, ana);
  await sweepPages(page, [
    { path: '/account', heading: 'Your account', name: 'account' },
    { path: '/account/password', heading: 'Change your password', name: 'account-password' },
    { path: '/account/tokens', heading: 'API tokens', name: 'account-tokens' },
    { path: '/account/delete', heading: 'Delete your account', name: 'account-delete' },
    { path: '/export', heading: 'Export and restore', name: 'export' },
    { path: '/criteria/emcc-eia', heading: /EMCC/, name: 'criteria-set' },
    { path: '/supervision/confirmations', heading: 'Supervision confirmations', name: 'supervision-confirmations' },
  ]);
});

test('the supervisor’s requests pass the checks', async () => {
  const page = await journey.newPerson();
  await signInThroughForm(page, sam);
  await sweepPages(page, [{ path: '/requests', heading: 'Confirmation requests', name: 'supervisor-requests' }]);
});

test('the administrator’s pages pass the checks', async () => {
  const page = await journey.newPerson();
  await signInThroughForm(page, E2E_ADMIN);
  await sweepPages(page, [
    { path: '/admin/users', heading: 'Users', name: 'admin-users' },
    { path: `/admin/users/${anaId}/admin`, heading: `Make ${ana.name} an administrator?`, name: 'admin-grant-administrator' },
    { path: '/admin/submissions', heading: 'Submissions', name: 'admin-submissions' },
    { path: '/admin/outbox', heading: 'Outbox', name: 'admin-outbox' },
    { path: '/admin/outbox/1', heading: /^Please confirm supervision for/, name: 'admin-outbox-message' },
    { path: '/admin/audit', heading: 'Audit log', name: 'admin-audit' },
    { path: '/admin/criteria', heading: 'Criteria sets', name: 'admin-criteria' },
  ]);
});

/** How many nodes of each role Chromium's own accessibility tree holds: what a screen reader is given. */
async function accessibilityRoles(page: Page): Promise<Record<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { role?: { value?: string }; ignored?: boolean }[] };
  await cdp.detach();
  const counts: Record<string, number> = {};
  for (const node of nodes) if (!node.ignored && node.role?.value) counts[node.role.value] = (counts[node.role.value] ?? 0) + 1;
  return counts;
}

test('on a phone a data table is a stack of cards, still read as a table, with each row’s “Open” link in view', async () => {
  const page = await journey.newPerson();
  await signInThroughForm(page, ana);
  await page.goto('/supervision');
  await atWidth(page, PHONE_WIDTH, async () => {
    const table = page.getByRole('table');
    const row = table
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: /^Open/ }) })
      .first();
    // A card: the row's cells stand one under another, each under its column's name.
    const cells = row.getByRole('cell');
    const [first, second] = [await cells.nth(0).boundingBox(), await cells.nth(1).boundingBox()];
    expect(second!.y).toBeGreaterThan(first!.y);
    expect(await cells.nth(0).evaluate((cell) => (globalThis as unknown as { getComputedStyle(element: unknown, pseudo: string): { content: string } }).getComputedStyle(cell, '::before').content)).toBe('"Date"');
    // The "Open" link is inside the window, not off to the right.
    const open = await row.getByRole('link', { name: /^Open/ }).boundingBox();
    expect(open!.x + open!.width).toBeLessThanOrEqual(PHONE_WIDTH);
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    // Screen readers are still given a table: its column headers, rows and cells.
    const roles = await accessibilityRoles(page);
    expect(roles.table).toBe(1);
    expect(roles.columnheader).toBeGreaterThanOrEqual(3);
    expect(roles.cell).toBeGreaterThanOrEqual(3);
  });
});

test('no page logged a script error or a CSP refusal', () => {
  expect(journey.pageErrors).toEqual([]);
});

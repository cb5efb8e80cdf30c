import type { Page } from 'playwright-core';
import { useJourney } from './support/journey';
import { E2E_PASSWORD, signInThroughForm } from './support/people';
import { seedApplicant, seedConfirmationRequest, seedSupervision } from './support/seed';
import { sweepPages } from './support/page-sweep';
import { isoDaysBefore } from './support/dates';
import { makeUser } from '../support/factories';
import { E2E_ADMIN } from './support/e2e-server';

// Every page no journey reaches, checked like the rest (axe, 375 px layout, screenshots), for
// each kind of person. Add a line when a page is added.
const journey = useJourney();
const ana = { name: 'Ana Kowalska', email: 'ana@example.org', password: E2E_PASSWORD };
const sam = { name: 'Dr Sam Lee', email: 'sam@example.org', password: E2E_PASSWORD };

beforeAll(async () => {
  const owner = await seedApplicant(journey.server, ana);
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
    { path: '/admin/outbox', heading: 'Outbox', name: 'admin-outbox' },
    { path: '/admin/outbox/1', heading: /^Please confirm supervision for/, name: 'admin-outbox-message' },
    { path: '/admin/audit', heading: 'Audit log', name: 'admin-audit' },
    { path: '/admin/criteria', heading: 'Criteria sets', name: 'admin-criteria' },
  ]);
});

test('no page logged a script error or a CSP refusal', () => {
  expect(journey.pageErrors).toEqual([]);
});

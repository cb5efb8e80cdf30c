import type { Page } from 'playwright-core';
import type { PageCheck } from './page-checks';
import { noPageCheck } from './page-checks';
import { waitForHeading } from './expectations';

export interface Person {
  name: string;
  email: string;
  password: string;
}

/** A password the app accepts: long, and not a common one. */
export const E2E_PASSWORD = 'lantern orchard ninety';

/**
 * Registers through /register as a mentor or coach (or a supervisor): the page says to check
 * the email (the same page whether or not the address had an account), then the person signs
 * in with the password they chose and lands on the dashboard.
 */
export async function registerThroughForm(page: Page, person: Person, role: 'applicant' | 'supervisor' = 'applicant', check: PageCheck = noPageCheck): Promise<void> {
  await page.goto('/register');
  await check(page, 'register');
  await page.getByLabel('Full name').fill(person.name);
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByLabel(role === 'applicant' ? 'I am a mentor or coach preparing an accreditation application' : 'I supervise mentors or coaches and confirm their supervision').check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await waitForHeading(page, 'Check your email');
  await check(page, 'registered');
  await page.getByRole('main').getByRole('link', { name: 'sign in' }).click();
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForHeading(page, `Welcome, ${person.name}`);
}

/** Signs in through /login and lands on the dashboard. */
export async function signInThroughForm(page: Page, person: Person): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForHeading(page, `Welcome, ${person.name}`);
}

/**
 * Follows a link of a navigation bar, as a person would, rather than typing the address. A link
 * folded into a menu ("Evidence", "Admin", the account menu under the person's name) is reached
 * the way a person reaches it: the menu is opened by its name first.
 */
export async function openFromNavigation(page: Page, label: string, bar: 'Main' | 'Account' = 'Main'): Promise<void> {
  const nav = page.getByRole('navigation', { name: bar });
  // A closed <details> hides its links from the accessibility tree, hence includeHidden to find which menu holds it.
  const link = page.getByRole('link', { name: label, exact: true, includeHidden: true });
  if (!(await nav.locator(link).isVisible())) {
    // `has` is looked for inside each menu, so the link's locator starts from the page, not the bar.
    await nav.locator('details.nav-menu').filter({ has: link }).locator('summary').click();
  }
  await nav.getByRole('link', { name: label, exact: true }).click();
}

import type { Locator, Page } from 'playwright-core';
import { useJourney } from './support/journey';
import { checkPage } from './support/page-checks';
import { E2E_PASSWORD, openFromNavigation, signInThroughForm } from './support/people';
import { waitForHeading, waitForVisible } from './support/expectations';
import { atWidth } from './support/screenshots';
import { DESKTOP_WIDTH } from './support/browser';
import { makeUser } from '../support/factories';
import { makeSamplePortfolio } from '../support/portfolio-factory';
import { createRecord } from '../../src/domain/records/record-service';

// The dashboard says what to do next, and the header stays one short line: a new account's
// first steps, a met level offered for application, met requirements folded away, and the
// grouped navigation (one line at 1280 px, the Evidence menu opening without JavaScript).
const journey = useJourney();
const nia = { name: 'Nia Brennan', email: 'nia@example.org', password: E2E_PASSWORD };
const lukas = { name: 'Lukas Vaitkus', email: 'lukas@example.org', password: E2E_PASSWORD };
const omar = { name: 'Omar Haddad', email: 'omar@example.org', password: E2E_PASSWORD };
// Lukas's sample portfolio is dated in 2026; the dashboard is read as of this day so the figures never drift.
const AS_OF = '2026-10-31';

const box = async (locator: Locator) => (await locator.boundingBox())!;

test('a new account sees three first steps instead of unmet requirements', async () => {
  await makeUser(journey.server.deps, ['applicant'], nia);
  const page = await journey.newPerson();
  await signInThroughForm(page, nia);
  const start = page.getByRole('region', { name: 'Start here' });
  await waitForVisible(start, 'the “Start here” steps');
  expect(await start.getByRole('listitem').count()).toBe(3);
  expect(await start.getByRole('link', { name: 'portfolio settings' }).getAttribute('href')).toBe('/settings');
  expect(await page.getByText('Not yet').count()).toBe(0);
  expect(await page.getByText(/at your pace/i).count()).toBe(0);
  await checkPage(page, 'dashboard-start-here');
});

let page: Page;

test('a coach who meets Foundation is told to prepare the application, and what Practitioner still needs', async () => {
  const lukasUser = await makeUser(journey.server.deps, ['applicant'], lukas);
  await makeSamplePortfolio(journey.server.deps, lukasUser.id, { files: false });
  // The quarter from May to July had only a declined session: one confirmed one meets Foundation.
  await createRecord(journey.server.deps, lukasUser.id, 'supervision', { date: '2026-06-20', hours: 1.5, supervisorName: 'Dr Sam Lee', format: 'individual' });
  page = await journey.newPerson();
  await signInThroughForm(page, lukas);
  await page.goto(`/?asOf=${AS_OF}`);
  const nextStep = page.locator('.next-step');
  expect((await nextStep.innerText()).replace(/\s+/g, ' ').trim()).toBe(
    'You meet Foundation on 31 October 2026: prepare your application. For Practitioner you still need 18 more client hours (at your pace, about February 2027).',
  );
  await nextStep.getByRole('link', { name: 'prepare your application' }).click();
  await waitForHeading(page, 'Submit for assessment');
  expect(await page.getByRole('heading', { name: 'Final checklist for Foundation' }).isVisible()).toBe(true);
});

test('met requirements are folded under the unmet ones, and a source is one click away in English', async () => {
  await page.goto(`/?asOf=${AS_OF}`);
  const unmet = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: '100 client contact hours', exact: true }) });
  expect((await unmet.innerText()).replace(/\s+/g, ' ')).toContain('✗ Not yet 100 client contact hours 82 h (100 h needed)');
  // Nine of ten are met: folded, so their rows are not shown until asked for.
  const folded = page.getByText('9 of 10 requirements met');
  const years = page.getByRole('link', { name: '3 years of practice', exact: true });
  expect(await years.isVisible()).toBe(false);
  expect((await box(folded)).y).toBeGreaterThan((await box(unmet)).y);
  await folded.click();
  const yearsRow = page.getByRole('listitem').filter({ has: years });
  expect((await yearsRow.innerText()).replace(/\s+/g, ' ')).toContain('✓ Met 3 years of practice 4 years (3 needed)');
  // Source and confidence: behind a disclosure, not repeated on every row.
  const feedback = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: '5 client feedback items in the last 12 months', exact: true }) });
  expect(await feedback.getByText(/^Source:/).isVisible()).toBe(false);
  await feedback.getByText('Source and confidence').click();
  expect(await feedback.getByText(/^Source:/).innerText()).toMatch(/^Source: [A-Z][^.]*\.$/);
  expect(await page.getByText('EIA-niveaus').count()).toBe(0);
  await checkPage(page, 'dashboard-next-step');
});

test('the navigation is at most seven items on one line at 1280 px, even for a person holding every role', async () => {
  await makeUser(journey.server.deps, ['applicant', 'supervisor', 'assessor', 'admin'], omar);
  const omarPage = await journey.newPerson();
  await signInThroughForm(omarPage, omar);
  const main = omarPage.getByRole('navigation', { name: 'Main' });
  const account = omarPage.getByRole('navigation', { name: 'Account' });
  const topLevel = (await main.locator(':scope > ul > li').count()) + (await account.locator(':scope > ul > li').count());
  expect(topLevel).toBeLessThanOrEqual(7);
  await atWidth(omarPage, DESKTOP_WIDTH, async () => {
    const brand = await box(omarPage.getByRole('link', { name: 'EIA Portfolio', exact: true }));
    const mainBox = await box(main);
    const accountBox = await box(account);
    // One line: the bar is no taller than one item, and brand, links and account share its row.
    const lineHeight = (await box(main.getByRole('link', { name: 'Dashboard', exact: true }))).height;
    expect(mainBox.height).toBeLessThan(lineHeight * 1.6);
    for (const other of [mainBox, accountBox]) expect(Math.abs(other.y + other.height / 2 - (brand.y + brand.height / 2))).toBeLessThan(lineHeight / 2);
  });
  // The groups hold their links: Evidence opens on the logs, Admin on the administration pages.
  await openFromNavigation(omarPage, 'Audit log');
  await waitForHeading(omarPage, /Audit/);
  await openFromNavigation(omarPage, 'Reflections');
  await waitForHeading(omarPage, /Reflections/);
  expect(await main.locator('details.nav-menu--current summary').innerText()).toBe('Evidence');
  await checkPage(omarPage, 'navigation-every-role');
});

test('without JavaScript, the Evidence menu opens and its links work', async () => {
  const noScript = await journey.newPerson({ javaScriptEnabled: false });
  await signInThroughForm(noScript, nia);
  const main = noScript.getByRole('navigation', { name: 'Main' });
  expect(await main.getByRole('link', { name: 'Supervision', exact: true }).isVisible()).toBe(false);
  await main.locator('summary', { hasText: 'Evidence' }).click();
  await main.getByRole('link', { name: 'Supervision', exact: true }).click();
  await waitForHeading(noScript, 'Supervision log');
});

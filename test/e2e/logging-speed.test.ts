import type { Locator, Page } from 'playwright-core';
import { useJourney } from './support/journey';
import { checkPage } from './support/page-checks';
import { E2E_PASSWORD, signInThroughForm } from './support/people';
import { seedApplicant } from './support/seed';
import { waitForHeading, waitForVisible } from './support/expectations';
import { isoDay } from '../../src/domain/dates';
import { typeDate } from './support/keyboard';
import type { User } from '../../src/db/repositories/user-repository';

/**
 * The effort of logging ten sessions held today with three clients, counted as a person spends
 * it: every click is one, every key pressed is one (typing counts per character). The person
 * looks at the form and only changes what is not already right, so a form that starts right
 * costs nothing to fill.
 *
 * Measured with this same test on the form before "Save and log another", last-used choices,
 * today's date and client code suggestions (commit f82fa17, on 3 December 2026): 230. Every
 * session then cost the way back to the log (two clicks), the client code, the date, the hours,
 * three choices and Save.
 */
const BASELINE_KEYSTROKES_AND_CLICKS = 230;
const TARGET_SHARE_OF_BASELINE = 0.4;

const journey = useJourney();
const ana = { name: 'Ana Kowalska', email: 'ana.speed@example.org', password: E2E_PASSWORD };
let owner: User;
let page: Page;

// Four sessions with C-001, then three each with C-002 and C-003: a day of coaching.
const SESSIONS = ['C-001', 'C-001', 'C-001', 'C-001', 'C-002', 'C-002', 'C-002', 'C-003', 'C-003', 'C-003'];

/** Clicks and keys spent, with the actions that spend them. */
class Effort {
  count = 0;
  constructor(private readonly page: Page) {}

  async click(target: Locator): Promise<void> {
    this.count += 1;
    await target.click();
  }

  /** Types into a text field unless it already holds `value`; a filled field is selected first (Ctrl+A). */
  async text(field: Locator, value: string): Promise<void> {
    const current = await field.inputValue();
    if (current === value) return;
    await this.click(field);
    if (current !== '') {
      this.count += 1;
      await this.page.keyboard.press('ControlOrMeta+A');
    }
    this.count += value.length;
    await this.page.keyboard.type(value);
  }

  /** A date field is clicked on its first part (the month) and the eight digits typed. */
  async date(field: Locator, iso: string): Promise<void> {
    if ((await field.inputValue()) === iso) return;
    this.count += 1;
    await field.click({ position: { x: 12, y: 12 } });
    this.count += 8;
    await typeDate(this.page, iso);
    expect(await field.inputValue()).toBe(iso);
  }

  async choose(group: string, option: string): Promise<void> {
    const radio = this.page.getByRole('group', { name: group }).getByLabel(option, { exact: true });
    if (await radio.isChecked()) return;
    await this.click(radio);
  }
}

beforeAll(async () => {
  owner = await seedApplicant(journey.server, ana);
});

test('ten sessions for three clients are logged in far fewer keystrokes and clicks than before', async () => {
  page = await journey.newPerson();
  await signInThroughForm(page, ana);
  const effort = new Effort(page);
  const today = isoDay(journey.server.clock.now());

  // The logs are under the Evidence menu: opening it is one more click.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await effort.click(nav.locator('details.nav-menu').filter({ hasText: 'Evidence' }).locator('summary'));
  await effort.click(nav.getByRole('link', { name: 'Practice', exact: true }));
  await waitForHeading(page, 'Client practice log');
  await effort.click(page.getByRole('link', { name: 'Log a session', exact: true }).first());
  for (const [index, clientCode] of SESSIONS.entries()) {
    await waitForHeading(page, 'Log a session');
    await effort.text(page.getByLabel('Client code'), clientCode);
    await effort.date(page.getByLabel('Date', { exact: true }), today);
    await effort.text(page.getByLabel('Hours', { exact: true }), '1');
    await effort.choose('Format', 'One-to-one');
    await effort.choose('Mentoring or coaching', 'Coaching');
    await effort.choose('Paid or pro bono', 'Paid');
    const last = index === SESSIONS.length - 1;
    const logAnother = page.getByRole('button', { name: 'Save and log another', exact: true });
    if (!last && (await logAnother.count()) > 0) {
      await effort.click(logAnother);
      await waitForVisible(page.getByRole('status').filter({ hasText: `${clientCode}` }), `the message that the session with ${clientCode} was saved`);
      if (index === 0) await checkPage(page, 'practice-log-another');
    } else {
      await effort.click(page.getByRole('button', { name: 'Save', exact: true }));
      await waitForVisible(page.getByRole('status').filter({ hasText: 'The practice record has been saved.' }), '"The practice record has been saved."');
      if (last) break;
      // Without "log another", the way to the next empty form is back through the log.
      await effort.click(page.locator('.breadcrumbs').getByRole('link', { name: 'Client practice log' }));
      await waitForHeading(page, 'Client practice log');
      await effort.click(page.getByRole('link', { name: 'Log a session', exact: true }).first());
    }
  }

  const rows: { client_code: string; date: string; hours: string; format: string; practice_kind: string; payment: string }[] = await journey.server
    .db('practice_entries as p')
    .join('portfolios as f', 'f.id', 'p.portfolio_id')
    .where('f.owner_id', owner.id)
    .select(journey.server.db.raw("p.client_code, to_char(p.date, 'YYYY-MM-DD') as date, p.hours::text as hours, p.format, p.practice_kind, p.payment"));
  expect(rows.map((row) => row.client_code).sort()).toEqual([...SESSIONS].sort());
  for (const row of rows) expect({ ...row, client_code: undefined, hours: Number(row.hours) }).toEqual({ client_code: undefined, date: today, hours: 1, format: 'one_to_one', practice_kind: 'coaching', payment: 'paid' });

  console.log(`Logging ten sessions for three clients took ${effort.count} keystrokes and clicks (baseline ${BASELINE_KEYSTROKES_AND_CLICKS}).`);
  expect(effort.count).toBeLessThanOrEqual(Math.floor(BASELINE_KEYSTROKES_AND_CLICKS * TARGET_SHARE_OF_BASELINE));
});

test('no page logged a script error or a CSP refusal', () => {
  expect(journey.pageErrors).toEqual([]);
});

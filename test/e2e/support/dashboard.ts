import type { Page } from 'playwright-core';
import { waitForVisible } from './expectations';

/**
 * The text of one requirement on the dashboard, found by its label ("50 client contact
 * hours"): its status, figure ("9 h (50 h needed)") and gap, as a reader sees them.
 */
export async function requirementText(page: Page, label: string): Promise<string> {
  // Met requirements are folded into a disclosure under the unmet ones: open it as a reader would.
  const folded = page.locator('details.met-requirements:not([open]) > summary');
  if (await folded.count()) await folded.click();
  const requirement = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: label, exact: true }) });
  await waitForVisible(requirement, `the requirement "${label}"`);
  return (await requirement.innerText()).replace(/\s+/g, ' ');
}

/** The text of one box of "Your evidence" on the dashboard, by its log's name. */
export async function evidenceTotalText(page: Page, logName: string): Promise<string> {
  const box = page.getByRole('region', { name: 'Your evidence' }).getByRole('link').filter({ hasText: logName });
  await waitForVisible(box, `the evidence total "${logName}"`);
  return (await box.innerText()).replace(/\s+/g, ' ');
}

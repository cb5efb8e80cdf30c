import type { Page } from 'playwright-core';
import { waitForVisible } from './expectations';

/**
 * The text of one requirement on the dashboard, found by its label ("50 client contact
 * hours"): its status, figure ("9 of 50 h") and gap, as a reader sees them.
 */
export async function requirementText(page: Page, label: string): Promise<string> {
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

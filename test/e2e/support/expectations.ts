import type { Locator, Page } from 'playwright-core';

// playwright-core has no auto-waiting `expect`; these wait for the page the way a person
// waits for it to load, then the tests assert exact values with jest's expect.

const WAIT_MS = 10_000;

/** Waits for the page's main heading (h1) to read `name` (exactly, or matching a pattern). */
export async function waitForHeading(page: Page, name: string | RegExp): Promise<void> {
  const heading = page.getByRole('heading', { level: 1, name, exact: typeof name === 'string' });
  try {
    await heading.waitFor({ timeout: WAIT_MS });
  } catch {
    const actual = await page.getByRole('heading', { level: 1 }).allInnerTexts();
    throw new Error(`Expected the page heading "${String(name)}" at ${page.url()}, found: ${JSON.stringify(actual)}`);
  }
}

/** Waits until `locator` is visible; the error names what was awaited. */
export async function waitForVisible(locator: Locator, what: string): Promise<Locator> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: WAIT_MS });
  } catch {
    throw new Error(`Expected to see ${what} at ${locator.page().url()}`);
  }
  return locator;
}

/** The visible text of the page's status message (the flash after saving, the totals line). */
export async function statusText(page: Page): Promise<string[]> {
  return (await page.getByRole('status').allInnerTexts()).map((text) => text.trim());
}

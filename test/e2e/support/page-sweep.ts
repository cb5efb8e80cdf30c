import type { Page } from 'playwright-core';
import { checkPage, type PageCheck } from './page-checks';
import { waitForHeading } from './expectations';

export interface SweptPage {
  /** The address, e.g. /account/tokens. */
  path: string;
  /** The page's h1, proving the page itself (not an error page) was checked. */
  heading: string | RegExp;
  /** Names the screenshots and the axe report. */
  name: string;
}

/**
 * Opens each page by its address and checks it. The journeys reach pages as people do; the
 * sweep covers the pages no journey passes through, so that every page is checked. A new
 * page is one more line in a sweep's list.
 */
export async function sweepPages(page: Page, pages: readonly SweptPage[], check: PageCheck = checkPage): Promise<void> {
  for (const swept of pages) {
    await page.goto(swept.path);
    await waitForHeading(page, swept.heading);
    await check(page, swept.name);
  }
}

import type { Page } from 'playwright-core';
import { expectNoSeriousAxeViolations } from './axe';
import { expectNoHorizontalScroll } from './layout';
import { CHECKED_WIDTHS, atWidth, screenshot } from './screenshots';
import { PHONE_WIDTH } from './browser';

/** What a journey does on each page it reaches; `name` names the artefacts (kebab-case). */
export type PageCheck = (page: Page, name: string) => Promise<void>;

/**
 * The full check of a page, at 375 and at 1280 px: axe (no serious or critical violation; some,
 * like a scrolling region that cannot be reached by keyboard, appear at one width only), no
 * sideways scrolling at 375 px, and a full-page screenshot. A page reached twice (a list
 * before and after adding) is checked each time: its content differs.
 */
export const checkPage: PageCheck = async (page, name) => {
  for (const width of CHECKED_WIDTHS) {
    await atWidth(page, width, async () => {
      await expectNoSeriousAxeViolations(page, `${name}-${width}`);
      if (width === PHONE_WIDTH) await expectNoHorizontalScroll(page, name);
      await screenshot(page, name);
    });
  }
};

/** Axe at both widths and the phone-width layout, for pages not worth a screenshot (forms shown again, confirmations). */
export const checkPageQuickly: PageCheck = async (page, name) => {
  for (const width of CHECKED_WIDTHS) {
    await atWidth(page, width, async () => {
      await expectNoSeriousAxeViolations(page, `${name}-${width}`);
      if (width === PHONE_WIDTH) await expectNoHorizontalScroll(page, name);
    });
  }
};

/**
 * Screenshots at 375 and 1280 px only: with JavaScript switched off in the browser, Playwright
 * cannot run axe or measure the page (both evaluate script), but it can still take pictures.
 */
export const screenshotsOnly: PageCheck = async (page, name) => {
  for (const width of CHECKED_WIDTHS) await atWidth(page, width, () => screenshot(page, name).then(() => undefined));
};

/** For journeys that test something else (keyboard, no JavaScript) on pages checked elsewhere. */
export const noPageCheck: PageCheck = async () => {};

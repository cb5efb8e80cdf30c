import type { Locator, Page } from 'playwright-core';
import { computedStyle } from './styles';

// The keyboard journeys move as a keyboard user does: Tab from wherever focus is, never a
// click or a focus() call, so a control that Tab cannot reach makes the journey fail.

const MAX_TABS = 80;

/** The minimal DOM shape read here (the test code compiles without the DOM library). */
interface FocusableElement {
  ownerDocument: { activeElement: unknown };
}

const isFocused = (target: Locator) => target.evaluate((element: FocusableElement) => element === element.ownerDocument.activeElement);

/** Presses Tab until `target` has focus, then checks the focus can be seen (WCAG 2.4.7). */
export async function tabTo(page: Page, target: Locator, what: string): Promise<void> {
  for (let presses = 0; presses < MAX_TABS; presses++) {
    await page.keyboard.press('Tab');
    if (await isFocused(target)) {
      await expectFocusVisible(target, what);
      return;
    }
  }
  throw new Error(`Keyboard: ${MAX_TABS} presses of Tab never reached ${what} at ${page.url()}`);
}

/** Tabs to a field and types into it, as a keyboard user fills a form. */
export async function tabAndType(page: Page, target: Locator, what: string, text: string): Promise<void> {
  await tabTo(page, target, what);
  await page.keyboard.type(text);
}

/**
 * Types an ISO date into a focused date input. Chromium's date field takes the digits in the
 * order it shows them; Debian's chromium shows month/day/year whatever the page's locale.
 */
export async function typeDate(page: Page, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  await page.keyboard.type(`${month}${day}${year}`);
}

async function expectFocusVisible(target: Locator, what: string): Promise<void> {
  const style = await computedStyle(target, ['outlineStyle', 'outlineWidth', 'boxShadow']);
  const visible = (style.outlineStyle !== 'none' && style.outlineWidth !== '0px') || style.boxShadow !== 'none';
  if (!visible) throw new Error(`Keyboard: ${what} has focus but no visible focus indicator (outline ${style.outlineStyle} ${style.outlineWidth}, box-shadow ${style.boxShadow})`);
}

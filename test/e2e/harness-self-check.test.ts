import type { Browser, Page } from 'playwright-core';
import { launchBrowser, PHONE_WIDTH } from './support/browser';
import { expectNoSeriousAxeViolations } from './support/axe';
import { expectNoHorizontalScroll } from './support/layout';

// The journeys pass only if these checks can fail: show them failing on a page built to fail.
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: PHONE_WIDTH, height: 800 } });
  await page.setContent(`<!doctype html><html lang="en"><head><title>Broken on purpose</title></head><body><main>
    <h1>Broken on purpose</h1>
    <input type="text" name="unlabelled">
    <p style="color: #cccccc">Faint text</p>
    <div style="width: 600px">Too wide for a phone</div>
  </main></body></html>`);
});
afterAll(() => browser?.close());

test('the axe check fails on serious and critical violations, naming the rule, impact and element', async () => {
  const failure = expectNoSeriousAxeViolations(page, 'self-check-broken');
  await expect(failure).rejects.toThrow(/label \(critical\): Form elements must have labels\n.*\n\s+input\n/);
  await expect(expectNoSeriousAxeViolations(page, 'self-check-broken')).rejects.toThrow(/color-contrast \(serious\)[\s\S]*#cccccc/);
});

test('the layout check fails when the page scrolls sideways at 375 px', async () => {
  await expect(expectNoHorizontalScroll(page, 'self-check-broken')).rejects.toThrow(/scrolls sideways at 375 px: the page is 6\d\d px wide/);
});

import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

/** Debian's chromium (CI installs it in .ci/run); the tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

// Headless, and quiet: no update checks, sync or other calls to the network.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export const DESKTOP_WIDTH = 1280;
export const PHONE_WIDTH = 375;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A fresh browser profile (its own cookies) at desktop width, pointed at the app. */
export function newPersonContext(browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: DESKTOP_WIDTH, height: 900 }, locale: 'en-GB', timezoneId: 'UTC', ...options });
}

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { artifactsDir } from './artifacts';
import { DESKTOP_WIDTH, PHONE_WIDTH } from './browser';

export const screenshotsDir = path.join(artifactsDir, 'screenshots');

/** The widths every main page is looked at: a small phone and a laptop. */
export const CHECKED_WIDTHS = [PHONE_WIDTH, DESKTOP_WIDTH] as const;

/** Runs `look` with the viewport at `width`, then puts the viewport back as it was. */
export async function atWidth<T>(page: Page, width: number, look: () => Promise<T>): Promise<T> {
  const before = page.viewportSize() ?? { width: DESKTOP_WIDTH, height: 900 };
  await page.setViewportSize({ width, height: before.height });
  try {
    return await look();
  } finally {
    await page.setViewportSize(before);
  }
}

/** A full-page PNG at test-artifacts/screenshots/<name>-<width>.png of the page at its current width. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotsDir, { recursive: true });
  const file = path.join(screenshotsDir, `${name}-${page.viewportSize()?.width ?? 'default'}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

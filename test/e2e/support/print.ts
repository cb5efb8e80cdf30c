import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { artifactsDir } from './artifacts';
import { screenshot } from './screenshots';

/**
 * Shows the page as printed (the print stylesheet) and leaves a screenshot
 * (<name>-print-<width>.png) and the PDF Chromium would print (test-artifacts/print/<name>.pdf),
 * to look at the page breaks. Call `page.emulateMedia({ media: 'screen' })` to go back.
 */
export async function showAsPrinted(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  await screenshot(page, `${name}-print`);
  const dir = path.join(artifactsDir, 'print');
  mkdirSync(dir, { recursive: true });
  await page.pdf({ path: path.join(dir, `${name}.pdf`), format: 'A4', printBackground: false });
}

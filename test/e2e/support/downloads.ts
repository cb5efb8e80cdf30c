import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { PdfFile } from '../../support/pdf-tools';

/** The file the browser downloaded after `action` (a click on a link): its suggested name and bytes. */
export async function downloadFile(page: Page, action: () => Promise<void>): Promise<{ fileName: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), action()]);
  const failure = await download.failure();
  if (failure) throw new Error(`The download of ${download.url()} failed: ${failure}`);
  return { fileName: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

/** A PDF the browser downloaded after `action`, read back with poppler and qpdf. */
export async function downloadPdf(page: Page, action: () => Promise<void>): Promise<{ fileName: string; file: PdfFile }> {
  const { fileName, bytes } = await downloadFile(page, action);
  return { fileName, file: new PdfFile(bytes) };
}

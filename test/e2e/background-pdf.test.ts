import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { useJourney } from './support/journey';
import { checkPage } from './support/page-checks';
import { E2E_PASSWORD, signInThroughForm } from './support/people';
import { waitForHeading } from './support/expectations';
import { makeUser } from '../support/factories';
import { EUROPEAN_NAMES, makeSamplePortfolio } from '../support/portfolio-factory';
import { PdfFile } from '../support/pdf-tools';

// A PDF that is not ready within the request's wait (here no wait at all, and the queue held
// until the test starts it) is made in the background: its page says so, then updates itself
// when the PDF is ready and starts the download, without being reloaded.
const journey = useJourney({ render: false, env: { PDF_WAIT_SECONDS: '0' } });
const ruta = { name: 'Rūta Jankauskienė', email: 'ruta@example.org', password: E2E_PASSWORD };
let page: Page;
/** The progress steps as a screen reader reads them (each with its hidden state). */
const steps = async () => (await page.getByRole('list', { name: 'Progress' }).getByRole('listitem').allTextContents()).map((text) => text.trim());

test('the dashboard’s PDF button leads to the “being prepared” page, which passes axe', async () => {
  const user = await makeUser(journey.server.deps, ['applicant'], ruta);
  await makeSamplePortfolio(journey.server.deps, user.id, { files: false });
  page = await journey.newPerson();
  await signInThroughForm(page, ruta);
  await page.getByRole('button', { name: /^Download the \w+ PDF/ }).click();
  await waitForHeading(page, 'Your PDF is being prepared');
  expect(page.url()).toMatch(/\/renders\/\d+$/);
  expect(await page.getByRole('status').innerText()).toContain('You can leave this page: it is listed under Application PDF for a day.');
  expect(await page.getByRole('link', { name: 'Check again' }).getAttribute('href')).toBe(new URL(page.url()).pathname);
  expect(await steps()).toEqual(['Asked for (in progress)', 'Rendering (to come)', 'Ready (to come)']);
  await checkPage(page, 'pdf-being-prepared');
});

test('once rendered, the page says so by itself, without a reload, and the PDF downloads', async () => {
  const path = new URL(page.url()).pathname;
  // Marks this document: a reload would start a new one without the mark.
  await page.evaluate('document.body.dataset.sameDocument = "yes"');
  const downloaded = page.waitForEvent('download', { timeout: 30_000 });
  await journey.server.startRendering();
  const download = await downloaded;

  await waitForHeading(page, 'Your PDF is ready');
  expect(await page.evaluate('document.body.dataset.sameDocument')).toBe('yes');
  expect(new URL(page.url()).pathname).toBe(path);
  expect(await page.getByRole('link', { name: 'Check again' }).count()).toBe(0);
  expect(await page.getByRole('link', { name: 'Download the PDF' }).getAttribute('href')).toBe(`${path}/pdf`);
  expect(await steps()).toEqual(['Asked for (done)', 'Rendering (done)', 'Ready (done)']);

  expect(await download.failure()).toBeNull();
  expect(download.url()).toMatch(new RegExp(`${path}/pdf$`));
  expect(download.suggestedFilename()).toMatch(/^eia-[a-z-]+-\d{4}-\d{2}-\d{2}-draft\.pdf$/);
  const text = new PdfFile(readFileSync(await download.path())).text();
  expect(text).toContain('DRAFT');
  expect(text).toContain(EUROPEAN_NAMES.lithuanian);
  expect(await journey.server.db('pdf_renders').select('status', 'attempts')).toEqual([{ status: 'ready', attempts: 1 }]);
});

test('no page logged a script error or a CSP refusal', () => {
  expect(journey.pageErrors).toEqual([]);
});

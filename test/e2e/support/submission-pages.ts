import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import type { PageCheck } from './page-checks';
import { noPageCheck } from './page-checks';
import { openFromNavigation } from './people';
import { waitForHeading, waitForVisible } from './expectations';
import { downloadFile } from './downloads';

// Submitting, assigning, assessing and verifying, as the applicant, the administrator, the
// assessor and anyone holding the PDF do it: by the words on the page.

/** The verification code's shape as the pages print it: 7K3M-Q9TZ-2B4X. */
export const VERIFICATION_CODE = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/;

const exactly = (text: string) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

/**
 * The text beside one term of the page's first summary list ("Status", "Verification code"),
 * as a reader sees it (records' details further down have summary lists of their own).
 */
export async function summaryValue(page: Page, term: string): Promise<string> {
  const value = page
    .locator('dl > div')
    .filter({ has: page.getByRole('term').filter({ hasText: exactly(term) }) })
    .getByRole('definition')
    .first();
  await waitForVisible(value, `the summary line "${term}"`);
  return (await value.innerText()).replace(/\s+/g, ' ').trim();
}

/** Submit (main navigation) → Your submissions → Submit for assessment → the chosen level's final checklist. */
export async function openChecklist(page: Page, levelLabel: string, check: PageCheck = noPageCheck): Promise<void> {
  await openFromNavigation(page, 'Submit');
  await waitForHeading(page, 'Your submissions');
  await check(page, 'submissions-none');
  await page.getByRole('link', { name: 'Submit for assessment', exact: true }).click();
  await waitForHeading(page, 'Submit for assessment');
  await page.getByLabel(/^Level to apply for/).selectOption({ label: levelLabel });
  await page.getByRole('button', { name: 'Show this level’s checklist' }).click();
  await waitForVisible(page.getByRole('heading', { level: 2, name: `Final checklist for ${levelLabel}` }), `the final checklist for ${levelLabel}`);
}

/** Ticks both declarations of the checklist page. */
export async function tickDeclarations(page: Page): Promise<void> {
  const declarations = page.getByRole('group', { name: 'Declarations' });
  await declarations.getByRole('checkbox', { name: /EMCC Global Code of Ethics/ }).check();
  await declarations.getByRole('checkbox', { name: /Diversity and Inclusion declaration/ }).check();
}

/** The error summary's messages after a form was sent back. */
export async function errorMessages(page: Page): Promise<string[]> {
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
  await waitForVisible(summary, 'the error summary "There is a problem"');
  return (await summary.getByRole('listitem').allInnerTexts()).map((text) => text.trim());
}

/** Submit (main navigation) → Your submissions → the row of this version → its page. */
export async function openOwnSubmission(page: Page, version: number): Promise<void> {
  await openFromNavigation(page, 'Submit');
  await waitForHeading(page, 'Your submissions');
  await submissionRow(page, version).getByRole('link').click();
  await waitForHeading(page, new RegExp(`application, version ${version}$`));
}

/** One version's row of a table of submissions (the applicant's, the queue, the administrators'). */
export function submissionRow(page: Page, version: number, hasText?: string): Locator {
  const rows = page.getByRole('row').filter({ has: page.getByRole('cell', { name: String(version), exact: true }) });
  return hasText ? rows.filter({ hasText }) : rows;
}

/** As an administrator, Submissions (main navigation) → assigns the applicant's open submission to an assessor. */
export async function assignThroughForm(page: Page, applicantName: string, assessorName: string, check: PageCheck = noPageCheck): Promise<void> {
  await openFromNavigation(page, 'Submissions');
  await waitForHeading(page, 'Submissions');
  await check(page, 'admin-submissions');
  await page.getByLabel(`Assessor for ${applicantName}’s submission`).selectOption({ label: assessorName });
  await page.getByRole('button', { name: `Assign ${applicantName}’s submission` }).click();
  await waitForVisible(page.getByRole('status').filter({ hasText: 'The submission has been assigned; the assessor has been told.' }), 'the assigned message');
}

/** As an assessor, Queue (main navigation) → the applicant's submission of this version. */
export async function openFromQueue(page: Page, applicantName: string, version: number, levelLabel: string): Promise<void> {
  await openFromNavigation(page, 'Queue');
  await waitForHeading(page, 'Assessment queue');
  await submissionRow(page, version, applicantName).getByRole('link').click();
  await waitForHeading(page, `Assessment: ${levelLabel}, version ${version}`);
}

export type Judgement = 'Met' | 'Not met' | 'More information needed';

/** Chooses the assessor's judgement of one requirement (by its label), with a comment if given. */
export async function judgeRequirement(page: Page, requirement: string, judgement: Judgement, comment?: string): Promise<void> {
  await page
    .getByRole('group', { name: `Your judgement of ${requirement}` })
    .getByLabel(judgement, { exact: true })
    .check();
  if (comment) await page.getByLabel(`Comment on ${requirement}`, { exact: true }).fill(comment);
}

/** The judgement chosen for one requirement, or undefined. */
export async function judgementOf(page: Page, requirement: string): Promise<Judgement | undefined> {
  const group = page.getByRole('group', { name: `Your judgement of ${requirement}` });
  for (const judgement of ['Met', 'Not met', 'More information needed'] as const) {
    if (await group.getByLabel(judgement, { exact: true }).isChecked()) return judgement;
  }
  return undefined;
}

/** The requirements of the assessment page, in order, as its jump list names them. */
export async function requirementLabels(page: Page): Promise<string[]> {
  const links = await page.getByRole('navigation', { name: 'On this page' }).getByRole('link').allInnerTexts();
  return links.map((text) => text.trim()).filter((text) => !['Competence categories', 'Evidence files', 'Outcome'].includes(text));
}

/** The assessment page's summary of judgements ("10 of 10 requirements judged …", the counts), as one line of text. */
export async function judgementSummary(page: Page): Promise<string> {
  const summary = page.getByRole('region', { name: 'Your judgements' });
  await waitForVisible(summary, 'the summary of judgements');
  const [total, counts] = await Promise.all([summary.locator('p').first().innerText(), summary.getByRole('list').first().getByRole('listitem').allInnerTexts()]);
  return [total, ...counts].map((text) => text.replace(/\s+/g, ' ').trim()).join(' · ');
}

/**
 * Where the summary of judgements is (its top, in px from the top of the window) once the page
 * is scrolled down to the Outcome: a sticky summary is still at the top of the window.
 */
export async function summaryTopAfterScrolling(page: Page): Promise<number> {
  await page.getByRole('heading', { level: 2, name: 'Outcome' }).scrollIntoViewIfNeeded();
  const box = await page.getByRole('region', { name: 'Your judgements' }).boundingBox();
  if (!box) throw new Error('The summary of judgements is not on the page');
  return box.y;
}

/** Presses "Save progress" (the one form keeps every judgement, comment and the draft outcome) and waits for the page's message. */
export async function saveProgress(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save progress' }).last().click();
  await waitForVisible(page.getByRole('status').filter({ hasText: 'Your progress has been saved' }), 'the progress saved message');
}

/** Records the outcome: the recommendation (its label on the page) and the feedback to the applicant; waits for the page's message. */
export async function recordOutcomeThroughForm(page: Page, recommendation: string, feedback: string, message: string): Promise<void> {
  await page.getByRole('group', { name: 'Your recommendation' }).getByLabel(recommendation, { exact: true }).check();
  await page.getByLabel('Feedback to the applicant', { exact: true }).fill(feedback);
  await page.getByRole('button', { name: 'Record decision' }).click();
  await waitForVisible(page.getByRole('status').filter({ hasText: message }), `"${message}"`);
}

/** The cells of one row of a table, by the text of the row. */
export async function rowCells(table: Locator, rowText: string): Promise<string[]> {
  const row = table.getByRole('row').filter({ hasText: rowText });
  await waitForVisible(row, `the row "${rowText}"`);
  return (await row.getByRole('cell').allInnerTexts()).map((text) => text.trim());
}

/** Clicks "Download the PDF as issued" on the applicant's submission page and returns the file's name and bytes. */
export const downloadIssuedPdf = (page: Page) => downloadFile(page, () => page.getByRole('link', { name: 'Download the PDF as issued' }).click());

/** /verify: types the code and lands on the submission's public page. */
export async function verifyThroughForm(page: Page, code: string): Promise<void> {
  await page.getByLabel('Verification code', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await waitForHeading(page, `Submitted application ${code}`);
}

/**
 * On a verify page, uploads a copy of the PDF and returns the result's heading. The result
 * names the upload's SHA-256, so it is told apart from the result of an earlier check.
 */
export async function checkPdfThroughForm(page: Page, filePath: string): Promise<string> {
  const uploadedSha256 = createHash('sha256').update(readFileSync(filePath)).digest('hex');
  await page.getByLabel('The PDF to check', { exact: true }).setInputFiles(filePath);
  await page.getByRole('button', { name: 'Check the PDF' }).click();
  const result = page.getByRole('status').filter({ hasText: uploadedSha256 });
  await waitForVisible(result, `the result of checking the copy with SHA-256 ${uploadedSha256}`);
  return (await result.getByRole('heading', { level: 3 }).innerText()).trim();
}

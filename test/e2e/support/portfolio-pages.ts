import type { Page } from 'playwright-core';
import type { PageCheck } from './page-checks';
import { noPageCheck } from './page-checks';
import { waitForHeading, waitForVisible } from './expectations';
import { openFromNavigation } from './people';

export interface SettingsInput {
  displayName: string;
  emccMembershipNumber?: string;
  firstPracticeDate: string;
  practiceRole: 'Mentor' | 'Coach' | 'Mentor and coach';
  /** A level's label as the settings list it, e.g. "Foundation" (EMCC EIA) or "ACC" (ICF). */
  targetLevel: string;
}

/** Fills in and saves the portfolio settings, reached from the account menu. */
export async function saveSettingsThroughForm(page: Page, settings: SettingsInput, check: PageCheck = noPageCheck): Promise<void> {
  await openFromNavigation(page, 'Settings', 'Account');
  await waitForHeading(page, 'Portfolio settings');
  await check(page, 'settings');
  await page.getByLabel('Name as it should appear on the application').fill(settings.displayName);
  if (settings.emccMembershipNumber) await page.getByLabel(/^EMCC membership number/).fill(settings.emccMembershipNumber);
  await page.getByLabel('Date you first practised as a mentor or coach').fill(settings.firstPracticeDate);
  await page.getByRole('group', { name: 'You practise as' }).getByLabel(settings.practiceRole, { exact: true }).check();
  await page.getByRole('group', { name: 'The level you are aiming for' }).getByLabel(settings.targetLevel, { exact: true }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await waitForVisible(page.getByRole('status').filter({ hasText: 'Your portfolio settings have been saved.' }), 'the settings saved message');
}

/** Uploads a spreadsheet on /import for one log (its label, e.g. "Client practice log") and waits for the preview. */
export async function uploadImportFile(page: Page, logLabel: string, filePath: string): Promise<void> {
  await page.getByRole('group', { name: 'Which log is in the file?' }).getByLabel(logLabel, { exact: true }).check();
  await page.getByLabel('Spreadsheet file').setInputFiles(filePath);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await waitForHeading(page, 'Check your import');
}

/** The figure of one summary box of the import preview ("To add", "To fix" …). */
export async function importSummaryFigure(page: Page, label: 'To add' | 'Already in your portfolio' | 'To fix'): Promise<number> {
  const box = page.getByRole('list', { name: 'Summary' }).getByRole('listitem').filter({ hasText: label });
  const figure = /\d+/.exec(await box.innerText());
  if (!figure) throw new Error(`No figure in the import summary "${label}"`);
  return Number(figure[0]);
}

/** Uploads evidence files on the Files page and waits for the confirmation. */
export async function uploadEvidenceFiles(page: Page, filePaths: string[]): Promise<void> {
  await page.getByLabel('Files', { exact: true }).setInputFiles(filePaths);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await waitForVisible(page.getByRole('status').filter({ hasText: /been added to your evidence/ }), 'the upload confirmation');
}

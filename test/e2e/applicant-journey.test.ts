import type { Page } from 'playwright-core';
import { useJourney } from './support/journey';
import { checkPage, checkPageQuickly } from './support/page-checks';
import { E2E_PASSWORD, openFromNavigation, registerThroughForm } from './support/people';
import { addRecordThroughForm } from './support/record-forms';
import { importSummaryFigure, saveSettingsThroughForm, uploadEvidenceFiles, uploadImportFile } from './support/portfolio-pages';
import { evidenceTotalText, requirementText } from './support/dashboard';
import { statusText, waitForHeading, waitForVisible } from './support/expectations';
import { isoDaysBefore } from './support/dates';
import { evidenceFixture, writeCsv } from './support/files';
import { showAsPrinted } from './support/print';
import { computedStyle } from './support/styles';
import { downloadPdf } from './support/downloads';

// An applicant builds a portfolio from nothing, in the browser, and reads the gap. Each test
// is one step; every page reached is checked (axe, layout at 375 px, screenshots).
const journey = useJourney();
const ana = { name: 'Ana Kowalska', email: 'ana@example.org', password: E2E_PASSWORD };
let page: Page;
const daysAgo = (days: number) => isoDaysBefore(journey.server.clock.now(), days);

const csvHeader = ['client_code', 'date', 'end_date', 'hours', 'format', 'group_size', 'practice_kind', 'payment', 'sponsor', 'delivery', 'notes'];
const importRows = (secondRowHours: string) => [
  csvHeader,
  ['C-201', daysAgo(60), '', '2.5', 'one_to_one', '', 'coaching', 'paid', '', 'remote', ''],
  ['C-202', daysAgo(50), '', secondRowHours, 'one_to_one', '', 'mentoring', 'pro_bono', '', 'in_person', ''],
  ['C-203', daysAgo(40), '', '3', 'one_to_one', '', 'coaching', 'paid', 'Acme Ltd', 'remote', ''],
];

test('a mentor registers and lands on an empty dashboard that says where to start', async () => {
  page = await journey.newPerson();
  await registerThroughForm(page, ana, 'applicant', checkPage);
  // Guidance rather than news, so a plain notice and not a status message.
  await waitForVisible(page.getByRole('heading', { name: 'Start here' }), 'the “Start here” steps');
  // Three first steps, and none of the unmet requirements a portfolio without records would show.
  expect(await page.getByRole('region', { name: 'Start here' }).getByRole('listitem').count()).toBe(3);
  expect(await page.getByText('Not yet').count()).toBe(0);
  expect(await page.getByRole('link', { name: 'portfolio settings' }).getAttribute('href')).toBe('/settings');
  await checkPage(page, 'dashboard-empty');
});

test('the portfolio settings are saved and shown again', async () => {
  await saveSettingsThroughForm(page, { displayName: 'Ana Kowalska', emccMembershipNumber: 'EMCC-40213', firstPracticeDate: daysAgo(500), practiceRole: 'Mentor and coach', targetLevel: 'Foundation' }, checkPage);
  expect(await page.getByLabel('EMCC membership number (optional)').inputValue()).toBe('EMCC-40213');
  expect(await page.getByLabel('Date you first practised as a mentor or coach').inputValue()).toBe(daysAgo(500));
  expect(await page.getByLabel('Foundation', { exact: true }).isChecked()).toBe(true);
});

test('a record of each of the six logs is added by its form', async () => {
  await addRecordThroughForm(page, { log: 'practice', values: { clientCode: 'C-101', date: daysAgo(10), hours: '2', format: 'One-to-one', practiceKind: 'Coaching', payment: 'Paid' } }, checkPage);
  await addRecordThroughForm(
    page,
    { log: 'supervision', values: { date: daysAgo(20), hours: '1.5', supervisorName: 'Dr Sam Lee', supervisorEmail: 'sam@example.org', format: 'Individual', themes: 'Contracting with sponsors' } },
    checkPage,
  );
  await addRecordThroughForm(page, { log: 'cpd', values: { title: 'Team coaching essentials', provider: 'EMCC UK', startDate: daysAgo(31), endDate: daysAgo(30), hours: '6', kind: 'Workshop' } }, checkPage);
  await addRecordThroughForm(page, { log: 'contributions', values: { kind: 'Talk', title: 'Ethics in mentoring', date: daysAgo(45), hours: '1', description: 'A talk for new mentors.' } }, checkPage);
  await addRecordThroughForm(page, { log: 'feedback', values: { date: daysAgo(5), clientCode: 'C-101', channel: 'Written', summary: 'The sessions helped me plan my first year as a team lead.' } }, checkPage);
  await addRecordThroughForm(
    page,
    {
      log: 'reflections',
      values: { kind: 'Case study', date: daysAgo(3), title: 'Contracting with a sponsor present', text: 'How the three-way contract changed the work.', competences: ['Understanding Self', 'Managing the Contract'] },
    },
    checkPage,
  );

  await openFromNavigation(page, 'Practice');
  await waitForHeading(page, 'Client practice log');
  expect(await statusText(page)).toContain('1 practice record · 2 h in total');
  await checkPage(page, 'practice-list-one');
});

test('an import with a bad row is refused with the row and the reason, then the fixed file is imported', async () => {
  await openFromNavigation(page, 'Import');
  await waitForHeading(page, 'Import a log');
  await checkPage(page, 'import');
  await uploadImportFile(page, 'Client practice log', writeCsv('practice.csv', importRows('lots')));
  expect(await importSummaryFigure(page, 'To fix')).toBe(1);
  const problem = page.getByRole('region', { name: 'Rows to fix' }).getByRole('row').filter({ hasText: 'hours' });
  await waitForVisible(problem, 'the bad row in "Rows to fix"');
  expect(await problem.getByRole('cell').first().innerText()).toBe('3'); // the header is row 1
  expect(await page.getByRole('button', { name: /^Import \d+ record/ }).count()).toBe(0);
  await checkPage(page, 'import-errors');

  await page.getByRole('link', { name: 'upload it again' }).click();
  await waitForHeading(page, 'Import a log');
  await uploadImportFile(page, 'Client practice log', writeCsv('practice-fixed.csv', importRows('1.5')));
  expect(await importSummaryFigure(page, 'To fix')).toBe(0);
  expect(await importSummaryFigure(page, 'To add')).toBe(3);
  await checkPage(page, 'import-preview');
  await page.getByRole('button', { name: 'Import 3 records' }).click();
  await waitForHeading(page, 'Client practice log');
  expect(await statusText(page)).toEqual(expect.arrayContaining(['3 records were added to your client practice log.', '4 practice records · 9 h in total']));
  await checkPage(page, 'practice-list-imported');
});

test('a certificate is uploaded on the Files page, listed, and linked from the filtered checklist to the CPD it certifies and the client’s feedback', async () => {
  await openFromNavigation(page, 'Files');
  await waitForHeading(page, 'Evidence files');
  await checkPage(page, 'files-empty');
  await uploadEvidenceFiles(page, [evidenceFixture('certificate.pdf')]);
  const row = page.getByRole('table', { name: 'Your evidence files' }).getByRole('row').filter({ hasText: 'certificate.pdf' });
  expect(await row.getByRole('cell').nth(1).innerText()).toBe('pdf');
  await checkPage(page, 'files');
  await row.getByRole('link', { name: 'certificate.pdf' }).click();
  await waitForHeading(page, 'certificate.pdf');
  // A file supports the records it is linked to, and so is appended to the application PDF.
  // The checklist is filtered without JavaScript (a GET form): the client's feedback only.
  const checklist = page.getByRole('region', { name: 'Link to records' });
  await checklist.getByLabel('Find').fill('C-101');
  await checklist.getByLabel('Log', { exact: true }).selectOption({ label: 'Client feedback' });
  await checklist.getByRole('button', { name: 'Filter' }).click();
  await waitForVisible(checklist.getByRole('link', { name: 'Show all records' }), 'the filtered checklist');
  expect(await checklist.getByRole('checkbox').count()).toBe(1);
  await checkPageQuickly(page, 'file-link-filtered');
  await checklist.getByRole('link', { name: 'Show all records' }).click();
  await waitForHeading(page, 'certificate.pdf');
  // Two records ticked, one save.
  await checklist
    .getByRole('group', { name: /^CPD log/ })
    .getByRole('checkbox', { name: /Team coaching essentials/ })
    .check();
  await checklist
    .getByRole('group', { name: /^Client feedback/ })
    .getByRole('checkbox', { name: /Client C-101/ })
    .check();
  await checklist.getByRole('button', { name: 'Save links' }).click();
  await waitForVisible(page.getByRole('status').filter({ hasText: 'Links saved: linked to 2 records.' }), 'the links saved');
  const supported = page.getByRole('region', { name: 'Records this file supports' });
  expect(await supported.getByRole('link').allInnerTexts()).toEqual([expect.stringMatching(/^CPD log: Team coaching essentials/), expect.stringMatching(/^Client feedback: C-101/)]);
  expect(
    await checklist
      .getByRole('group', { name: /^CPD log/ })
      .getByRole('checkbox', { name: /Team coaching essentials/ })
      .isChecked(),
  ).toBe(true);
  await checkPage(page, 'file');
});

test('the dashboard shows the gap for Foundation with the figures entered', async () => {
  await openFromNavigation(page, 'Dashboard');
  await waitForHeading(page, `Welcome, ${ana.name}`);
  // 2 h by form + 2.5 + 1.5 + 3 h imported; C-101 and C-201 to C-203.
  expect(await requirementText(page, '50 client contact hours')).toContain('9 h (50 h needed)');
  expect(await requirementText(page, '5 clients')).toContain('4 clients (5 needed)');
  expect(await requirementText(page, '16 hours of CPD in the last 12 months')).toContain('6 h (16 h needed)');
  expect(await requirementText(page, '5 client feedback items in the last 12 months')).toContain('1 so far (5 needed)');
  expect(await requirementText(page, 'All 8 competence categories evidenced')).toContain('2 categories (8 needed)');
  expect(await requirementText(page, '1 year of practice')).toMatch(/✓ Met/);
  expect(await requirementText(page, 'A case study')).toMatch(/✓ Met/);
  expect(await requirementText(page, 'EMCC membership')).toMatch(/✓ Met .*given/);
  expect(await requirementText(page, '50 client contact hours')).toMatch(/✗ Not yet/);
  expect(await evidenceTotalText(page, 'Client practice log')).toBe('Client practice log 4 practice records · 9 h');
  expect(await evidenceTotalText(page, 'Evidence files')).toBe('Evidence files 1 uploaded file');
  await checkPage(page, 'dashboard');
});

test('the competence map and a requirement’s records are readable', async () => {
  await openFromNavigation(page, 'Competences');
  await waitForHeading(page, /Competence/);
  await checkPage(page, 'competences');
  await openFromNavigation(page, 'Dashboard');
  await page.getByRole('link', { name: '50 client contact hours', exact: true }).click();
  await waitForHeading(page, /50 client contact hours/);
  await checkPage(page, 'requirement');
});

test('the draft PDF downloaded from the dashboard reads as the application, with the dashboard’s figures and the certificate', async () => {
  await openFromNavigation(page, 'Dashboard');
  await waitForHeading(page, `Welcome, ${ana.name}`);
  const pdf = await downloadPdf(page, () => page.getByRole('button', { name: /^Download the Foundation PDF/ }).click());
  expect(pdf.fileName).toMatch(/\.pdf$/);
  expect(pdf.file.info().Tagged).toBe('yes');
  const pages = pdf.file.pages();
  expect(pages.every((text) => text.includes('DRAFT'))).toBe(true);
  const text = pdf.file.text();
  for (const expected of [ana.name, 'Level applied for', 'Client hours and client log', 'Supervision log', 'CPD log', 'Evidence index', 'Appendix E1: certificate.pdf', 'C-201', 'Contracting with a sponsor present'])
    expect(text).toContain(expected);
  // The figures are the dashboard's (9 h of 50 h, 4 of 5 clients), in the PDF's compact form.
  const words = text.replace(/\s+/g, ' ');
  for (const figure of ['9 of 50 h', '4 of 5 clients', 'Distinct clients 4']) expect(words).toContain(figure);
  expect(words).toMatch(/Client contact hours 9 ?h/); // pdftotext may close the gap before a narrow "h".
});

test('the dashboard prints in black on white, without navigation, forms or buttons', async () => {
  await openFromNavigation(page, 'Dashboard');
  await waitForHeading(page, `Welcome, ${ana.name}`);
  await showAsPrinted(page, 'dashboard');
  try {
    for (const hidden of [page.getByRole('navigation', { name: 'Main' }), page.getByRole('navigation', { name: 'Account' }), page.getByRole('button', { name: 'Evaluate' }), page.getByLabel('Evaluate as of')]) {
      expect(await hidden.isVisible()).toBe(false);
    }
    const hours = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: '50 client contact hours', exact: true }) });
    expect(await hours.isVisible()).toBe(true);
    expect(await hours.getByText('9 h (50 h needed)').isVisible()).toBe(true);
    expect(await computedStyle(hours, ['breakInside'])).toEqual({ breakInside: 'avoid' });
    expect(await computedStyle(hours.getByText('✗ Not yet'), ['color'])).toEqual({ color: 'rgb(0, 0, 0)' });
    expect(await computedStyle(page.getByRole('link', { name: '50 client contact hours', exact: true }), ['color'])).toEqual({ color: 'rgb(0, 0, 0)' });
    // The bar itself: a black fill that the browser is told to print, on a black-edged track.
    const bar = hours.locator('.progress__fill'); // aria-hidden, so no role or text to find it by
    expect(await computedStyle(bar, ['backgroundColor', 'printColorAdjust'])).toEqual({ backgroundColor: 'rgb(0, 0, 0)', printColorAdjust: 'exact' });
    expect(await page.getByRole('link', { name: 'Foundation' }).isVisible()).toBe(true);
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
});

test('no page logged a script error or a CSP refusal', () => {
  expect(journey.pageErrors).toEqual([]);
});

import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { useJourney } from './support/journey';
import { checkPage, checkPageQuickly } from './support/page-checks';
import { E2E_PASSWORD, openFromNavigation, signInThroughForm } from './support/people';
import { E2E_ADMIN } from './support/e2e-server';
import { addRecordThroughForm } from './support/record-forms';
import { statusText, waitForHeading } from './support/expectations';
import { isoDaysBefore, pageDate } from './support/dates';
import {
  VERIFICATION_CODE,
  assignThroughForm,
  checkPdfThroughForm,
  downloadIssuedPdf,
  errorMessages,
  judgeRequirement,
  judgementOf,
  judgementSummary,
  openChecklist,
  openFromQueue,
  openOwnSubmission,
  recordOutcomeThroughForm,
  requirementLabels,
  rowCells,
  saveProgress,
  summaryTopAfterScrolling,
  summaryValue,
  tickDeclarations,
  verifyThroughForm,
} from './support/submission-pages';
import { writeTempFile } from './support/files';
import { atWidth } from './support/screenshots';
import { DESKTOP_WIDTH, PHONE_WIDTH } from './support/browser';
import { makeUser } from '../support/factories';
import { EUROPEAN_NAMES, makeSamplePortfolio } from '../support/portfolio-factory';

// An applicant submits for Practitioner; an administrator assigns the submission; the assessor
// judges it and asks for more information; the applicant adds it and resubmits; the assessor
// reads what changed and awards the level; anyone holding the PDF verifies it. Each person
// works in their own browser; every page reached is checked (axe, 375 px layout, screenshots).
const journey = useJourney();
const ana = { name: EUROPEAN_NAMES.lithuanian, email: 'ana@example.org', password: E2E_PASSWORD };
const sam = { name: 'Sam Assessor', email: 'sam@assessors.example', password: E2E_PASSWORD };
const FEEDBACK_REQUIREMENT = '5 client feedback items in the last 12 months';
const request = 'Please add one more client feedback item from this autumn.';
const award = 'A thoughtful, well-evidenced portfolio.';
let applicantPage: Page;
let assessorPage: Page;
let addedFeedback: { date: string; clientCode: string };

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const codeOn = async (page: Page) => VERIFICATION_CODE.exec(await summaryValue(page, 'Verification code'))?.[0];

beforeAll(async () => {
  // The portfolio the HTTP tests submit for Practitioner: two years of records, two of the
  // four supervision records confirmed, six client feedback items in the last 12 months.
  const owner = await makeUser(journey.server.deps, ['applicant'], ana);
  await makeSamplePortfolio(journey.server.deps, owner.id);
  await makeUser(journey.server.deps, ['assessor'], sam);
});

test('the applicant reads the final checklist for Practitioner and submits once both declarations are ticked', async () => {
  applicantPage = await journey.newPerson();
  await signInThroughForm(applicantPage, ana);
  await openChecklist(applicantPage, 'Practitioner', checkPage);
  // Short of 100 client hours, and one quarter's only supervision was declined by the supervisor.
  expect(await applicantPage.getByText(/^On .+ 2 of the 10 requirements of Practitioner are not yet met\./).count()).toBe(1);
  expect(await applicantPage.getByText('1 supervision record is (1.5 h) not confirmed by your supervisor.').count()).toBe(1);
  expect(await applicantPage.getByText(/1 supervision record \(1\.5 h\) declined by your supervisor/).count()).toBe(1);
  await checkPage(applicantPage, 'submit-checklist');

  await applicantPage.getByRole('button', { name: 'Submit for Practitioner' }).click();
  expect(await errorMessages(applicantPage)).toEqual([
    'Tick “EMCC Global Code of Ethics” to make this declaration: an application is submitted with every declaration made.',
    'Tick “Diversity and Inclusion declaration” to make this declaration: an application is submitted with every declaration made.',
  ]);
  await checkPageQuickly(applicantPage, 'submit-declarations-missing');

  await tickDeclarations(applicantPage);
  await applicantPage.getByRole('button', { name: 'Submit for Practitioner' }).click();
  await waitForHeading(applicantPage, 'Practitioner application, version 1');
  const code = await codeOn(applicantPage);
  expect(code).toMatch(VERIFICATION_CODE);
  expect(await statusText(applicantPage)).toContain(`Your application has been submitted. Its verification code is ${code}.`);
  expect(await summaryValue(applicantPage, 'Status')).toBe('Submitted, awaiting assessment');
  await checkPage(applicantPage, 'submission-submitted');
});

test('the administrator assigns the submission to the assessor', async () => {
  const adminPage = await journey.newPerson();
  await signInThroughForm(adminPage, E2E_ADMIN);
  await assignThroughForm(adminPage, ana.name, sam.name, checkPage);
  const cells = await rowCells(adminPage.getByRole('table'), ana.name);
  expect(cells.slice(1, 5)).toEqual([ana.name, 'Practitioner', '1', 'Submitted, awaiting assessment']);
  expect(await adminPage.getByRole('button', { name: `Reassign ${ana.name}’s submission` }).count()).toBe(1);
  await checkPage(adminPage, 'admin-submissions-assigned');
});

test('the assessor opens the submission from their queue and starts the review', async () => {
  assessorPage = await journey.newPerson();
  await signInThroughForm(assessorPage, sam);
  await openFromQueue(assessorPage, ana.name, 1, 'Practitioner');
  expect(await summaryValue(assessorPage, 'Applicant')).toBe(ana.name);
  // Opening the page changes nothing; the assessor starts the review.
  expect(await summaryValue(assessorPage, 'Status')).toBe('Submitted, awaiting assessment');
  await assessorPage.getByRole('button', { name: 'Start the review' }).click();
  expect(await statusText(assessorPage)).toEqual(expect.arrayContaining(['The review has started: the applicant sees that their application is in review.']));
  expect(await summaryValue(assessorPage, 'Status')).toBe('In review');
  expect(await judgementSummary(assessorPage)).toBe('0 of 10 requirements judged (as last saved) · 0 ✓ met · 0 ✗ not met · 0 ? more information needed · 10 not judged');
  await checkPage(assessorPage, 'assessment');
});

test('an assessor judges ten requirements and writes feedback with one save', async () => {
  const requirements = await requirementLabels(assessorPage);
  expect(requirements).toHaveLength(10);
  expect(requirements).toEqual(expect.arrayContaining(['3 years of practice', '100 client contact hours', FEEDBACK_REQUIREMENT]));
  // The jump list leads to each requirement's section.
  await assessorPage.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: FEEDBACK_REQUIREMENT, exact: true }).click();
  expect(decodeURIComponent(new URL(assessorPage.url()).hash)).toMatch(/^#requirement-/);
  expect(await assessorPage.getByRole('heading', { level: 3, name: new RegExp(`^${FEEDBACK_REQUIREMENT}`) }).isVisible()).toBe(true);

  const chosen: Record<string, 'Met' | 'Not met' | 'More information needed'> = {};
  for (const requirement of requirements) chosen[requirement] = requirement === '100 client contact hours' ? 'Not met' : requirement === FEEDBACK_REQUIREMENT ? 'More information needed' : 'Met';
  for (const requirement of requirements) {
    const comment = requirement === '100 client contact hours' ? 'Short of 100 h.' : requirement === FEEDBACK_REQUIREMENT ? 'One more item, from this autumn.' : `Seen: ${requirement}.`;
    await judgeRequirement(assessorPage, requirement, chosen[requirement]!, comment);
  }
  const draft = 'Draft: a well-kept portfolio; the client hours fall short and one feedback item is missing.';
  await assessorPage.getByLabel('Feedback to the applicant', { exact: true }).fill(draft);
  await saveProgress(assessorPage);

  // One save kept all of it: every judgement and comment, and the feedback typed in the outcome box.
  for (const requirement of requirements) expect(await judgementOf(assessorPage, requirement)).toBe(chosen[requirement]);
  expect(await assessorPage.getByLabel('Comment on 100 client contact hours', { exact: true }).inputValue()).toBe('Short of 100 h.');
  expect(await assessorPage.getByLabel('Comment on 3 years of practice', { exact: true }).inputValue()).toBe('Seen: 3 years of practice.');
  expect(await assessorPage.getByLabel('Feedback to the applicant', { exact: true }).inputValue()).toBe(draft);
  expect(await judgementSummary(assessorPage)).toBe('10 of 10 requirements judged (as last saved) · 8 ✓ met · 1 ✗ not met · 1 ? more information needed · 0 not judged');
  // A draft is not a decision: the applicant has been told nothing.
  expect(await summaryValue(assessorPage, 'Status')).toBe('In review');
  // Far down the page, the summary is still in view: a bar along the top on a phone, beside the sections on a laptop.
  for (const width of [PHONE_WIDTH, DESKTOP_WIDTH]) {
    const top = await atWidth(assessorPage, width, () => summaryTopAfterScrolling(assessorPage));
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThanOrEqual(40);
  }
  await assessorPage.evaluate('window.scrollTo(0, 0)');
  await checkPage(assessorPage, 'assessment-judged');
});

test('the assessor asks for more information', async () => {
  await recordOutcomeThroughForm(assessorPage, 'Request more information', request, 'Your request for more information has been sent to the applicant.');
  expect(await summaryValue(assessorPage, 'Status')).toBe('More information requested');
  expect(await assessorPage.getByRole('region', { name: 'Outcome' }).innerText()).toContain(request);
  await checkPage(assessorPage, 'assessment-more-info-requested');
});

test('the applicant sees the assessor’s request on their submission page', async () => {
  await openOwnSubmission(applicantPage, 1);
  expect(await summaryValue(applicantPage, 'Status')).toBe('More information requested');
  expect(await applicantPage.getByRole('region', { name: 'Your assessor asks for more information' }).innerText()).toContain(request);
  await checkPage(applicantPage, 'submission-more-info-requested');
});

test('the applicant adds the client feedback asked for and resubmits as version 2', async () => {
  addedFeedback = { date: isoDaysBefore(journey.server.clock.now(), 3), clientCode: 'C-009' };
  await addRecordThroughForm(applicantPage, { log: 'feedback', values: { ...addedFeedback, channel: 'Survey', summary: 'Autumn survey: the sessions were very helpful.' } });

  await openOwnSubmission(applicantPage, 1);
  await applicantPage.getByRole('link', { name: 'Add the evidence, then resubmit' }).click();
  await waitForHeading(applicantPage, 'Resubmit with more information');
  expect(await statusText(applicantPage)).toEqual(expect.arrayContaining([expect.stringContaining(request)]));
  await checkPage(applicantPage, 'resubmit-checklist');
  await tickDeclarations(applicantPage);
  await applicantPage.getByRole('button', { name: 'Resubmit as version 2' }).click();
  await waitForHeading(applicantPage, 'Practitioner application, version 2');
  expect(await summaryValue(applicantPage, 'Status')).toBe('Resubmitted, awaiting assessment');
  await checkPageQuickly(applicantPage, 'submission-resubmitted');
});

test('the assessor sees exactly what changed in version 2 and awards Practitioner; the applicant sees the decision', async () => {
  await openFromQueue(assessorPage, ana.name, 2, 'Practitioner');
  const changes = assessorPage.getByRole('region', { name: 'What changed since version 1' });
  expect(await changes.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(['Records added (1)', 'Records changed (0)', 'Records removed (0)']);
  const listed = (await changes.getByRole('listitem').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
  expect(listed).toEqual([`feedback ${addedFeedback.clientCode} · ${pageDate(addedFeedback.date)}`]);
  const [, before, after] = await rowCells(changes.getByRole('table', { name: 'Figures before and after' }), FEEDBACK_REQUIREMENT);
  expect(parseFloat(after!)).toBe(parseFloat(before!) + 1);
  // The assessment of version 2 starts from the judgements on version 1.
  expect(await judgementOf(assessorPage, '100 client contact hours')).toBe('Not met');
  expect(await judgementOf(assessorPage, FEEDBACK_REQUIREMENT)).toBe('More information needed');
  await judgeRequirement(assessorPage, FEEDBACK_REQUIREMENT, 'Met', 'Seven items now.');
  await saveProgress(assessorPage);
  expect(await judgementOf(assessorPage, FEEDBACK_REQUIREMENT)).toBe('Met');
  await checkPage(assessorPage, 'assessment-version-2');

  await recordOutcomeThroughForm(assessorPage, 'Award Practitioner', award, 'The level has been awarded; the applicant has been told.');
  expect(await summaryValue(assessorPage, 'Status')).toBe('Awarded');
  await checkPageQuickly(assessorPage, 'assessment-awarded');

  await openOwnSubmission(applicantPage, 2);
  expect(await summaryValue(applicantPage, 'Status')).toBe('Awarded');
  expect(await applicantPage.getByRole('region', { name: 'Practitioner awarded' }).innerText()).toContain(award);
  await checkPage(applicantPage, 'submission-awarded');
});

test('anyone verifies the PDF: the copy issued is byte-identical, a copy altered by one byte is not', async () => {
  const code = (await codeOn(applicantPage))!;
  const pdf = await downloadIssuedPdf(applicantPage);
  expect(pdf.fileName).toMatch(/^eia-practitioner-\d{4}-\d{2}-\d{2}-v2\.pdf$/);
  expect(await summaryValue(applicantPage, 'PDF')).toContain(`SHA-256 ${sha256(pdf.bytes)}`);
  const altered = Buffer.from(pdf.bytes);
  altered[Math.floor(altered.length / 2)]! ^= 1;

  const visitor = await journey.newPerson();
  await visitor.goto('/');
  await openFromNavigation(visitor, 'Verify a PDF');
  await waitForHeading(visitor, 'Verify a submission PDF');
  await checkPage(visitor, 'verify-start');
  await verifyThroughForm(visitor, code);
  expect(await summaryValue(visitor, 'Applicant')).toBe(ana.name);
  expect(await summaryValue(visitor, 'Level applied for')).toBe('Practitioner');
  expect(await summaryValue(visitor, 'Status')).toBe('Awarded');
  expect(await summaryValue(visitor, 'Decision')).toMatch(/^✓ Awarded on \d{1,2} [A-Z][a-z]+ \d{4}$/);
  expect(await summaryValue(visitor, 'SHA-256 of the PDF issued')).toBe(sha256(pdf.bytes));
  await checkPage(visitor, 'verify-submission');

  expect(await checkPdfThroughForm(visitor, writeTempFile(pdf.fileName, pdf.bytes))).toBe('✓ Byte-identical to the PDF issued');
  await checkPage(visitor, 'verify-identical');
  expect(await checkPdfThroughForm(visitor, writeTempFile(pdf.fileName, altered))).toBe('NOT identical: this copy differs from the one issued');
  await checkPage(visitor, 'verify-not-identical');
});

test('no page logged a script error or a CSP refusal', () => {
  expect(journey.pageErrors).toEqual([]);
});

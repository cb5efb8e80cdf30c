import type { Page } from 'playwright-core';
import type { PageCheck } from './page-checks';
import { noPageCheck } from './page-checks';
import { openFromNavigation } from './people';
import { waitForHeading, waitForVisible } from './expectations';

// One input type per log, written in the words the form shows (labels of radios and
// selects), so a test reads like the person's choices. Dates are ISO, as date inputs take them.

export interface PracticeRecordInput {
  clientCode: string;
  date: string;
  hours: string;
  format: 'One-to-one' | 'Group' | 'Team';
  groupSize?: string;
  practiceKind: 'Mentoring' | 'Coaching';
  payment: 'Paid' | 'Pro bono';
}

export interface SupervisionRecordInput {
  date: string;
  hours: string;
  supervisorName: string;
  supervisorEmail: string;
  format: 'Individual' | 'Group' | 'Peer';
  themes?: string;
}

export interface CpdRecordInput {
  title: string;
  provider?: string;
  startDate: string;
  endDate: string;
  hours: string;
  kind: 'Training course' | 'Workshop' | 'Conference' | 'Webinar' | 'Reading' | 'Peer learning' | 'Other';
}

export interface ContributionRecordInput {
  kind: 'Article' | 'Talk' | 'Volunteering' | 'Committee or EMCC role' | 'Pro bono programme' | 'Research' | 'Other';
  title: string;
  date: string;
  hours?: string;
  description?: string;
}

export interface FeedbackRecordInput {
  date: string;
  clientCode: string;
  channel: 'Written' | 'Survey' | 'Recorded verbal';
  summary: string;
}

export interface ReflectionRecordInput {
  kind: 'Reflection' | 'Case study';
  date: string;
  title: string;
  text: string;
  competences: string[];
}

export type RecordInput =
  | { log: 'practice'; values: PracticeRecordInput }
  | { log: 'supervision'; values: SupervisionRecordInput }
  | { log: 'cpd'; values: CpdRecordInput }
  | { log: 'contributions'; values: ContributionRecordInput }
  | { log: 'feedback'; values: FeedbackRecordInput }
  | { log: 'reflections'; values: ReflectionRecordInput };

/** How each log is reached and named: the navigation label, the add link, the saved message. */
export const LOG_PAGES = {
  practice: { nav: 'Practice', heading: 'Client practice log', add: 'Log a session', one: 'practice record' },
  supervision: { nav: 'Supervision', heading: 'Supervision log', add: 'Log supervision', one: 'supervision record' },
  cpd: { nav: 'CPD', heading: 'CPD log', add: 'Log CPD', one: 'CPD record' },
  contributions: { nav: 'Contributions', heading: 'Community contribution', add: 'Add a contribution', one: 'community contribution' },
  feedback: { nav: 'Feedback', heading: 'Client feedback', add: 'Add feedback', one: 'client feedback item' },
  reflections: { nav: 'Reflections', heading: 'Reflections and case studies', add: 'Write a reflection', one: 'reflection' },
} as const;

const choose = (page: Page, group: string, option: string) => page.getByRole('group', { name: group }).getByLabel(option, { exact: true }).check();

export async function fillPracticeForm(page: Page, values: PracticeRecordInput): Promise<void> {
  await page.getByLabel('Client code').fill(values.clientCode);
  await page.getByLabel('Date', { exact: true }).fill(values.date);
  await page.getByLabel('Hours', { exact: true }).fill(values.hours);
  await choose(page, 'Format', values.format);
  if (values.groupSize) await page.getByLabel('Group size').fill(values.groupSize);
  await choose(page, 'Mentoring or coaching', values.practiceKind);
  await choose(page, 'Paid or pro bono', values.payment);
}

export async function fillSupervisionForm(page: Page, values: SupervisionRecordInput): Promise<void> {
  await page.getByLabel('Date', { exact: true }).fill(values.date);
  await page.getByLabel('Hours', { exact: true }).fill(values.hours);
  await page.getByLabel(/^Supervisor.s name$/).fill(values.supervisorName);
  await page.getByLabel(/^Supervisor.s email address/).fill(values.supervisorEmail);
  await choose(page, 'Format', values.format);
  if (values.themes) await page.getByLabel(/^Themes/).fill(values.themes);
}

export async function fillCpdForm(page: Page, values: CpdRecordInput): Promise<void> {
  await page.getByLabel('Title', { exact: true }).fill(values.title);
  if (values.provider) await page.getByLabel(/^Provider/).fill(values.provider);
  await page.getByLabel('Start date', { exact: true }).fill(values.startDate);
  await page.getByLabel('End date', { exact: true }).fill(values.endDate);
  await page.getByLabel('Hours', { exact: true }).fill(values.hours);
  await page.getByLabel('Kind', { exact: true }).selectOption({ label: values.kind });
}

export async function fillContributionForm(page: Page, values: ContributionRecordInput): Promise<void> {
  await page.getByLabel('Kind', { exact: true }).selectOption({ label: values.kind });
  await page.getByLabel('Title', { exact: true }).fill(values.title);
  await page.getByLabel('Date', { exact: true }).fill(values.date);
  if (values.hours) await page.getByLabel(/^Hours/).fill(values.hours);
  if (values.description) await page.getByLabel(/^Description/).fill(values.description);
}

export async function fillFeedbackForm(page: Page, values: FeedbackRecordInput): Promise<void> {
  await page.getByLabel('Date received', { exact: true }).fill(values.date);
  await page.getByLabel('Client code').fill(values.clientCode);
  await choose(page, 'Channel', values.channel);
  await page.getByLabel('Summary or quote', { exact: true }).fill(values.summary);
}

export async function fillReflectionForm(page: Page, values: ReflectionRecordInput): Promise<void> {
  await choose(page, 'Reflection or case study', values.kind);
  await page.getByLabel('Date', { exact: true }).fill(values.date);
  await page.getByLabel('Title', { exact: true }).fill(values.title);
  await page.getByLabel('Text', { exact: true }).fill(values.text);
  const competences = page.getByRole('group', { name: 'Competence categories evidenced' });
  for (const competence of values.competences) await competences.getByLabel(competence, { exact: true }).check();
}

async function fillRecordForm(page: Page, record: RecordInput): Promise<void> {
  switch (record.log) {
    case 'practice':
      return fillPracticeForm(page, record.values);
    case 'supervision':
      return fillSupervisionForm(page, record.values);
    case 'cpd':
      return fillCpdForm(page, record.values);
    case 'contributions':
      return fillContributionForm(page, record.values);
    case 'feedback':
      return fillFeedbackForm(page, record.values);
    case 'reflections':
      return fillReflectionForm(page, record.values);
  }
}

/**
 * Adds one record as a person does: the log from the main navigation, its add button, the
 * form, Save; waits for the saved record's page and its message. `check` runs on the log,
 * the empty form and the saved record (named <log>-list, <log>-form, <log>-record).
 */
export async function addRecordThroughForm(page: Page, record: RecordInput, check: PageCheck = noPageCheck): Promise<void> {
  const names = LOG_PAGES[record.log];
  await openFromNavigation(page, names.nav);
  await waitForHeading(page, names.heading);
  await check(page, `${record.log}-list`);
  // The empty log repeats the add action as a link in its text: either does the same.
  await page.getByRole('link', { name: names.add, exact: true }).first().click();
  await waitForHeading(page, names.add);
  await check(page, `${record.log}-form`);
  await fillRecordForm(page, record);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForVisible(page.getByRole('status').filter({ hasText: `The ${names.one} has been saved.` }), `"The ${names.one} has been saved."`);
  await check(page, `${record.log}-record`);
}

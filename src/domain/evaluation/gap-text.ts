import { formatHours, formatIsoDate } from '../dates';
import type { SupervisionFormat } from '../criteria/criteria-set';
import { CONFIRMATION_STATES, isConfirmedState, type ConfirmationState } from '../vocabulary';
import { round2 } from './numbers';
import type { DateWindow } from './windows';

/**
 * The words of the evaluation: gap texts, exclusion reasons and notes, in one place so the
 * dashboard, the PDF and the API say the same thing (../../../shared/design/PRODUCT.md: dates as
 * "12 March 2026", hours as "1.5 h", "record", "gap", "confirmation").
 */

/** A figure without floating noise or trailing zeros: 42.5, 3, 0.25. */
export const figure = (value: number) => String(round2(value));

const amount = (value: number, one: string, many: string) => `${figure(value)} ${round2(value) === 1 ? one : many}`;

export const longDate = formatIsoDate;

/** "26 May and 25 August 2026"; the first year is written only when the years differ. */
export function betweenDates(from: string, to: string): string {
  const first = from.slice(0, 4) === to.slice(0, 4) ? longDate(from).replace(/ \d+$/, '') : longDate(from);
  return `${first} and ${longDate(to)}`;
}

const windowWords = (window: DateWindow) => `from ${longDate(window.from)} to ${longDate(window.to)}`;
const months = (count: number) => `${figure(count)} ${count === 1 ? 'month' : 'months'}`;

// ---- Why a record did not count -------------------------------------------------------------

export const reasons = {
  afterAsOf: 'dated after the evaluation date',
  outsideWindow: (window: DateWindow) => `outside the window (${windowWords(window)})`,
  proBono: 'pro bono (only paid hours count)',
  formatNotAccepted: (format: SupervisionFormat) => `${format} supervision does not count towards this minimum`,
  /** A supervision record whose confirmation status the criteria set does not count. */
  notCountedStatus: (state: ConfirmationState, on: string | null) => {
    const when = on ? ` on ${longDate(on)}` : '';
    switch (state) {
      case 'declined':
        return `declined by the supervisor${when}`;
      case 'awaiting_answer':
        return `not confirmed yet: asked of the supervisor${when}, awaiting the answer`;
      case 'correction_proposed':
        return `not confirmed: the supervisor proposed a correction${when}`;
      case 'changed_after_answer':
        return `not confirmed: changed after the supervisor’s answer${when}`;
      case 'request_expired':
        return `not confirmed: the request expired${when}`;
      case 'request_revoked':
        return `not confirmed: the request was revoked${when}`;
      case 'never_asked':
        return 'not confirmed: never asked of the supervisor';
      default:
        return `${CONFIRMATION_STATES.labels[state].toLowerCase()}${when}, which this requirement does not count`;
    }
  },
  caseStudyNotReflection: 'a case study (only reflections count here)',
  reflectionNotCaseStudy: 'a reflection (only case studies count here)',
  tooShort: (words: number, needed: number) => `${words.toLocaleString('en-GB')} words (at least ${needed.toLocaleString('en-GB')} needed)`,
  noAskedCompetence: 'not tagged with any of the competence categories asked for',
  noClientCode: 'no client code',
};

/** "individual supervision", "individual or group supervision"; all three formats: "supervision". */
export function supervisionWords(formats: readonly SupervisionFormat[]): string {
  if (formats.length >= 3) return 'supervision';
  return `${formats.join(' or ')} supervision`;
}

// ---- What is missing ------------------------------------------------------------------------

export const gapTexts = {
  years: (years: number, on: string) => `${amount(years, 'year', 'years')} of practice on ${longDate(on)}`,
  noFirstPracticeDate: 'add the date of your first practice in your portfolio settings',
  practiceHours: (gap: number, paidOnly: boolean, window?: DateWindow) =>
    `${amount(gap, `more ${paidOnly ? 'paid ' : ''}client hour`, `more ${paidOnly ? 'paid ' : ''}client hours`)}${window ? ` dated on or after ${longDate(window.from)}` : ''}`,
  clients: (gap: number) => amount(gap, 'more client', 'more clients'),
  items: (gap: number, item: 'feedback' | 'reflection' | 'case_study', window: DateWindow) => {
    const noun = { feedback: ['feedback item', 'feedback items'], reflection: ['reflection', 'reflections'], case_study: ['case study', 'case studies'] }[item];
    return `${amount(gap, `more ${noun[0]}`, `more ${noun[1]}`)} dated on or after ${longDate(window.from)}`;
  },
  cpdHours: (gap: number, window: DateWindow) => `${amount(gap, 'more CPD hour', 'more CPD hours')} ending on or after ${longDate(window.from)}`,
  supervisionHours: (gap: number, formats: readonly SupervisionFormat[], window: DateWindow) => `${amount(gap, 'more hour', 'more hours')} of ${supervisionWords(formats)} dated on or after ${longDate(window.from)}`,
  supervisionRatio: (gap: number, formats: readonly SupervisionFormat[], perHours: number, window: DateWindow) =>
    `${amount(gap, 'more hour', 'more hours')} of ${supervisionWords(formats)} (1 h per ${formatHours(perHours)} of practice, dated on or after ${longDate(window.from)})`,
  period: (hours: number, minHours: number, formats: readonly SupervisionFormat[], period: DateWindow) =>
    hours > 0
      ? `${formatHours(round2(minHours - hours))} more ${supervisionWords(formats)} between ${betweenDates(period.from, period.to)}`
      : `no ${supervisionWords(formats)} between ${betweenDates(period.from, period.to)}`,
  competences: (missingLabels: string[]) => `no reflection or case study yet for: ${missingLabels.join(', ')}`,
  caseStudies: (gap: number) => amount(gap, 'more case study', 'more case studies'),
  field: {
    emccMembershipNumber: 'add your EMCC membership number in your portfolio settings',
    firstPracticeDate: 'add the date of your first practice in your portfolio settings',
    displayName: 'add your name in your portfolio settings',
  },
};

// ---- How the parameters were applied --------------------------------------------------------

export const notes = {
  firstPractice: (first: string) => `Counted from the date of first practice in your portfolio settings, ${longDate(first)}; a year is complete on the same calendar day (29 February on 28 February).`,
  noFirstPractice: 'No date of first practice is set in your portfolio settings.',
  practiceLifetime: (asOf: string) => `Client practice hours dated on or before ${longDate(asOf)} count; a record over a date range counts on its end date.`,
  practiceWindow: (monthsCount: number, window: DateWindow) =>
    `Only client practice hours dated in the ${months(monthsCount)} ${windowWords(window)} (both dates included) count; a record over a date range counts on its end date.`,
  paidOnly: 'Only paid hours count; pro bono hours do not.',
  paidAndProBono: 'Paid and pro bono hours both count.',
  clientsMembers: 'Client codes are compared ignoring case and surrounding spaces; a code seen in group or team work counts as the largest group size recorded for it.',
  clientsOne: 'Client codes are compared ignoring case and surrounding spaces; each code counts once, group and team codes included.',
  clientsDated: (asOf: string) => `Client practice records dated on or before ${longDate(asOf)} count; a record over a date range counts on its end date.`,
  guidance: {
    'not-found': 'No published figure was found: shown as guidance, not checked by the app.',
    'not-checked': 'The awarding body checks this itself: shown as guidance, not checked by the app.',
  },
  minWords: (words: number) => `Only those of at least ${words.toLocaleString('en-GB')} words count.`,
  itemsWindow: (item: 'feedback' | 'reflection' | 'case_study', monthsCount: number, window: DateWindow) =>
    `${{ feedback: 'Feedback items', reflection: 'Reflections', case_study: 'Case studies' }[item]} dated in the ${months(monthsCount)} ${windowWords(window)} (both dates included) count.`,
  cpdWindow: (monthsCount: number, window: DateWindow) => `CPD counts when its end date falls in the ${months(monthsCount)} ${windowWords(window)} (both dates included).`,
  supervisionFormats: (formats: readonly SupervisionFormat[]) => {
    const refused = (['individual', 'group', 'peer'] as const).filter((f) => !formats.includes(f));
    return refused.length === 0 ? 'Individual, group and peer supervision all count.' : `Only ${supervisionWords(formats)} counts; ${refused.join(' and ')} supervision ${refused.length === 1 ? 'does' : 'do'} not.`;
  },
  /** Which confirmation statuses count, in words: "Confirmed supervision counts, and so does …". */
  confirmationStatuses: (counted: readonly ConfirmationState[]) => {
    const confirmedOnly = counted.every(isConfirmedState);
    const unconfirmed = counted.filter((state) => !isConfirmedState(state));
    const left = CONFIRMATION_STATES.ids.filter((state) => !counted.includes(state));
    if (confirmedOnly) return 'Only supervision confirmed by the supervisor counts.';
    if (left.length === 1 && left[0] === 'declined') return 'Supervision not yet confirmed by the supervisor counts, and is shown apart from confirmed supervision; supervision the supervisor declined never counts.';
    const words = (states: readonly ConfirmationState[]) => states.map((state) => CONFIRMATION_STATES.labels[state].toLowerCase()).join(', ');
    return `Supervision counts when it is ${words(counted)}; unconfirmed hours (${words(unconfirmed)}) are shown apart.${left.length ? ` It does not count when ${words(left)}.` : ''}`;
  },
  supervisionWindow: (monthsCount: number, window: DateWindow) => `Supervision dated in the ${months(monthsCount)} ${windowWords(window)} (both dates included) counts.`,
  periods: (count: number, periodMonths: number, minHours: number, formats: readonly SupervisionFormat[], window: DateWindow) =>
    `The ${months(count * periodMonths)} ${windowWords(window)} (both dates included), split into ${figure(count)} periods of ${months(periodMonths)}: each needs at least ${formatHours(minHours)} of ${supervisionWords(formats)}.`,
  ratio: (perHours: number, formats: readonly SupervisionFormat[], monthsCount: number, window: DateWindow) =>
    `At least 1 h of ${supervisionWords(formats)} per ${formatHours(perHours)} of client practice, both dated in the ${months(monthsCount)} ${windowWords(window)} (both dates included); the hours needed are rounded up to 2 decimals.`,
  ratioPractice: (practiceHours: number) => `Client practice in this window: ${formatHours(practiceHours)} (paid and pro bono, a range on its end date).`,
  competences: (asOf: string) => `A category counts when at least one reflection or case study dated on or before ${longDate(asOf)} is tagged with it.`,
  caseStudies: (asOf: string) => `Case studies dated on or before ${longDate(asOf)} count.`,
  field: 'Read from your portfolio settings.',
};

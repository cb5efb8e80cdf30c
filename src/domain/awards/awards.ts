import { addYears, daysBetween } from '../evaluation/windows';

/**
 * Awards and their renewal, as pure rules: which schemes renew and how often, the renewal date,
 * and which reminder is due on a day. The figures are from ../shared/reference/other-schemes.md:
 * EMCC EIA and ESIA renew every 5 years from the award date (high), the Association for
 * Coaching every 3 years (high); ICF renewal is out of this app's scope (not computed).
 */

export const AWARD_SCHEMES = ['emcc_eia', 'emcc_esia', 'icf', 'ac', 'other'] as const;
export type AwardScheme = (typeof AWARD_SCHEMES)[number];

export const SCHEME_LABELS: Record<AwardScheme, string> = {
  emcc_eia: 'EMCC EIA',
  emcc_esia: 'EMCC ESIA',
  icf: 'ICF',
  ac: 'Association for Coaching (AC)',
  other: 'Other',
};

/** Years from the award date to its renewal; a scheme not listed has no renewal date computed. */
export const RENEWAL_YEARS: Partial<Record<AwardScheme, number>> = { emcc_eia: 5, emcc_esia: 5, ac: 3 };

/** The criteria set an award of this scheme is renewed against, where this app has one. */
export const RENEWAL_SET: Partial<Record<AwardScheme, string>> = { emcc_eia: 'emcc-eia-renewal' };

/** Days before the renewal date on which a reminder is sent, farthest first. */
export const REMINDER_DAYS = [180, 90, 30] as const;

/** The renewal date of an award (ISO), or null when this app does not compute one for its scheme. */
export function renewalDate(scheme: AwardScheme, awardedOn: string): string | null {
  const years = RENEWAL_YEARS[scheme];
  return years === undefined ? null : addYears(awardedOn, years);
}

/** Whole days from today to the renewal date (negative once it has passed). */
export const daysUntil = (today: string, renewalOn: string) => daysBetween(today, renewalOn);

/**
 * The reminder due today for a renewal date: the nearest of 180, 90 and 30 days whose day has
 * come (so a reminder missed while the app was down goes when it next runs, but never all three
 * at once); none before the first or after the renewal date.
 */
export function dueReminder(today: string, renewalOn: string): number | undefined {
  const left = daysUntil(today, renewalOn);
  if (left < 0) return undefined;
  return [...REMINDER_DAYS].reverse().find((days) => left <= days);
}

/** "in 64 days", "tomorrow", "today", "64 days ago". */
export function daysText(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

import { formatIsoDate, isoDay } from '../../../src/domain/dates';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The ISO date `days` before `today` (UTC): records must not be dated in the future. */
export const isoDaysBefore = (today: Date, days: number): string => isoDay(new Date(today.getTime() - days * DAY_MS));

/** "12 March 2026", as the pages write a date. */
export const pageDate = formatIsoDate;

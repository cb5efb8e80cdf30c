import ICAL from 'ical.js';
import { ImportFileError } from '../import-file-error';
import { limitMessages } from '../../../validation/parse-limits';
import { checkCalendarShape } from './calendar-shape';

/** Someone invited to (or organising) an event: the address as written, lower-cased, and the name shown. */
export interface CalendarParty {
  address: string;
  name: string;
}

/** One session read from a calendar: a single event, or one occurrence of a repeating one. */
export interface CalendarEvent {
  /** The date in the event's own time zone (its TZID, UTC, or floating as written). */
  date: string;
  /** Start to end, rounded to the minute, in hours with two decimals at most. */
  hours: number;
  title: string;
  organizer: CalendarParty | null;
  attendees: CalendarParty[];
}

/** Why events were left out, and how many (occurrences for repeating events). */
export interface LeftOut {
  cancelled: number;
  allDay: number;
  noDuration: number;
}

/** An event left out because it has no end (or ends when it starts), shown in the preview by its date and title. */
export interface UntimedEvent {
  date: string;
  title: string;
}

export interface CalendarReading {
  events: CalendarEvent[];
  leftOut: LeftOut;
  /** The events counted in leftOut.noDuration, the first MAX_LISTED of them in date order. */
  noEnd: UntimedEvent[];
}

export interface CalendarRange {
  /** ISO dates, both included. */
  from: string;
  to: string;
}

/**
 * Steps a repeating event may take to reach the end of the chosen dates, all events added up:
 * a rule repeating every second from years back would otherwise keep the server busy for hours
 * before reaching the first date of the range.
 */
const MAX_RECURRENCE_STEPS = 50_000;
const MAX_TITLE = 200;
/** Events without an end listed by name in the preview (all are counted). */
const MAX_LISTED = 100;

const messages = {
  unreadable: (detail: string) => `The file could not be read as a calendar (${detail}). Export the calendar again as an .ics file and upload that.`,
  notCalendar: 'The file is not a calendar: an .ics file starts with BEGIN:VCALENDAR. Export the calendar as .ics (iCalendar) and upload that file.',
  impossibleRule: (title: string) => `The repeating event “${title}” repeats on a day no month has (such as 30 February). Correct the event in your calendar, export it again and upload the new file.`,
  tooRepetitive: (title: string) =>
    `The repeating event “${title}” repeats too often to read (more than ${MAX_RECURRENCE_STEPS.toLocaleString('en-GB')} times up to the dates you chose). Export only the calendar that holds your sessions, or choose a shorter period.`,
};

/**
 * Reads the sessions of an iCalendar file between two dates, with a maintained parser
 * (ical.js): repeating events are expanded (RRULE, RDATE, EXDATE, moved instances by
 * RECURRENCE-ID), cancelled and all-day events are counted and left out. A file that is not a
 * calendar, or that would make the server read without end, is refused with ImportFileError.
 */
export function readCalendar(text: string, range: CalendarRange, limits: { calendarEvents: number }): CalendarReading {
  checkCalendarShape(text);
  let root: ICAL.Component;
  try {
    const parsed = ICAL.parse(text);
    // Several calendars in one file are possible; every one is read.
    const roots = (Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
    root = new ICAL.Component(roots[0] as never);
    if (roots.length > 1) for (const other of roots.slice(1)) for (const child of new ICAL.Component(other as never).getAllSubcomponents()) root.addSubcomponent(child);
  } catch (error) {
    throw new ImportFileError(messages.unreadable(error instanceof Error ? error.message.slice(0, 120) : 'invalid content'));
  }
  if (root.name !== 'vcalendar') throw new ImportFileError(messages.notCalendar);

  const reading: CalendarReading = { events: [], leftOut: { cancelled: 0, allDay: 0, noDuration: 0 }, noEnd: [] };
  const budget = { steps: MAX_RECURRENCE_STEPS };
  const add = (event: CalendarEvent) => {
    if (reading.events.length >= limits.calendarEvents) throw new ImportFileError(limitMessages.calendarEvents(limits.calendarEvents));
    reading.events.push(event);
  };

  try {
    const { masters, exceptionsOf } = seriesOf(root.getAllSubcomponents('vevent'));
    for (const master of masters) {
      const event = new ICAL.Event(master, { exceptions: exceptionsOf.get(uidOf(master)) ?? [], strictExceptions: true });
      if (!event.startDate) continue;
      if (event.isRecurring()) expandSeries(event, range, budget, reading, add);
      else readOccurrence(event.component, event.startDate, event.endDate, range, reading, add);
    }
  } catch (error) {
    // ical.js reads values when first asked for them: a bad date surfaces here, not in parse().
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(messages.unreadable(error instanceof Error ? error.message.slice(0, 120) : 'invalid content'));
  }
  const byDate = (a: UntimedEvent, b: UntimedEvent) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title);
  reading.events.sort(byDate);
  reading.noEnd.sort(byDate).splice(MAX_LISTED);
  return reading;
}

/** Events by series: a moved or changed instance (RECURRENCE-ID) belongs to its series' master. */
function seriesOf(vevents: ICAL.Component[]): { masters: ICAL.Component[]; exceptionsOf: Map<string, ICAL.Component[]> } {
  const masters: ICAL.Component[] = [];
  const exceptions: ICAL.Component[] = [];
  for (const vevent of vevents) (vevent.hasProperty('recurrence-id') ? exceptions : masters).push(vevent);
  const masterUids = new Set(masters.map(uidOf));
  const exceptionsOf = new Map<string, ICAL.Component[]>();
  for (const exception of exceptions) {
    const uid = uidOf(exception);
    // An instance exported without its series (a calendar shared in part) is a session of its own.
    if (!masterUids.has(uid)) masters.push(exception);
    else exceptionsOf.set(uid, [...(exceptionsOf.get(uid) ?? []), exception]);
  }
  return { masters, exceptionsOf };
}

const uidOf = (vevent: ICAL.Component) => String(vevent.getFirstPropertyValue('uid') ?? '');

function expandSeries(event: ICAL.Event, range: CalendarRange, budget: { steps: number }, reading: CalendarReading, add: (event: CalendarEvent) => void): void {
  for (const property of event.component.getAllProperties('rrule')) {
    if (!canOccur(property.getFirstValue() as ICAL.Recur)) throw new ImportFileError(messages.impossibleRule(titleOf(event.component)));
  }
  const iterator = event.iterator();
  // Moved instances may land before their original date: look a little past the range end.
  const stopAfter = shiftDays(range.to, 31);
  const lookFrom = shiftDays(range.from, -31);
  for (let occurrence = iterator.next(); occurrence; occurrence = iterator.next()) {
    if (--budget.steps < 0) throw new ImportFileError(messages.tooRepetitive(titleOf(event.component)));
    const date = isoDateOf(occurrence);
    if (date > stopAfter) break;
    if (date < lookFrom) continue;
    const details = event.getOccurrenceDetails(occurrence);
    readOccurrence(details.item.component, details.startDate, details.endDate, range, reading, add);
  }
}

function readOccurrence(component: ICAL.Component, start: ICAL.Time, end: ICAL.Time, range: CalendarRange, reading: CalendarReading, add: (event: CalendarEvent) => void): void {
  const { leftOut } = reading;
  const date = isoDateOf(start);
  if (date < range.from || date > range.to) return;
  if (String(component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') {
    leftOut.cancelled++;
    return;
  }
  if (start.isDate) {
    leftOut.allDay++;
    return;
  }
  const minutes = Math.round((end.toUnixTime() - start.toUnixTime()) / 60);
  if (!(minutes > 0)) {
    // No DTEND or DURATION (it then ends when it starts), or an end before the start.
    leftOut.noDuration++;
    // Kept short: a long list is cut once sorted; the count stays whole.
    if (reading.noEnd.length < MAX_LISTED * 20) reading.noEnd.push({ date, title: titleOf(component) });
    return;
  }
  add({
    date,
    hours: Math.round((minutes / 60) * 100) / 100,
    title: titleOf(component),
    organizer: partyOf(component.getFirstProperty('organizer')),
    attendees: component.getAllProperties('attendee').flatMap((property) => partyOf(property) ?? []),
  });
}

const shiftDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const LONGEST_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether some date can meet the rule's month days in its months. ical.js searches day after day
 * without end for a daily or hourly rule such as "the 30th of February", inside one call that no
 * step count can stop, so such a rule is refused before it is expanded.
 */
function canOccur(rule: ICAL.Recur): boolean {
  const parts = (rule.parts ?? {}) as { BYMONTHDAY?: number[]; BYMONTH?: number[] };
  if (!parts.BYMONTHDAY?.length) return true;
  const months = parts.BYMONTH?.length ? parts.BYMONTH : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  return parts.BYMONTHDAY.some((day) => months.some((month) => Math.abs(day) <= (LONGEST_MONTH[month - 1] ?? 0)));
}

/** The calendar date as written in the event's zone: no conversion to the server's zone. */
const isoDateOf = (time: ICAL.Time) => `${String(time.year).padStart(4, '0')}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}`;

const titleOf = (component: ICAL.Component) =>
  String(component.getFirstPropertyValue('summary') ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TITLE);

function partyOf(property: ICAL.Property | null): CalendarParty | null {
  if (!property) return null;
  const address = String(property.getFirstValue() ?? '')
    .replace(/^mailto:/i, '')
    .trim()
    .toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(address)) return null;
  const cn = property.getParameter('cn');
  const name = (Array.isArray(cn) ? cn[0] : cn) ?? '';
  return { address, name: String(name).replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE) };
}

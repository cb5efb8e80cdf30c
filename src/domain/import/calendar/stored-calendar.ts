import type { LeftOut, UntimedEvent } from './read-calendar';

/** One session as kept with the batch: an attendee only by the salted hash of the address. */
export interface StoredEvent {
  date: string;
  hours: number;
  title: string;
  /** The other people invited (the applicant's own address left out), as salted hashes. */
  attendeeHashes: string[];
  /** For supervision: the organizer or first other attendee, who becomes the supervisor. */
  supervisor: { name: string; email: string } | null;
}

/** An attendee listed in the preview so the applicant can give them a client code. */
export interface AttendeeChoice {
  hash: string;
  /** "an…@example.com": enough for the applicant to recognise, not the address. */
  hint: string;
  events: number;
}

/** The rules set in the preview that turn events into records. */
export interface CalendarRules {
  /** e.g. "Coaching – {client}": what stands for {client} gives the client code. */
  titlePattern: string;
  /** "Title contains X → client code Y". */
  titleContains: { text: string; clientCode: string }[];
  /** Client code by attendee hash; pre-filled from earlier imports. */
  attendeeCodes: Record<string, string>;
  /** The choices a practice record needs, the same for the whole import. */
  format: string;
  practiceKind: string;
  payment: string;
  /** For supervision. */
  supervisionFormat: string;
}

export interface StoredCalendar {
  from: string;
  to: string;
  leftOut: LeftOut;
  /** The events left out for having no end, by date and title (absent from batches made before). */
  noEnd?: UntimedEvent[];
  events: StoredEvent[];
  attendees: AttendeeChoice[];
  rules: CalendarRules;
}

/** The attendee codes set for a calendar, to remember when it is committed (in the commit's transaction). */
export function attendeeCodesOf(calendar: StoredCalendar | null): Map<string, string> {
  const listed = new Set(calendar?.attendees.map((item) => item.hash) ?? []);
  return new Map(Object.entries(calendar?.rules.attendeeCodes ?? {}).filter(([hash, code]) => listed.has(hash) && code));
}

import { createHash, createHmac } from 'node:crypto';
import type { ImportBatch, ImportDeps } from '../import-batch-service';
import { existingDuplicateKeys, duplicateKey } from '../import-batch-service';
import { ImportFileError } from '../import-file-error';
import { conflict, validationError } from '../../../errors';
import { isoDay } from '../../dates';
import { windowEndingOn } from '../../evaluation/windows';
import { PAYMENTS, PRACTICE_FORMATS, PRACTICE_KINDS, SUPERVISION_FORMATS } from '../../vocabulary';
import type { CalendarEvent, CalendarParty } from './read-calendar';
import { readCalendarInWorker } from './read-calendar-in-worker';
import { calendarRows } from './calendar-rows';
import type { AttendeeChoice, CalendarRules, StoredCalendar, StoredEvent } from './stored-calendar';
import type { ServiceDeps } from '../../deps';
import type { Portfolio } from '../../../db/repositories/portfolio-repository';
import { getImportBatch } from '../import-batch-service';

export type CalendarKind = 'practice' | 'supervision';

export interface CalendarUpload {
  kind: CalendarKind;
  /** ISO dates, both included. */
  from: string;
  to: string;
  fileName: string;
  bytes: Buffer;
  /** The applicant's own address: never taken for a client or supervisor. */
  ownAddress: string;
}

/** What the preview's rules form sends. */
export interface CalendarRulesInput {
  titlePattern?: string;
  titleContains?: { text?: string; clientCode?: string }[];
  /** Client code by attendee hash, as the preview's form sends it; an empty code forgets the attendee. */
  attendeeCodes?: Record<string, string>;
  /** Client code by attendee address, as the API takes it: hashed at once, the address not kept. */
  attendeeAddressCodes?: Record<string, string>;
  format?: string;
  practiceKind?: string;
  payment?: string;
  supervisionFormat?: string;
}

const messages = {
  range: 'Enter the first and last dates of the sessions to import, the first before the last.',
  notCalendar: 'This import was not made from a calendar.',
  committed: 'This import is already done: its rules cannot change any more.',
};

/** A salted hash of an address: recognises the same attendee again without keeping who it is. */
export const attendeeHash = (address: string, salt: string) => createHmac('sha256', salt).update(`attendee\u0000${address.trim().toLowerCase()}`).digest('hex');

/** The months a calendar import reads when no dates are chosen. */
export const DEFAULT_CALENDAR_MONTHS = 12;

/**
 * The default dates of a calendar import: the last twelve months up to today, both included,
 * counted as people count months (clamped to the month's length): on 29 February 2028 it starts
 * on 28 February 2027, on 31 August 2027 six months back is 28 February 2027, never 1 or 3 March.
 */
export function defaultCalendarRange(now: Date, months = DEFAULT_CALENDAR_MONTHS): { from: string; to: string } {
  return windowEndingOn(isoDay(now), months);
}

/** A real calendar date written YYYY-MM-DD (not 2026-02-30), as a date field sends it. */
const isIsoDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

const hintOf = (address: string) => {
  const [local = '', domain = ''] = address.split('@');
  return `${local.slice(0, 2)}…@${domain}`;
};

/** Reads a calendar export into a batch of the chosen log, ready for the same preview and commit as a spreadsheet. */
export async function previewCalendarImport(deps: ImportDeps, ownerId: number, upload: CalendarUpload): Promise<ImportBatch> {
  const now = deps.clock.now();
  const today = isoDay(now);
  if (!isIsoDate(upload.from) || !isIsoDate(upload.to) || upload.from > upload.to) throw validationError({ from: messages.range });
  // Sessions cannot be logged ahead of time: the range ends today at the latest.
  const range = { from: upload.from, to: [upload.to, today].sort()[0]! };
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, now);
  let reading;
  try {
    // In a worker with a time and memory limit: a hostile file cannot hold up the server.
    reading = await readCalendarInWorker(upload.bytes.toString('utf8'), range, deps.parseLimits);
  } catch (error) {
    if (error instanceof ImportFileError) throw validationError({ file: error.message });
    throw error;
  }
  const own = upload.ownAddress.trim().toLowerCase();
  const salt = portfolio.clientCodeSalt;
  const events = reading.events.map((event) => storedEvent(event, upload.kind, own, salt));
  const attendees = attendeeChoices(reading.events, own, salt);
  const known = await deps.repos.calendarAttendee.codesFor(
    deps.db,
    portfolio.id,
    attendees.map((item) => item.hash),
  );
  const rules: CalendarRules = { titlePattern: '', titleContains: [], attendeeCodes: Object.fromEntries(known), format: 'one_to_one', practiceKind: '', payment: '', supervisionFormat: 'individual' };
  const calendar: StoredCalendar = { ...range, leftOut: reading.leftOut, noEnd: reading.noEnd, events, attendees, rules };
  const { rows, errors } = await rowsOf(deps, portfolio, upload.kind, calendar, today);
  const contentSha256 = createHash('sha256').update(upload.bytes).digest('hex');
  const batch = { portfolioId: portfolio.id, kind: upload.kind, layout: 'calendar' as const, fileName: upload.fileName.slice(0, 200), contentSha256, rows, errors, ignoredColumns: [], calendar };
  const id = await deps.repos.importBatch.insert(deps.db, batch, now);
  return { ...batch, id, createdAt: now, committedAt: null, committedCount: null };
}

/** Applies the rules set in the preview: the rows, their problems and duplicates are worked out again. */
export async function setCalendarRules(deps: ServiceDeps, ownerId: number, batchId: number, input: CalendarRulesInput): Promise<ImportBatch> {
  const batch = await getImportBatch(deps, ownerId, batchId);
  if (!batch.calendar || batch.kind === 'cpd') throw validationError({ _form: messages.notCalendar });
  if (batch.committedAt) throw conflict(messages.committed);
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());
  const calendar: StoredCalendar = { ...batch.calendar, rules: rulesFrom(input, batch.calendar, portfolio.clientCodeSalt) };
  const { rows, errors } = await rowsOf(deps, portfolio, batch.kind, calendar, isoDay(deps.clock.now()));
  await deps.repos.importBatch.updateCalendarRows(deps.db, batch.id, { rows, errors, calendar });
  return { ...batch, rows, errors, calendar };
}

async function rowsOf(deps: Pick<ServiceDeps, 'db' | 'repos'>, portfolio: Pick<Portfolio, 'id' | 'clientCodeSalt' | 'firstPracticeDate'>, kind: CalendarKind, calendar: StoredCalendar, today: string) {
  const { rows, errors } = calendarRows(kind, calendar, portfolio.clientCodeSalt, today, portfolio.firstPracticeDate);
  const existing = await existingDuplicateKeys(deps, kind, portfolio.id);
  return { rows: rows.map((row) => ({ ...row, duplicate: existing.has(duplicateKey[kind](row.values)) })), errors };
}

function storedEvent(event: CalendarEvent, kind: CalendarKind, own: string, salt: string): StoredEvent {
  const others = [event.organizer, ...event.attendees].filter((party): party is CalendarParty => party !== null && party.address !== own);
  const attendees = [...new Set(event.attendees.filter((party) => party.address !== own).map((party) => attendeeHash(party.address, salt)))];
  // A supervisor's address becomes part of the record (to ask them to confirm it); a client's never does.
  const supervisor = kind === 'supervision' && others[0] ? { name: others[0].name || others[0].address, email: others[0].address } : null;
  return { date: event.date, hours: event.hours, title: event.title, attendeeHashes: attendees, supervisor };
}

/** The other attendees, most frequent first, so the applicant maps each person once. */
function attendeeChoices(events: CalendarEvent[], own: string, salt: string): AttendeeChoice[] {
  const byHash = new Map<string, AttendeeChoice>();
  for (const event of events) {
    for (const party of new Map(event.attendees.map((item) => [item.address, item])).values()) {
      if (party.address === own) continue;
      const hash = attendeeHash(party.address, salt);
      const choice = byHash.get(hash) ?? { hash, hint: hintOf(party.address), events: 0 };
      choice.events++;
      byHash.set(hash, choice);
    }
  }
  return [...byHash.values()].sort((a, b) => b.events - a.events || a.hint.localeCompare(b.hint)).slice(0, 200);
}

const oneOf = (ids: readonly string[], value: unknown) => (ids.includes(String(value)) ? String(value) : '');
const clean = (value: unknown, max: number) => (typeof value === 'string' ? value.replace(/\s+/g, ' ').trim().slice(0, max) : '');

function rulesFrom(input: CalendarRulesInput, calendar: StoredCalendar, salt: string): CalendarRules {
  const listed = new Set(calendar.attendees.map((item) => item.hash));
  // Attendees not named in this request keep their code (the API may send only new ones).
  const attendeeCodes: Record<string, string> = { ...calendar.rules.attendeeCodes };
  const given = [...Object.entries(input.attendeeCodes ?? {}), ...Object.entries(input.attendeeAddressCodes ?? {}).map(([address, code]) => [attendeeHash(address, salt), code] as const)];
  for (const [hash, code] of given) {
    if (!listed.has(hash)) continue;
    if (clean(code, 40)) attendeeCodes[hash] = clean(code, 40);
    else delete attendeeCodes[hash];
  }
  return {
    titlePattern: clean(input.titlePattern, 200),
    titleContains: (input.titleContains ?? [])
      .map((rule) => ({ text: clean(rule?.text, 200), clientCode: clean(rule?.clientCode, 40) }))
      .filter((rule) => rule.text || rule.clientCode)
      .slice(0, 20),
    attendeeCodes,
    // A choice not sent keeps the one set before.
    format: oneOf(PRACTICE_FORMATS.ids, input.format) || calendar.rules.format,
    practiceKind: oneOf(PRACTICE_KINDS.ids, input.practiceKind) || calendar.rules.practiceKind,
    payment: oneOf(PAYMENTS.ids, input.payment) || calendar.rules.payment,
    supervisionFormat: oneOf(SUPERVISION_FORMATS.ids, input.supervisionFormat) || calendar.rules.supervisionFormat,
  };
}

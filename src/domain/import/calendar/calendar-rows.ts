import { clientCode } from '../client-codes';
import { recordProblems } from '../record-problems';
import type { PreparedRow, RowError } from '../prepared-import';
import type { CalendarRules, StoredCalendar, StoredEvent } from './stored-calendar';
import { definitionOf } from '../../records';
import { formatIsoDate } from '../../dates';
import type { RecordValues } from '../../records/record-definition';

/** A title part that already looks like a client code ("C-017", "CK12") is kept as written. */
const CODE_LIKE = /^[\p{L}]{0,4}-?\d{1,6}$/u;

/** A longer calendar event is not one session (a retreat, a training day, an event left open by mistake). */
export const MAX_SESSION_HOURS = 12;

const messages = {
  noClientCode: 'No rule gives this session a client code: give the attendee a client code, or add a title rule, below.',
  tooLong: (hours: number) =>
    `This event lasts ${hours} h, more than the ${MAX_SESSION_HOURS} h a session can last. Correct its end in your calendar (or split a longer engagement into its sessions), export the calendar again and upload the new file, or choose dates that leave it out.`,
  beforeFirstPractice: (first: string) =>
    `This session is before your first practice date (${formatIsoDate(first)}, in Settings). Correct the date in your calendar, or your first practice date in Settings, or choose dates from ${formatIsoDate(first)}, and upload the calendar again.`,
};

/**
 * Turns the events of a calendar into records by the rules set in the preview, checked by the
 * same rules as the forms. Row numbers count the sessions in date order; a session with a problem
 * is reported with its date and title, the way a spreadsheet row is reported with its number.
 */
export function calendarRows(kind: 'practice' | 'supervision', calendar: StoredCalendar, salt: string, today: string, firstPracticeDate: string | null = null): { rows: PreparedRow[]; errors: RowError[] } {
  const definition = definitionOf(kind);
  const rows: PreparedRow[] = [];
  const errors: RowError[] = [];
  calendar.events.forEach((event, index) => {
    const rowNumber = index + 1;
    const values = kind === 'practice' ? practiceValues(event, calendar.rules, salt) : supervisionValues(event, calendar.rules);
    const where = `${formatIsoDate(event.date)} “${event.title || '(no title)'}”`;
    const problems = recordProblems(definition, values, today);
    if (kind === 'practice' && values.clientCode === undefined) problems.clientCode = messages.noClientCode;
    if (event.hours > MAX_SESSION_HOURS) problems.hours ??= messages.tooLong(event.hours);
    if (firstPracticeDate && event.date < firstPracticeDate) problems.date ??= messages.beforeFirstPractice(firstPracticeDate);
    if (Object.keys(problems).length === 0) {
      rows.push({ rowNumber, values, interpretations: [`${where}: ${event.hours} h`] });
      return;
    }
    for (const [field, message] of Object.entries(problems)) {
      errors.push({ rowNumber, column: `${where} · ${definition.fields.find((item) => item.name === field)?.label ?? field}`, message });
    }
  });
  return { rows, errors };
}

function practiceValues(event: StoredEvent, rules: CalendarRules, salt: string): RecordValues {
  const code = clientCodeOf(event, rules, salt);
  return {
    date: event.date,
    hours: event.hours,
    ...(code ? { clientCode: code } : {}),
    ...(rules.format ? { format: rules.format } : {}),
    ...(rules.practiceKind ? { practiceKind: rules.practiceKind } : {}),
    ...(rules.payment ? { payment: rules.payment } : {}),
  };
}

function supervisionValues(event: StoredEvent, rules: CalendarRules): RecordValues {
  return {
    date: event.date,
    hours: event.hours,
    format: rules.supervisionFormat || 'individual',
    ...(event.supervisor ? { supervisorName: event.supervisor.name, supervisorEmail: event.supervisor.email } : {}),
  };
}

/** The attendee's code first (the most specific), then "title contains", then the title pattern. */
export function clientCodeOf(event: StoredEvent, rules: CalendarRules, salt: string): string | undefined {
  for (const hash of event.attendeeHashes) if (rules.attendeeCodes[hash]) return rules.attendeeCodes[hash];
  const title = event.title.toLowerCase();
  for (const rule of rules.titleContains) if (rule.text && rule.clientCode && title.includes(rule.text.toLowerCase())) return rule.clientCode;
  const part = patternPart(rules.titlePattern, event.title);
  if (!part) return undefined;
  // A name in the title becomes a pseudonymous code, as for an ICF log: the name is not kept.
  return CODE_LIKE.test(part) ? part.toUpperCase() : clientCode(part, 'initials', salt);
}

/** What stands for {client} in a title written as the pattern says (spaces and case aside). */
function patternPart(pattern: string, title: string): string | undefined {
  if (!pattern.includes('{client}')) return undefined;
  const [before, after] = pattern.split('{client}', 2).map((text) =>
    text!
      .trim()
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      // Dashes are written loosely ("-" for "–"): any dash matches any other.
      .replace(/[-‐–—]/g, '[-‐–—]')
      .replace(/\s+/g, '\\s*'),
  );
  const match = new RegExp(`^\\s*${before}\\s*(.+?)\\s*${after}\\s*$`, 'iu').exec(title);
  return match?.[1]?.trim() || undefined;
}

import { ImportFileError } from '../import-file-error';

/** A calendar nests a few levels at most (VCALENDAR › VEVENT › VALARM; VTIMEZONE › STANDARD). */
const MAX_DEPTH = 6;
/** Components in one file: a decade of a busy calendar, with room to spare. */
const MAX_COMPONENTS = 200_000;

const messages = {
  notCalendar: 'The file is not a calendar: an .ics file starts with BEGIN:VCALENDAR. Export the calendar as .ics (iCalendar) and upload that file.',
  tooDeep: `The calendar nests its parts more than ${MAX_DEPTH} levels deep, which no calendar program writes. Export the calendar again and upload the new file.`,
  tooMany: `The calendar holds more than ${MAX_COMPONENTS.toLocaleString('en-GB')} parts. Export only the calendar that holds your sessions, or a shorter period, and upload it again.`,
  unbalanced: (name: string) => `The calendar is incomplete or damaged (${name.slice(0, 40)} is not closed properly). Export the calendar again and upload the new file.`,
};

/**
 * Checks, line by line and before the parser sees it, that the text is shaped like a
 * calendar: it starts with BEGIN:VCALENDAR, its parts are closed in order, nested no deeper
 * than calendars are and not too many. The parser builds nested structures as deep as the file
 * asks, so a hostile file of thousands of nested parts is refused here instead.
 */
export function checkCalendarShape(text: string): void {
  if (
    text.includes('\u0000') ||
    !/^\s*BEGIN:VCALENDAR\s*$/im.test(
      text
        .slice(0, 2000)
        .split(/\r?\n/)
        .find((line) => line.trim() !== '') ?? '',
    )
  ) {
    throw new ImportFileError(messages.notCalendar);
  }
  const open: string[] = [];
  let components = 0;
  for (const match of text.matchAll(/^(BEGIN|END):([^\r\n]*)$/gim)) {
    const name = match[2]!.trim().toUpperCase();
    if (match[1]!.toUpperCase() === 'BEGIN') {
      open.push(name);
      if (open.length > MAX_DEPTH) throw new ImportFileError(messages.tooDeep);
      if (++components > MAX_COMPONENTS) throw new ImportFileError(messages.tooMany);
    } else if (open.pop() !== name) throw new ImportFileError(messages.unbalanced(name));
  }
  if (open.length) throw new ImportFileError(messages.unbalanced(open.at(-1)!));
}

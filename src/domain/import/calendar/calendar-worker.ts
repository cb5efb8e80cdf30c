import { parentPort } from 'node:worker_threads';
import { ImportFileError } from '../import-file-error';
import { readCalendar, type CalendarRange } from './read-calendar';

/** What the request thread sends: the file's text, the chosen dates, the event limit. */
export interface CalendarWorkerInput {
  text: string;
  range: CalendarRange;
  limits: { calendarEvents: number };
}

/**
 * The calendar reader's worker (started by read-calendar-in-worker.ts): says it is ready once
 * the parser is loaded, reads the one calendar it is then sent, answers and ends. A refusal
 * (ImportFileError) travels as its message; anything else as a failure.
 */
if (parentPort) {
  const port = parentPort;
  port.once('message', ({ text, range, limits }: CalendarWorkerInput) => {
    try {
      port.postMessage({ reading: readCalendar(text, range, limits) });
    } catch (error) {
      port.postMessage(error instanceof ImportFileError ? { refused: error.message } : { failed: error instanceof Error ? error.message : String(error) });
    }
  });
  port.postMessage({ ready: true });
}

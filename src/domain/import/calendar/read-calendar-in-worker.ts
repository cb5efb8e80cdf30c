import type { Worker } from 'node:worker_threads';
import { startWorkerFile } from '../../../worker-file';
import { ImportFileError } from '../import-file-error';
import type { CalendarRange, CalendarReading } from './read-calendar';
import type { CalendarWorkerInput } from './calendar-worker';

/** How long and how much memory reading one calendar may take (IMPORT_CALENDAR_SECONDS, IMPORT_CALENDAR_MEMORY_MB). */
export interface CalendarReadLimits {
  calendarEvents: number;
  calendarReadSeconds: number;
  calendarReadMemoryMb: number;
}

/** Starting the worker (loading the parser) is not counted in the reading time, but may not hang either. */
const START_MS = 20_000;

const messages = {
  tooSlow: (seconds: number) =>
    `This calendar took too long to read: more than ${seconds} ${seconds === 1 ? 'second' : 'seconds'} (the limit is set by IMPORT_CALENDAR_SECONDS), usually because a repeating event has an unusual rule. ` +
    'Export only the calendar that holds your sessions, or choose a shorter period, and upload it again.',
  tooBig: (megabytes: number) =>
    `This calendar needs too much memory to read: more than ${megabytes} MB (the limit is set by IMPORT_CALENDAR_MEMORY_MB). ` +
    'Export only the calendar that holds your sessions, or a shorter period, and upload it again.',
  stopped: (detail: string) => `The calendar reader stopped unexpectedly (${detail}). Try again; if it happens again, export the calendar again and upload the new file.`,
};

function startWorker(memoryMb: number): Worker {
  // The heap limit is the file's: the young generation and the stack keep V8's defaults.
  return startWorkerFile(__dirname, 'calendar-worker', { resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
}

/**
 * Reads a calendar (readCalendar) in a worker thread, so that a hostile file cannot hold up
 * the server: the request thread keeps answering while it is read, and the worker is ended
 * when it takes longer than the time limit (counted from when the parser is loaded) or needs
 * more memory than its limit, with a message that says so. A refusal of the reader (not a
 * calendar, too many sessions …) comes back as the same ImportFileError.
 */
export function readCalendarInWorker(text: string, range: CalendarRange, limits: CalendarReadLimits): Promise<CalendarReading> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(limits.calendarReadMemoryMb);
    let settled = false;
    let timer = setTimeout(() => settle(() => reject(new Error(messages.stopped('it did not start')))), START_MS);
    const settle = (answer: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      answer();
    };
    worker.on('message', (message: { ready?: true; reading?: CalendarReading; refused?: string; failed?: string }) => {
      if (message.ready) {
        clearTimeout(timer);
        timer = setTimeout(() => settle(() => reject(new ImportFileError(messages.tooSlow(limits.calendarReadSeconds)))), limits.calendarReadSeconds * 1000);
        const input: CalendarWorkerInput = { text, range, limits: { calendarEvents: limits.calendarEvents } };
        worker.postMessage(input);
      } else if (message.reading) settle(() => resolve(message.reading!));
      else if (message.refused !== undefined) settle(() => reject(new ImportFileError(message.refused!)));
      else settle(() => reject(new Error(messages.stopped(message.failed ?? 'no answer'))));
    });
    worker.on('error', (error: Error & { code?: string }) => settle(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ImportFileError(messages.tooBig(limits.calendarReadMemoryMb)) : error)));
    worker.on('exit', (code) => settle(() => reject(new Error(messages.stopped(`exit code ${code}`)))));
  });
}

/**
 * JSON Schema fragments shared by the record types, each with the message a person reads. They
 * say exactly what is stored: a date from 1900, hours to the hundredth, text without the NUL
 * character (which PostgreSQL cannot store), so a value that passes is stored as sent.
 */

import { NO_NUL, NUL_MESSAGE } from '../../validation/json-checks';

/** ISO dates from 1 January 1900: the first two digits of the year are 19 or more. */
const FROM_1900 = '^(?:19|[2-9][0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$';

export const isoDate = (label: string) => ({ type: 'string', format: 'date', pattern: FROM_1900, errorMessage: `Enter ${label} as a date from 1900 on, e.g. 2026-03-12.` }) as const;

export const hours = (label = 'the hours') =>
  ({ type: 'number', exclusiveMinimum: 0, maximum: 1000, multipleOf: 0.01, errorMessage: `Enter ${label} as a number greater than 0 and at most 1000, with at most two decimals, e.g. 1.5.` }) as const;

export const optionalHours = (label = 'the hours') =>
  ({ type: 'number', minimum: 0, maximum: 1000, multipleOf: 0.01, errorMessage: `Enter ${label} as a number from 0 to 1000, with at most two decimals, e.g. 1.5.` }) as const;

/** Optional free text of at most `max` characters. */
export const freeText = (max: number, message: string) => ({ type: 'string', maxLength: max, pattern: NO_NUL, errorMessage: { type: message, maxLength: message, pattern: NUL_MESSAGE } }) as const;

/** Required text of at most `max` characters. */
export const text = (max: number, label: string) =>
  ({
    type: 'string',
    minLength: 1,
    maxLength: max,
    pattern: NO_NUL,
    errorMessage: { type: `Enter ${label} (at most ${max} characters).`, minLength: `Enter ${label} (at most ${max} characters).`, maxLength: `Enter ${label} (at most ${max} characters).`, pattern: NUL_MESSAGE },
  }) as const;

export const choice = <T extends readonly string[]>(ids: T, label: string) => ({ enum: ids, errorMessage: `Choose ${label} from the list.` }) as const;

export const email = (label: string) => ({ type: 'string', format: 'email', maxLength: 254, errorMessage: `Enter ${label} in the form name@example.org.` }) as const;

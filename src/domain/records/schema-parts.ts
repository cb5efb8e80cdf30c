/** JSON Schema fragments shared by the record types, each with the message a person reads. */

export const isoDate = (label: string) =>
  ({ type: 'string', format: 'date', errorMessage: `Enter ${label} as a date, e.g. 2026-03-12.` }) as const;

export const hours = (label = 'the hours') =>
  ({ type: 'number', exclusiveMinimum: 0, maximum: 1000, errorMessage: `Enter ${label} as a number greater than 0 and at most 1000, e.g. 1.5.` }) as const;

export const optionalHours = (label = 'the hours') =>
  ({ type: 'number', minimum: 0, maximum: 1000, errorMessage: `Enter ${label} as a number from 0 to 1000, e.g. 1.5.` }) as const;

export const text = (max: number, label: string) =>
  ({ type: 'string', minLength: 1, maxLength: max, errorMessage: `Enter ${label} (at most ${max} characters).` }) as const;

export const choice = <T extends readonly string[]>(ids: T, label: string) =>
  ({ enum: ids, errorMessage: `Choose ${label} from the list.` }) as const;

export const email = (label: string) =>
  ({ type: 'string', format: 'email', maxLength: 254, errorMessage: `Enter ${label} in the form name@example.org.` }) as const;

import type { Choices } from '../records/record-definition';

export { parseDate, inferDateConvention, type DateConvention, type ParsedDate } from './parse-date';

const NUMBER = String.raw`(\d+(?:[.,]\d+)?|[.,]\d+)`;
const DECIMAL = new RegExp(`^${NUMBER}$`);
const CLOCK = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/;
const MINUTES = new RegExp(`^${NUMBER} ?(?:min|mins|minute|minutes)\\.?$`);
const HOURS = new RegExp(`^${NUMBER} ?(?:h|hr|hrs|hour|hours)\\.?$`);
const HOURS_AND_MINUTES = /^(\d+) ?(?:h|hr|hrs|hour|hours) ?([0-5]?\d) ?(?:m|min|mins|minutes)?$/;

const messages = {
  hoursMissing: 'Enter the hours, such as 1.5.',
  negativeHours: (raw: string) => `“${raw}” is negative: enter the time spent, such as 1.5.`,
  hoursUnreadable: (raw: string) => `“${raw}” is not a number of hours: write it as 1.5 (or 1,5), 1:30, 90 min or 2 h.`,
  unknownChoice: (raw: string, labels: string[]) => `“${raw}” is not one of the choices: write ${orList(labels)}.`,
};

const toNumber = (text: string) => Number(text.replace(',', '.'));
const roundToHundredths = (value: number) => Math.round((value + Number.EPSILON) * 100) / 100;

/** Hours from 1.5, 1,5, 1:30, 90 min or 2 h, rounded to 2 decimals; zero is left to the schema. */
export function parseHours(raw: string): number | { error: string } {
  const text = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === '') return { error: messages.hoursMissing };
  if (/^[-−]/.test(text)) return { error: messages.negativeHours(raw.trim()) };
  const hours = hoursOf(text);
  return hours === undefined ? { error: messages.hoursUnreadable(raw.trim()) } : roundToHundredths(hours);
}

function hoursOf(text: string): number | undefined {
  let match = DECIMAL.exec(text) ?? HOURS.exec(text);
  if (match) return toNumber(match[1]!);
  if ((match = MINUTES.exec(text))) return toNumber(match[1]!) / 60;
  if ((match = CLOCK.exec(text))) return Number(match[1]) + Number(match[2]) / 60 + Number(match[3] ?? 0) / 3600;
  if ((match = HOURS_AND_MINUTES.exec(text))) return Number(match[1]) + Number(match[2]) / 60;
  return undefined;
}

/** Case, spaces, hyphens and underscores do not matter: "One-to-one" = "ONE_TO_ONE". */
const choiceKey = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_]+/g, '');
const lookups = new WeakMap<Choices, Map<string, string>>();

function lookupOf(choices: Choices): Map<string, string> {
  let lookup = lookups.get(choices);
  if (!lookup) {
    lookup = new Map();
    for (const id of choices.ids) {
      lookup.set(choiceKey(id), id);
      lookup.set(choiceKey(choices.labels[id] ?? id), id);
    }
    lookups.set(choices, lookup);
  }
  return lookup;
}

/** The id of the choice written as its id or its label; otherwise an error listing the labels. */
export function parseChoice(raw: string, choices: Choices): string | { error: string } {
  const id = lookupOf(choices).get(choiceKey(raw));
  return (
    id ?? {
      error: messages.unknownChoice(
        raw.trim(),
        choices.ids.map((choice) => choices.labels[choice] ?? choice),
      ),
    }
  );
}

/** "A, B or C". */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

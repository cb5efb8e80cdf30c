import type { ServiceDeps } from '../deps';
import { definitionOf, type FieldSpec, type RecordDefinition, type RecordType, type RecordValues } from '.';
import { isoDay } from '../dates';

/** Enough for every client of a busy practice, few enough for a page. */
const MAX_SUGGESTIONS = 200;

const isChoice = (field: FieldSpec) => field.control === 'radio' || field.control === 'select';

/** The values the person typed before in the fields that offer suggestions, by field name (their own records only). */
export async function fieldSuggestions(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number, type: RecordType): Promise<Record<string, string[]>> {
  const definition = definitionOf(type);
  const suggested = definition.fields.filter((field) => field.suggested);
  if (!suggested.length) return {};
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());
  const suggestions: Record<string, string[]> = {};
  for (const field of suggested) suggestions[field.name] = await deps.repos.record.distinctValues(deps.db, definition, portfolio.id, field.name, MAX_SUGGESTIONS);
  return suggestions;
}

/**
 * What a new record's form starts with, for the logs filled in series: the choices of the
 * person's last record of the type (people mostly log the same kind of session again) and
 * today's date (on the app's clock) in the required dates, since most records are logged on the
 * day. The person changes what differs; nothing is saved until they do.
 */
export async function newRecordValues(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number, type: RecordType): Promise<RecordValues> {
  const definition = definitionOf(type);
  if (!definition.quickLogging) return {};
  const now = deps.clock.now();
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, now);
  const last = await deps.repos.record.lastAdded(deps.db, definition, portfolio.id);
  const values: RecordValues = {};
  for (const field of definition.fields) {
    if (isChoice(field) && last?.values[field.name] !== undefined) values[field.name] = last.values[field.name];
    if (field.control === 'date' && field.required) values[field.name] = isoDay(now);
  }
  return values;
}

/** The values of a saved record that the next form keeps after "Save and log another": its choices and the fields marked to keep (the client code). */
export function valuesKeptForNext(definition: RecordDefinition, values: RecordValues): RecordValues {
  const kept: RecordValues = {};
  for (const field of definition.fields) {
    if ((isChoice(field) || field.keptForNext) && values[field.name] !== undefined) kept[field.name] = values[field.name];
  }
  return kept;
}

import type { RecordDefinition } from '../../../domain/records';
import type { RecordFilter } from '../../../domain/records/record-service';
import { isIsoDate } from '../../../domain/dates';

export const PAGE_SIZE = 100;

export interface ListQuery {
  filter: Pick<RecordFilter, 'from' | 'to' | 'sort' | 'direction'>;
  page: number;
  /** Messages for filter values that could not be used. */
  problems: string[];
}

/** Reads ?from&to&sort&dir&page, ignoring (and reporting) values that make no sense. */
export function listQuery(query: Record<string, unknown>, definition: RecordDefinition): ListQuery {
  const problems: string[] = [];
  const date = (key: 'from' | 'to') => {
    const value = typeof query[key] === 'string' ? (query[key] as string).trim() : '';
    if (!value) return undefined;
    if (isIsoDate(value)) return value;
    problems.push(`The “${key}” date “${value}” is not a date like 2026-03-12, so it was ignored.`);
    return undefined;
  };
  const from = date('from');
  const to = date('to');
  const sort = typeof query.sort === 'string' && definition.listFields.includes(query.sort) ? query.sort : undefined;
  const direction = query.dir === 'asc' || query.dir === 'desc' ? query.dir : undefined;
  const page = Math.max(1, Math.min(100000, Number.parseInt(String(query.page ?? '1'), 10) || 1));
  return { filter: { from, to, sort, direction }, page, problems };
}

const queryString = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

export interface SortHeader {
  label: string;
  href: string;
  /** aria-sort value for the current column, else undefined. */
  ariaSort?: 'ascending' | 'descending';
  numeric: boolean;
}

/** Column headers that sort the table (a second click reverses the order). */
export function sortLinks(definition: RecordDefinition, query: ListQuery): SortHeader[] {
  const current = query.filter.sort ?? definition.dateField;
  const currentDirection = query.filter.direction ?? (query.filter.sort ? 'asc' : 'desc');
  return definition.listFields.map((name) => {
    const field = definition.fields.find((f) => f.name === name)!;
    const isCurrent = name === current;
    const nextDirection = isCurrent && currentDirection === 'asc' ? 'desc' : 'asc';
    return {
      label: field.label,
      href: definition.path + queryString({ from: query.filter.from, to: query.filter.to, sort: name, dir: nextDirection }),
      ariaSort: isCurrent ? (currentDirection === 'asc' ? 'ascending' : 'descending') : undefined,
      numeric: field.control === 'hours' || field.control === 'integer',
    };
  });
}

/** Previous and next page links, if the list has more than one page. */
export function pageLinks(path: string, query: ListQuery, total: number) {
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const at = (page: number) => path + queryString({ from: query.filter.from, to: query.filter.to, sort: query.filter.sort, dir: query.filter.direction, page });
  return {
    page: Math.min(query.page, pageCount),
    pageCount,
    previous: query.page > 1 ? at(query.page - 1) : undefined,
    next: query.page < pageCount ? at(query.page + 1) : undefined,
  };
}

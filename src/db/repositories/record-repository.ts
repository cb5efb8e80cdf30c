import type { Knex } from 'knex';
import type { Db } from '../knex';
import { prepared } from '../prepared';
import type { FieldSpec, RecordDefinition, RecordValues, StoredRecord } from '../../domain/records';

export interface RecordFilter {
  /** ISO dates, both included, on the type's date field. */
  from?: string;
  to?: string;
  /** A field name among the list fields; default the date field. */
  sort?: string;
  direction?: 'asc' | 'desc';
  /** Words to find in any of the record's text fields (client code, names, titles, notes), any case. */
  text?: string;
  limit?: number;
  offset?: number;
}

export interface RecordTotals {
  count: number;
  hours: number | null;
}

const fieldByName = (definition: RecordDefinition, name: string) => definition.fields.find((field) => field.name === name);
const columnOf = (definition: RecordDefinition, name: string) => fieldByName(definition, name)!.column;
const NUMERIC: ReadonlySet<FieldSpec['control']> = new Set(['hours', 'integer']);
const TEXT: ReadonlySet<FieldSpec['control']> = new Set(['text', 'textarea', 'email']);
/** The text as a LIKE pattern that matches it anywhere, its own % and _ taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/** A database row → the record's values (camelCase; numbers as numbers; nulls left out). */
function toValues(definition: RecordDefinition, row: Record<string, unknown>): RecordValues {
  const values: RecordValues = {};
  for (const field of definition.fields) {
    const value = row[field.column];
    if (value == null) continue;
    if (Array.isArray(value) && value.length === 0 && !field.required) continue;
    values[field.name] = NUMERIC.has(field.control) ? Number(value) : value;
  }
  return values;
}

/** The record's values → a row for insert or update; absent optional fields become NULL. */
function toRow(definition: RecordDefinition, values: RecordValues): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const field of definition.fields) {
    const value = values[field.name];
    row[field.column] = value === undefined ? (field.control === 'checkboxes' ? [] : null) : value;
  }
  return row;
}

const toStored = (definition: RecordDefinition, row: Record<string, unknown>): StoredRecord => ({
  id: row.id as number,
  type: definition.type,
  values: toValues(definition, row),
  createdAt: row.created_at as Date,
  updatedAt: row.updated_at as Date,
});

function filtered(db: Db, definition: RecordDefinition, portfolioId: number, filter: RecordFilter) {
  const dateColumn = columnOf(definition, definition.dateField);
  const query = db(definition.table).where('portfolio_id', portfolioId);
  if (filter.from) query.where(dateColumn, '>=', filter.from);
  if (filter.to) query.where(dateColumn, '<=', filter.to);
  if (filter.text) {
    const columns = definition.fields.filter((field) => TEXT.has(field.control)).map((field) => field.column);
    const pattern = containing(filter.text);
    query.where((any) => {
      for (const column of columns) any.orWhereILike(column, pattern);
    });
  }
  return query;
}

/** The filtered records in the list's order (the date by default, newest first), a page of them if asked, with any extra columns. */
function listed(db: Db, definition: RecordDefinition, portfolioId: number, filter: RecordFilter, extra: Knex.Raw[] = []) {
  const sortField = filter.sort && definition.listFields.includes(filter.sort) ? filter.sort : definition.dateField;
  const direction = filter.direction ?? (filter.sort ? 'asc' : 'desc');
  const query = filtered(db, definition, portfolioId, filter)
    .select(['id', 'created_at', 'updated_at', ...definition.fields.map((field) => field.column), ...extra])
    .orderBy(columnOf(definition, sortField), direction)
    .orderBy('id', direction);
  if (filter.limit !== undefined) query.limit(filter.limit).offset(filter.offset ?? 0);
  // A log page's query: one of a few shapes per log (which filters, which order).
  return prepared(query);
}

/**
 * Rows per query when a whole log is read (listInPages). On the embedded database a query and the
 * reading of its rows run on the event loop's thread: 10,000 rows at once held every other
 * request (a `/healthz`, another page) for 150–300 ms.
 */
const ROWS_PER_READ = 2_000;

/** One repository for every record type, driven by its definition (columns, date field, hours). */
export const recordRepository = {
  async list(db: Db, definition: RecordDefinition, portfolioId: number, filter: RecordFilter = {}): Promise<StoredRecord[]> {
    const rows: Record<string, unknown>[] = await listed(db, definition, portfolioId, filter);
    return rows.map((row) => toStored(definition, row));
  },

  /**
   * Every record of a log, oldest first (by date, then id), as list() with the date ascending
   * gives them, but read `rowsPerRead` at a time, each read after the last one's date and id: other
   * requests run between the reads. Like list(), it is not one transaction (a record saved
   * meanwhile may or may not be in it), as a transaction would hold the embedded database's one
   * connection for the whole read.
   */
  async listInPages(db: Db, definition: RecordDefinition, portfolioId: number, rowsPerRead = ROWS_PER_READ): Promise<StoredRecord[]> {
    const dateColumn = columnOf(definition, definition.dateField);
    const records: StoredRecord[] = [];
    for (;;) {
      const last = records.at(-1);
      const query = db(definition.table)
        .select(['id', 'created_at', 'updated_at', ...definition.fields.map((field) => field.column)])
        .where('portfolio_id', portfolioId)
        .orderBy(dateColumn, 'asc')
        .orderBy('id', 'asc')
        .limit(rowsPerRead);
      if (last) query.whereRaw('(??, id) > (?::date, ?)', [dateColumn, last.values[definition.dateField] as string, last.id]);
      const rows: Record<string, unknown>[] = await prepared(query);
      for (const row of rows) records.push(toStored(definition, row));
      if (rows.length < rowsPerRead) return records;
      // The embedded database answers within the same turn of the event loop: without this the
      // reads run back to back and nothing else does until the last.
      await new Promise((resolve) => setImmediate(resolve));
    }
  },

  /**
   * A page of records and the totals of every record the filter matches, in one query (window
   * totals are counted before the limit); only a page past the end asks for the totals apart.
   * With the totals already known, only the page is read.
   */
  async page(db: Db, definition: RecordDefinition, portfolioId: number, filter: RecordFilter, knownTotals?: RecordTotals): Promise<{ records: StoredRecord[]; totals: RecordTotals }> {
    if (knownTotals) return { records: await recordRepository.list(db, definition, portfolioId, filter), totals: knownTotals };
    const windowTotals = [db.raw('count(*) over () as total_count'), ...(definition.hoursField ? [db.raw('sum(??) over () as total_hours', [columnOf(definition, definition.hoursField)])] : [])];
    const rows: Record<string, unknown>[] = await listed(db, definition, portfolioId, filter, windowTotals);
    if (!rows.length) return { records: [], totals: filter.offset ? await recordRepository.totals(db, definition, portfolioId, filter) : { count: 0, hours: definition.hoursField ? 0 : null } };
    const first = rows[0]!;
    return { records: rows.map((row) => toStored(definition, row)), totals: { count: Number(first.total_count), hours: definition.hoursField ? Number(first.total_hours ?? 0) : null } };
  },

  async totals(db: Db, definition: RecordDefinition, portfolioId: number, filter: RecordFilter = {}): Promise<RecordTotals> {
    const query = filtered(db, definition, portfolioId, filter).count<{ count: number }[]>('* as count');
    if (definition.hoursField) query.sum({ hours: columnOf(definition, definition.hoursField) });
    const row = (await query.first()) as { count: number; hours?: string | null } | undefined;
    return { count: Number(row?.count ?? 0), hours: definition.hoursField ? Number(row?.hours ?? 0) : null };
  },

  async find(db: Db, definition: RecordDefinition, portfolioId: number, id: number): Promise<StoredRecord | undefined> {
    const row: Record<string, unknown> | undefined = await db(definition.table)
      .select(['id', 'created_at', 'updated_at', ...definition.fields.map((field) => field.column)])
      .where({ id, portfolio_id: portfolioId })
      .first();
    return row && toStored(definition, row);
  },

  async insert(db: Db, definition: RecordDefinition, portfolioId: number, values: RecordValues, at: Date): Promise<number> {
    const [row] = await db(definition.table)
      .insert({ ...toRow(definition, values), portfolio_id: portfolioId, created_at: at, updated_at: at })
      .returning<{ id: number }[]>('id');
    return row!.id;
  },

  /** Inserts many records in chunks (imports); returns their ids in order. */
  async insertMany(db: Db, definition: RecordDefinition, portfolioId: number, records: RecordValues[], at: Date): Promise<number[]> {
    const ids: number[] = [];
    const CHUNK = 500;
    for (let start = 0; start < records.length; start += CHUNK) {
      const rows = records.slice(start, start + CHUNK).map((values) => ({ ...toRow(definition, values), portfolio_id: portfolioId, created_at: at, updated_at: at }));
      const inserted = await db(definition.table).insert(rows).returning<{ id: number }[]>('id');
      ids.push(...inserted.map((row) => row.id));
    }
    return ids;
  },

  async update(db: Db, definition: RecordDefinition, portfolioId: number, id: number, values: RecordValues, at: Date): Promise<boolean> {
    const count = await db(definition.table)
      .where({ id, portfolio_id: portfolioId })
      .update({ ...toRow(definition, values), updated_at: at });
    return count > 0;
  },

  async remove(db: Db, definition: RecordDefinition, portfolioId: number, id: number): Promise<boolean> {
    const count = await db(definition.table).where({ id, portfolio_id: portfolioId }).delete();
    return count > 0;
  },

  /**
   * The records added last across several logs, newest first, in one query: each log's newest
   * `limit` rows as JSON (row_to_json, so the logs' different columns fit one result), merged.
   */
  async recentlyAddedAcross(db: Db, definitions: readonly RecordDefinition[], portfolioId: number, limit: number): Promise<StoredRecord[]> {
    const branches = definitions.map((definition) =>
      db(`${definition.table} as t`)
        .select(db.raw('? as type', [definition.type]), 't.id', 't.created_at', db.raw('row_to_json(t) as row'))
        .where('t.portfolio_id', portfolioId)
        .orderBy('t.created_at', 'desc')
        .orderBy('t.id', 'desc')
        .limit(limit),
    );
    const result = await db.raw<{ rows: { type: string; id: number; created_at: Date; row: Record<string, unknown> }[] }>(
      `select * from (${branches.map(() => '?').join(' union all ')}) as recent order by created_at desc, id desc limit ?`,
      [...branches, limit],
    );
    const byType = new Map(definitions.map((definition) => [definition.type as string, definition]));
    return result.rows.map(({ type, id, created_at, row }) => toStored(byType.get(type)!, { ...row, id, created_at, updated_at: new Date(String(row.updated_at)) }));
  },

  /** The record added last (by creation, not by its date): what the person logged most recently. */
  async lastAdded(db: Db, definition: RecordDefinition, portfolioId: number): Promise<StoredRecord | undefined> {
    const row: Record<string, unknown> | undefined = await db(definition.table)
      .select(['id', 'created_at', 'updated_at', ...definition.fields.map((field) => field.column)])
      .where('portfolio_id', portfolioId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .first();
    return row && toStored(definition, row);
  },

  /** The different values a text field holds in the portfolio's records, most recently added first. */
  async distinctValues(db: Db, definition: RecordDefinition, portfolioId: number, fieldName: string, limit: number): Promise<string[]> {
    const column = columnOf(definition, fieldName);
    const rows: { value: string }[] = await db(definition.table)
      .select({ value: column })
      .where('portfolio_id', portfolioId)
      .whereNotNull(column)
      .whereNot(column, '')
      .groupBy(column)
      .orderByRaw('max(created_at) desc, max(id) desc')
      .limit(limit);
    return rows.map((row) => row.value);
  },

  /** Removes "type:id" from every reflection of the portfolio that links to it. */
  async unlinkFromReflections(db: Db, portfolioId: number, reference: string): Promise<void> {
    await db('reflections')
      .where('portfolio_id', portfolioId)
      .whereRaw('? = any(linked_records)', [reference])
      .update({ linked_records: db.raw('array_remove(linked_records, ?)', [reference]) });
  },

  /** Which of these ids belong to the portfolio (to check references such as reflection links). */
  async existingIds(db: Db, definition: RecordDefinition, portfolioId: number, ids: number[]): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const rows: { id: number }[] = await db(definition.table).select('id').where('portfolio_id', portfolioId).whereIn('id', ids);
    return new Set(rows.map((row) => row.id));
  },
};

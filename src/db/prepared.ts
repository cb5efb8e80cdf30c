import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Prepared statements for the few statements every request sends (the session's lookup, the
 * portfolio, a page of a log). PostgreSQL parses and plans an unnamed statement each time it
 * is sent; for these that was most of the database's work per page (the dashboard: 1.2 ms of
 * PostgreSQL's CPU per request, 0.3 ms once prepared; see the README's Performance section).
 * A prepared statement is parsed and planned once per connection and then only run.
 *
 * Mark a query with prepared(); the PostgreSQL client below names it after its SQL text, so
 * each distinct text is prepared once per pooled connection. Mark only statements whose text
 * takes a few shapes (not `whereIn` lists of any length): each shape stays prepared for the
 * connection's life. The embedded database ignores the mark (its read cache answers repeats).
 */
export const prepared = <Query extends Knex.QueryBuilder>(query: Query): Query => query.options({ prepared: true }) as Query;

/** What knex hands its client for one statement. */
interface QueryObject {
  sql: string;
  options?: { prepared?: boolean; name?: string } & Record<string, unknown>;
}

const names = new Map<string, string>();
/** The statement's name: the same for the same text, in every process (pg asks that a name always stands for one text). */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) names.set(sql, (name = `eia_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`));
  return name;
}

/** Takes the mark off a statement's driver options, giving the name to send it under instead when `named`. */
export function resolvePrepared(obj: QueryObject, named: boolean): void {
  if (!obj.options?.prepared) return;
  const { prepared: _mark, ...rest } = obj.options;
  obj.options = named ? { ...rest, name: statementName(obj.sql) } : rest;
}

// knex's own PostgreSQL client (its dialect module has no types of its own).
const KnexPgClient = require('knex/lib/dialects/postgres/index.js') as new (config: Knex.Config) => { _query(connection: unknown, obj: QueryObject): Promise<unknown> };

/** The knex config's key that turns the names off (DATABASE_PREPARED_STATEMENTS=false, for a pooler that does not keep them). */
export const PREPARED_STATEMENTS = 'preparedStatements';

/**
 * knex's PostgreSQL client, sending a statement marked with prepared() as a named prepared
 * statement, unless its config says `preparedStatements: false`.
 */
export class PreparingPgClient extends KnexPgClient {
  declare config: Record<string, unknown>;
  override _query(connection: unknown, obj: QueryObject): Promise<unknown> {
    resolvePrepared(obj, this.config[PREPARED_STATEMENTS] !== false);
    return super._query(connection, obj);
  }
}

/** Stands for the n-th value of a statement built once (builtOnce); no real value looks like it. */
const stand = (n: number) => `\u0000 Stand-in for value ${n} \u0000`;

/**
 * A hot statement whose SQL knex builds once, the first time it is asked for, and which is then
 * sent again with each call's values as raw SQL, marked prepared. knex took about 17 µs to build
 * the session's lookup (three builders, two of them subqueries) on every request, 4 % of a
 * dashboard's CPU; the raw statement takes 2–3 µs. `build` is called once, with a stand-in for
 * each value, so it must pass its values to knex as they are (a `where`, not a `whereIn` of a
 * list of any length, and no value that changes the statement's shape); one it transforms is
 * refused at that first call. The rows come back as a select's would.
 */
export function builtOnce<Values extends unknown[], Row>(build: (db: Knex, ...values: Values) => Knex.QueryBuilder): (db: Knex, ...values: Values) => Promise<Row[]> {
  /** The SQL, its bindings as first built, and for each binding the value it stands for (-1: a constant, such as a limit). */
  let statement: { sql: string; built: readonly unknown[]; slots: number[] } | undefined;
  return async (db, ...values) => {
    if (!statement) {
      const standIns = values.map((_, n) => stand(n));
      const { sql, bindings } = build(db, ...(standIns as Values)).toSQL();
      const slots = bindings.map((binding) => standIns.indexOf(binding as string));
      standIns.forEach((_, n) => {
        if (!slots.includes(n)) throw new Error(`builtOnce: the statement does not take value ${n} as it is given, so it cannot be built once:\n${sql}`);
      });
      statement = { sql, built: bindings, slots };
    }
    const { sql, built, slots } = statement;
    const bindings = slots.map((slot, index) => (slot === -1 ? built[index] : values[slot])) as Knex.RawBinding[];
    const response = (await db.raw(sql, bindings).options({ prepared: true })) as { rows: Row[] };
    return response.rows;
  };
}

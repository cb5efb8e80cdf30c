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

import ClientPgLite from 'knex-pglite';
import { ReadCache, type DriverResponse } from './read-cache';
import { resolvePrepared } from './prepared';

/** What knex hands its client for one statement. */
interface QueryObject {
  sql: string;
  bindings?: unknown[];
  response?: DriverResponse;
  queryContext?: { fresh?: boolean };
  options?: Record<string, unknown>;
}

/** PGlite, as knex holds it; inside a transaction it carries the transaction's id. */
type Connection = object & { __knexTxId?: string };

/** One read cache per PGlite instance (a transaction's client is a copy of the client, the connection is the same). */
const caches = new WeakMap<object, ReadCache>();
const cacheOf = (connection: object): ReadCache => {
  let cache = caches.get(connection);
  if (!cache) caches.set(connection, (cache = new ReadCache()));
  return cache;
};

/**
 * knex's PGlite client with the read cache in front of the database (see read-cache.ts). A
 * statement run with `.queryContext({ fresh: true })` always asks the database (the health check).
 */
export class CachingPgLiteClient extends (ClientPgLite as unknown as new (config: object) => { _query(connection: unknown, obj: QueryObject): Promise<QueryObject> }) {
  override async _query(connection: Connection, obj: QueryObject): Promise<QueryObject> {
    resolvePrepared(obj, false); // PGlite has no named statements; the read cache answers repeats
    if (obj.queryContext?.fresh) return super._query(connection, obj);
    const execute = async () => (await super._query(connection, obj)).response!;
    obj.response = await cacheOf(connection).run(obj.sql, obj.bindings, connection.__knexTxId !== undefined, execute);
    return obj;
  }
}

/** The embedded database's read cache (its hits and misses), or undefined on PostgreSQL. */
export const readCacheOf = (db: { client: { pglite?: object } }): ReadCache | undefined => (db.client.pglite ? cacheOf(db.client.pglite) : undefined);

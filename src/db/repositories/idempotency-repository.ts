import type { Db } from '../knex';

/** The first answer to a one-time key, once it is known. */
export interface IdempotentAnswer {
  route: string;
  fingerprint: string;
  /** Null while the first request is still being answered. */
  status: number | null;
  location: string | null;
  body: unknown;
  createdAt: Date;
}

export const idempotencyRepository = {
  /** Claims the key for this request; false when another request holds it already. */
  async claim(db: Db, userId: number, key: string, route: string, fingerprint: string, at: Date): Promise<boolean> {
    const rows = await db('idempotency_keys').insert({ user_id: userId, key, route, fingerprint, created_at: at }).onConflict(['user_id', 'key']).ignore().returning('key');
    return rows.length > 0;
  },

  async find(db: Db, userId: number, key: string): Promise<IdempotentAnswer | undefined> {
    const row: Record<string, unknown> | undefined = await db('idempotency_keys').select('route', 'fingerprint', 'status', 'location', 'body', 'created_at').where({ user_id: userId, key }).first();
    return (
      row && {
        route: row.route as string,
        fingerprint: row.fingerprint as string,
        status: (row.status as number | null) ?? null,
        location: (row.location as string | null) ?? null,
        body: row.body ?? null,
        createdAt: row.created_at as Date,
      }
    );
  },

  async answer(db: Db, userId: number, key: string, answer: { status: number; location: string | null; body: unknown }): Promise<void> {
    await db('idempotency_keys')
      .where({ user_id: userId, key })
      .update({ status: answer.status, location: answer.location, body: answer.body === undefined ? null : JSON.stringify(answer.body) });
  },

  /** Frees a key whose request failed (or never finished), so it can be used again. */
  async release(db: Db, userId: number, key: string): Promise<void> {
    await db('idempotency_keys').where({ user_id: userId, key }).delete();
  },

  async pruneOlderThan(db: Db, before: Date): Promise<number> {
    return db('idempotency_keys').where('created_at', '<', before).delete();
  },
};

import type { Db } from '../knex';

/** Client codes of calendar attendees, keyed by a salted hash of the address (the address is never stored). */
export const calendarAttendeeRepository = {
  async codesFor(db: Db, portfolioId: number, hashes: readonly string[]): Promise<Map<string, string>> {
    if (hashes.length === 0) return new Map();
    const rows: { address_hash: string; client_code: string }[] = await db('calendar_attendee_codes').select('address_hash', 'client_code').where('portfolio_id', portfolioId).whereIn('address_hash', hashes);
    return new Map(rows.map((row) => [row.address_hash, row.client_code]));
  },

  /** Remembers (or changes) the client code of each attendee. */
  async save(db: Db, portfolioId: number, codes: ReadonlyMap<string, string>, at: Date): Promise<void> {
    if (codes.size === 0) return;
    const rows = [...codes].map(([hash, code]) => ({ portfolio_id: portfolioId, address_hash: hash, client_code: code, updated_at: at }));
    await db('calendar_attendee_codes').insert(rows).onConflict(['portfolio_id', 'address_hash']).merge(['client_code', 'updated_at']);
  },

  /** Every attendee of a portfolio, by hash: for its export. */
  async list(db: Db, portfolioId: number): Promise<{ addressHash: string; clientCode: string }[]> {
    const rows: { address_hash: string; client_code: string }[] = await db('calendar_attendee_codes').select('address_hash', 'client_code').where('portfolio_id', portfolioId).orderBy('address_hash');
    return rows.map((row) => ({ addressHash: row.address_hash, clientCode: row.client_code }));
  },

  /** Replaces every attendee of a portfolio (a restored export: hashes made with the salt restored with them). */
  async replaceAll(db: Db, portfolioId: number, codes: ReadonlyMap<string, string>, at: Date): Promise<void> {
    await db('calendar_attendee_codes').where('portfolio_id', portfolioId).delete();
    const rows = [...codes].map(([hash, code]) => ({ portfolio_id: portfolioId, address_hash: hash, client_code: code, updated_at: at }));
    for (let start = 0; start < rows.length; start += 1000) await db('calendar_attendee_codes').insert(rows.slice(start, start + 1000));
  },
};

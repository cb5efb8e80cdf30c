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
};

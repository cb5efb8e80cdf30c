import { randomBytes } from 'node:crypto';
import type { Db } from '../knex';

export interface Portfolio {
  id: number;
  ownerId: number;
  displayName: string | null;
  emccMembershipNumber: string | null;
  firstPracticeDate: string | null;
  practiceRole: 'mentor' | 'coach' | 'both' | null;
  /** A level id of the portfolio's criteria set. */
  targetLevel: string | null;
  criteriaSet: string;
  clientCodeSalt: string;
  updatedAt: Date;
  /** Moves (by database triggers) whenever anything the evaluation reads changes. */
  revision: number;
  /** Changes per log ({ practice: 12, … }), moved by the same triggers: which logs changed since an earlier read. */
  logRevisions: Readonly<Record<string, number>>;
}

export type PortfolioSettings = Pick<Portfolio, 'displayName' | 'emccMembershipNumber' | 'firstPracticeDate' | 'practiceRole' | 'targetLevel' | 'criteriaSet'>;

interface PortfolioRow {
  id: number;
  owner_id: number;
  display_name: string | null;
  emcc_membership_number: string | null;
  first_practice_date: string | null;
  practice_role: Portfolio['practiceRole'];
  target_level: string | null;
  criteria_set: string;
  client_code_salt: string;
  updated_at: Date;
  revision: number;
  log_revisions: Record<string, number> | string;
}

const columns = ['id', 'owner_id', 'display_name', 'emcc_membership_number', 'first_practice_date', 'practice_role', 'target_level', 'criteria_set', 'client_code_salt', 'updated_at', 'revision', 'log_revisions'];

const toPortfolio = (row: PortfolioRow): Portfolio => ({
  id: row.id,
  ownerId: row.owner_id,
  displayName: row.display_name,
  emccMembershipNumber: row.emcc_membership_number,
  firstPracticeDate: row.first_practice_date,
  practiceRole: row.practice_role,
  targetLevel: row.target_level,
  criteriaSet: row.criteria_set,
  clientCodeSalt: row.client_code_salt,
  updatedAt: row.updated_at,
  revision: Number(row.revision),
  logRevisions: typeof row.log_revisions === 'string' ? JSON.parse(row.log_revisions) : row.log_revisions,
});

export const portfolioRepository = {
  async findByOwner(db: Db, ownerId: number): Promise<Portfolio | undefined> {
    const row: PortfolioRow | undefined = await db('portfolios').select(columns).where('owner_id', ownerId).first();
    return row && toPortfolio(row);
  },

  /** The owner's portfolio, created empty on first use (one per applicant), aiming at the default set. */
  async findOrCreate(db: Db, ownerId: number, at: Date): Promise<Portfolio> {
    const existing = await portfolioRepository.findByOwner(db, ownerId);
    if (existing) return existing;
    const defaultSet: { value: string } | undefined = await db('settings').select('value').where('key', 'defaultCriteriaSet').first();
    await db('portfolios')
      .insert({ owner_id: ownerId, client_code_salt: randomBytes(16).toString('hex'), criteria_set: defaultSet?.value ?? 'emcc-eia', created_at: at, updated_at: at })
      .onConflict('owner_id')
      .ignore();
    return (await portfolioRepository.findByOwner(db, ownerId))!;
  },

  /** The name the portfolio gives its applicant (null when not set), and its owner's account name and email. */
  async applicantOf(db: Db, id: number): Promise<{ displayName: string | null; ownerName: string; ownerEmail: string }> {
    const row: { display_name: string | null; name: string; email: string } = await db('portfolios')
      .join('users', 'users.id', 'portfolios.owner_id')
      .select('portfolios.display_name', 'users.name', 'users.email')
      .where('portfolios.id', id)
      .first();
    return { displayName: row.display_name, ownerName: row.name, ownerEmail: row.email };
  },

  /**
   * Serialises writes that must see each other (two submits, two import commits): locks the
   * portfolio's row until the transaction ends.
   */
  async lock(db: Db, id: number): Promise<void> {
    await db('portfolios').select('id').where('id', id).forUpdate();
  },

  async updateSettings(db: Db, id: number, settings: PortfolioSettings, at: Date): Promise<void> {
    await db('portfolios').where('id', id).update({
      display_name: settings.displayName,
      emcc_membership_number: settings.emccMembershipNumber,
      first_practice_date: settings.firstPracticeDate,
      practice_role: settings.practiceRole,
      target_level: settings.targetLevel,
      criteria_set: settings.criteriaSet,
      updated_at: at,
    });
  },

  /** The salt of the client codes and attendee hashes, as a restored export brings it. */
  async setClientCodeSalt(db: Db, id: number, salt: string, at: Date): Promise<void> {
    await db('portfolios').where('id', id).update({ client_code_salt: salt, updated_at: at });
  },
};

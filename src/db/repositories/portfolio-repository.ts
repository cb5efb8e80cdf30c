import { randomBytes } from 'node:crypto';
import type { Db } from '../knex';
import { prepared } from '../prepared';
import { awardsColumn, awardsFromJson, type Award } from './award-repository';
import { jsonColumn } from '../json-column';

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
  /** The target credentials, first first, read with the portfolio (absent where a portfolio is made up, e.g. in unit tests). */
  targets?: PortfolioTarget[];
  /** The awards held, newest first, read with the portfolio (absent where a portfolio is made up). */
  awards?: Award[];
  /** How many evidence files it holds, read with the portfolio (absent where a portfolio is made up). */
  fileCount?: number;
}

/** A credential the portfolio prepares: a criteria set and one of its levels. */
export interface PortfolioTarget {
  criteriaSet: string;
  levelId: string;
}

export type PortfolioSettings = Pick<Portfolio, 'displayName' | 'emccMembershipNumber' | 'firstPracticeDate' | 'practiceRole' | 'targetLevel' | 'criteriaSet'>;

/** A portfolio's row; its time is text where it was read as JSON inside another statement. */
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
  updated_at: Date | string;
  revision: number;
  log_revisions: Record<string, number> | string;
  targets?: [string, string][] | string;
  awards?: unknown;
  file_count?: number | string;
}

const columns = ['id', 'owner_id', 'display_name', 'emcc_membership_number', 'first_practice_date', 'practice_role', 'target_level', 'criteria_set', 'client_code_salt', 'updated_at', 'revision', 'log_revisions'];

export const portfolioFromRow = (row: PortfolioRow): Portfolio => ({
  id: row.id,
  ownerId: row.owner_id,
  displayName: row.display_name,
  emccMembershipNumber: row.emcc_membership_number,
  firstPracticeDate: row.first_practice_date,
  practiceRole: row.practice_role,
  targetLevel: row.target_level,
  criteriaSet: row.criteria_set,
  clientCodeSalt: row.client_code_salt,
  updatedAt: new Date(row.updated_at),
  revision: Number(row.revision),
  logRevisions: jsonColumn(row.log_revisions),
  ...(row.targets === undefined ? {} : { targets: jsonColumn<[string, string][]>(row.targets).map(([criteriaSet, levelId]) => ({ criteriaSet, levelId })) }),
  ...(row.awards === undefined ? {} : { awards: awardsFromJson(row.awards) }),
  ...(row.file_count === undefined ? {} : { fileCount: Number(row.file_count) }),
});

/** The targets in the portfolio's own query (the dashboard's query budget has no room for another). */
const targetsColumn = "(select coalesce(json_agg(json_build_array(t.criteria_set, t.level_id) order by t.position), '[]'::json) from portfolio_targets t where t.portfolio_id = portfolios.id) as targets";
/** The number of files too (the dashboard shows it; a file does not move the revision, so it is read every time). */
const fileCountColumn = '(select count(*) from evidence_files f where f.portfolio_id = portfolios.id) as file_count';

/**
 * The portfolios with their targets, awards and number of files, as rows; portfolioFromRow makes
 * each a Portfolio, also when it was read as JSON inside another statement (session-repository.ts).
 */
export const portfoliosWithDetails = (db: Db) => db('portfolios').select(columns).select(db.raw(targetsColumn)).select(db.raw(awardsColumn)).select(db.raw(fileCountColumn));

export const portfolioRepository = {
  async findByOwner(db: Db, ownerId: number): Promise<Portfolio | undefined> {
    const row: PortfolioRow | undefined = await prepared(portfoliosWithDetails(db).where('owner_id', ownerId)).first();
    return row && portfolioFromRow(row);
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

  /** The portfolio's target credentials, first first (the first is also portfolios.criteria_set / target_level). */
  async targets(db: Db, id: number): Promise<PortfolioTarget[]> {
    const rows: { criteria_set: string; level_id: string }[] = await db('portfolio_targets').select('criteria_set', 'level_id').where('portfolio_id', id).orderBy('position');
    return rows.map((row) => ({ criteriaSet: row.criteria_set, levelId: row.level_id }));
  },

  /** Replaces the target credentials (in order, duplicates dropped); run it in the settings' transaction. */
  async replaceTargets(db: Db, id: number, targets: readonly PortfolioTarget[]): Promise<void> {
    await db('portfolio_targets').where('portfolio_id', id).delete();
    const seen = new Set<string>();
    const unique = targets.filter((target) => {
      const key = `${target.criteriaSet}/${target.levelId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (unique.length) await db('portfolio_targets').insert(unique.map((target, position) => ({ portfolio_id: id, criteria_set: target.criteriaSet, level_id: target.levelId, position })));
  },

  /**
   * Saves the settings. The level aimed at (criteriaSet + targetLevel) is the first target
   * credential: the targets table follows it (the others are kept after it; no level aimed at
   * clears them all), so every caller that sets only targetLevel keeps the two in step.
   */
  async updateSettings(db: Db, id: number, settings: PortfolioSettings, at: Date): Promise<void> {
    const others = (await portfolioRepository.targets(db, id)).slice(1);
    const first = settings.targetLevel ? [{ criteriaSet: settings.criteriaSet, levelId: settings.targetLevel }] : [];
    await portfolioRepository.replaceTargets(db, id, first.length ? [...first, ...others] : []);
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

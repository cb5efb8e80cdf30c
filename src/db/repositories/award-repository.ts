import type { Db } from '../knex';
import type { AwardScheme } from '../../domain/awards/awards';
import { jsonColumn } from '../json-column';

/** An award a person holds, as stored. */
export interface Award {
  id: number;
  portfolioId: number;
  scheme: AwardScheme;
  level: string;
  /** ISO date. */
  awardedOn: string;
  certificateFileId: number | null;
  verificationCode: string | null;
  /** The awarded submission of this app that the verification code belongs to. */
  verifiedSubmissionId: number | null;
  /** That submission still exists and is awarded. */
  verified: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type AwardInput = Pick<Award, 'scheme' | 'level' | 'awardedOn' | 'certificateFileId' | 'verificationCode' | 'verifiedSubmissionId'>;

/** An award with its holder, for the reminder job. */
export interface AwardWithHolder extends Award {
  holderName: string;
  holderEmail: string;
}

type Row = Record<string, unknown>;

const columns = ['id', 'portfolio_id', 'scheme', 'level', 'awarded_on', 'certificate_file_id', 'verification_code', 'verified_submission_id', 'created_at', 'updated_at'];

/** A date column as an ISO day, whichever driver read it (pg gives a string with our type parser, PGlite may give a Date). */
const day = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

const toAward = (row: Row): Award => ({
  id: row.id as number,
  portfolioId: row.portfolio_id as number,
  scheme: row.scheme as AwardScheme,
  level: row.level as string,
  awardedOn: day(row.awarded_on),
  certificateFileId: (row.certificate_file_id as number | null) ?? null,
  verificationCode: (row.verification_code as string | null) ?? null,
  verifiedSubmissionId: (row.verified_submission_id as number | null) ?? null,
  verified: Boolean(row.verified),
  // Read through json (with the portfolio, see awardsColumn) a timestamp is a string.
  createdAt: new Date(row.created_at as Date | string),
  updatedAt: new Date(row.updated_at as Date | string),
});

/** Awards as rows read elsewhere in json (the portfolio's own query) become Awards the same way. */
export const awardsFromJson = (value: unknown): Award[] => jsonColumn<Row[]>(value).map(toAward);

/**
 * The portfolio's awards as one json column of its own query, newest first, each with whether
 * its verified submission is still awarded (the dashboard's query budget has no room for another).
 */
export const awardsColumn = `(select coalesce(json_agg(a order by a.awarded_on desc, a.id desc), '[]'::json) from (select ${columns.map((column) => `aw.${column}`).join(', ')}, exists (select 1 from submissions s where s.id = aw.verified_submission_id and s.status = 'awarded') as verified from awards aw where aw.portfolio_id = portfolios.id) a) as awards`;

const toRow = (input: AwardInput) => ({
  scheme: input.scheme,
  level: input.level,
  awarded_on: input.awardedOn,
  certificate_file_id: input.certificateFileId,
  verification_code: input.verificationCode,
  verified_submission_id: input.verifiedSubmissionId,
});

/** The award's columns and whether its verified submission still exists, awarded (read live: no foreign key holds it). */
const selectAwards = (db: Db) =>
  db('awards').select([...columns.map((column) => `awards.${column}`), db.raw("exists (select 1 from submissions where submissions.id = awards.verified_submission_id and submissions.status = 'awarded') as verified")]);

export const awardRepository = {
  async list(db: Db, portfolioId: number): Promise<Award[]> {
    const rows: Row[] = await selectAwards(db).where('awards.portfolio_id', portfolioId).orderBy('awards.awarded_on', 'desc').orderBy('awards.id', 'desc');
    return rows.map(toAward);
  },

  async find(db: Db, portfolioId: number, id: number): Promise<Award | undefined> {
    const row: Row | undefined = await selectAwards(db).where({ 'awards.id': id, 'awards.portfolio_id': portfolioId }).first();
    return row && toAward(row);
  },

  /** Adds the award; returns its id. */
  async insert(db: Db, portfolioId: number, input: AwardInput, at: Date): Promise<number> {
    const [row] = await db('awards')
      .insert({ portfolio_id: portfolioId, ...toRow(input), created_at: at, updated_at: at })
      .returning<{ id: number }[]>('id');
    return row!.id;
  },

  async update(db: Db, portfolioId: number, id: number, input: AwardInput, at: Date): Promise<boolean> {
    const rows = await db('awards')
      .where({ id, portfolio_id: portfolioId })
      .update({ ...toRow(input), updated_at: at })
      .returning('id');
    return rows.length > 0;
  },

  async remove(db: Db, portfolioId: number, id: number): Promise<boolean> {
    // Returned as the deleted id: on PGlite a delete whose foreign keys cascade reports its
    // result as an object rather than a count.
    const rows = await db('awards').where({ id, portfolio_id: portfolioId }).delete().returning('id');
    return rows.length > 0;
  },

  /** Awards of a scheme awarded within [from, to] (ISO dates), with their holder: the reminder job's candidates. */
  async awardedBetween(db: Db, scheme: AwardScheme, from: string, to: string): Promise<AwardWithHolder[]> {
    const rows: Row[] = await db('awards')
      .join('portfolios', 'portfolios.id', 'awards.portfolio_id')
      .join('users', 'users.id', 'portfolios.owner_id')
      .select([...columns.map((column) => `awards.${column}`), db.raw('false as verified'), db.raw('coalesce(portfolios.display_name, users.name) as holder_name'), 'users.email as holder_email'])
      .where('awards.scheme', scheme)
      .whereBetween('awards.awarded_on', [from, to])
      .orderBy('awards.id');
    return rows.map((row) => ({ ...toAward(row), holderName: row.holder_name as string, holderEmail: row.holder_email as string }));
  },

  /**
   * Claims one reminder of one award for one renewal date: true for the one caller (of any
   * process) whose row went in; false when it was sent already. Call it in the transaction that
   * enqueues the email, so a rollback frees the claim.
   */
  async claimReminder(db: Db, awardId: number, renewalOn: string, daysBefore: number, at: Date): Promise<boolean> {
    const rows = await db('award_reminders_sent')
      .insert({ award_id: awardId, renewal_on: renewalOn, days_before: daysBefore, sent_at: at })
      .onConflict(['award_id', 'renewal_on', 'days_before'])
      .ignore()
      .returning('award_id');
    return rows.length > 0;
  },
};

import type { Db } from '../knex';

export interface EmailVerification {
  id: number;
  userId: number;
  email: string;
  expiresAt: Date;
  usedAt: Date | null;
}

interface VerificationRow {
  id: number;
  user_id: number;
  email: string;
  expires_at: Date;
  used_at: Date | null;
}

const byHash = (db: Db, tokenHash: string) => db<VerificationRow>('email_verifications').select('id', 'user_id', 'email', 'expires_at', 'used_at').where('token_hash', tokenHash);

const toVerification = (row: VerificationRow | undefined): EmailVerification | undefined => row && { id: row.id, userId: row.user_id, email: row.email, expiresAt: row.expires_at, usedAt: row.used_at };

export const emailVerificationRepository = {
  async insert(db: Db, verification: { userId: number; email: string; tokenHash: string; expiresAt: Date; at: Date }): Promise<void> {
    await db('email_verifications').insert({ user_id: verification.userId, email: verification.email, token_hash: verification.tokenHash, expires_at: verification.expiresAt, created_at: verification.at });
  },

  async findByHash(db: Db, tokenHash: string): Promise<EmailVerification | undefined> {
    return toVerification(await byHash(db, tokenHash).first());
  },

  /** The verification with this hash, locked for the rest of the transaction (single use). */
  async findByHashForUpdate(db: Db, tokenHash: string): Promise<EmailVerification | undefined> {
    return toVerification(await byHash(db, tokenHash).forUpdate().first());
  },

  /** Spends every unused link of the user: the address is proved, or another was asked for. */
  async useAllForUser(db: Db, userId: number, at: Date): Promise<void> {
    await db('email_verifications').where('user_id', userId).whereNull('used_at').update({ used_at: at });
  },
};

import type { Db } from '../knex';

export interface PasswordReset {
  id: number;
  userId: number;
  expiresAt: Date;
  usedAt: Date | null;
}

export const passwordResetRepository = {
  async insert(db: Db, reset: { userId: number; tokenHash: string; expiresAt: Date }): Promise<void> {
    await db('password_resets').insert({ user_id: reset.userId, token_hash: reset.tokenHash, expires_at: reset.expiresAt });
  },

  /** The reset with this hash, locked for the rest of the transaction (single use). */
  async findByHashForUpdate(db: Db, tokenHash: string): Promise<PasswordReset | undefined> {
    const row: { id: number; user_id: number; expires_at: Date; used_at: Date | null } | undefined = await db('password_resets')
      .select('id', 'user_id', 'expires_at', 'used_at')
      .where('token_hash', tokenHash)
      .forUpdate()
      .first();
    return row && { id: row.id, userId: row.user_id, expiresAt: row.expires_at, usedAt: row.used_at };
  },

  /** Marks every unused reset of the user as used: one reset spends all earlier links. */
  async useAllForUser(db: Db, userId: number, at: Date): Promise<void> {
    await db('password_resets').where('user_id', userId).whereNull('used_at').update({ used_at: at });
  },
};

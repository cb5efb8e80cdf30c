import type { Db } from '../knex';
import { prepared } from '../prepared';

export interface ApiToken {
  id: number;
  userId: number;
  name: string;
  tokenHint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface ApiTokenRow {
  id: number;
  user_id: number;
  name: string;
  token_hint: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const columns = ['id', 'user_id', 'name', 'token_hint', 'created_at', 'last_used_at', 'revoked_at'];

const toToken = (row: ApiTokenRow): ApiToken => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  tokenHint: row.token_hint,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

export const apiTokenRepository = {
  async insert(db: Db, token: { userId: number; name: string; tokenHash: string; tokenHint: string }): Promise<number> {
    const [row] = await db('api_tokens').insert({ user_id: token.userId, name: token.name, token_hash: token.tokenHash, token_hint: token.tokenHint }).returning<{ id: number }[]>('id');
    return row!.id;
  },

  async listForUser(db: Db, userId: number): Promise<ApiToken[]> {
    const rows: ApiTokenRow[] = await db('api_tokens').select(columns).where('user_id', userId).orderBy('created_at', 'desc').orderBy('id', 'desc');
    return rows.map(toToken);
  },

  /** The live (not revoked) token with this hash. */
  async findActiveByHash(db: Db, tokenHash: string): Promise<ApiToken | undefined> {
    const row: ApiTokenRow | undefined = await prepared(db('api_tokens').select(columns).where('token_hash', tokenHash).whereNull('revoked_at')).first();
    return row && toToken(row);
  },

  async touch(db: Db, id: number, at: Date): Promise<void> {
    await db('api_tokens').where('id', id).update({ last_used_at: at });
  },

  /** Revokes the user's token; false when the user has no such live token. */
  async revoke(db: Db, userId: number, id: number, at: Date): Promise<boolean> {
    const count = await db('api_tokens').where({ id, user_id: userId }).whereNull('revoked_at').update({ revoked_at: at });
    return count > 0;
  },
};

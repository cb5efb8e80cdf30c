import type { ServiceDeps } from '../deps';
import { notFound, validationError } from '../../errors';
import type { ApiToken } from '../../db/repositories/api-token-repository';
import type { User } from '../../db/repositories/user-repository';
import { hashToken, looksLikeToken, newSecretToken } from '../secret-token';

/** Personal access tokens start with this, so a leaked one is recognisable (secret scanners). */
export const API_TOKEN_PREFIX = 'eia_pat_';

const messages = {
  noUser: 'There is no account with this email address.',
  tokenNotFound: 'This token does not exist or is already revoked.',
};

/** Issues a token for the user; the token is returned once and only its hash is kept. */
export async function createApiToken(deps: ServiceDeps, userId: number, name: string): Promise<{ token: string; record: ApiToken }> {
  const { token, hash } = newSecretToken(API_TOKEN_PREFIX);
  return deps.db.transaction(async (trx) => {
    const id = await deps.repos.apiToken.insert(trx, { userId, name: name.trim() || 'API token', tokenHash: hash, tokenHint: token.slice(-4) });
    await deps.repos.audit.record(trx, { actorId: userId, action: 'api_token.created', entityType: 'api_token', entityId: id, at: deps.clock.now() });
    const record = (await deps.repos.apiToken.listForUser(trx, userId)).find((t) => t.id === id)!;
    return { token, record };
  });
}

/** Same as createApiToken, for the account with this email (command line). */
export async function createApiTokenForEmail(deps: ServiceDeps, email: string, name: string) {
  const user = await deps.repos.user.findByEmailWithSecret(deps.db, email);
  if (!user) throw validationError({ email: messages.noUser });
  return createApiToken(deps, user.id, name);
}

export const listApiTokens = (deps: Pick<ServiceDeps, 'db' | 'repos'>, userId: number) => deps.repos.apiToken.listForUser(deps.db, userId);

/** Revokes one of the user's own tokens; another user's token id is "not found". */
export async function revokeApiToken(deps: ServiceDeps, userId: number, tokenId: number): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    if (!(await deps.repos.apiToken.revoke(trx, userId, tokenId, now))) throw notFound(messages.tokenNotFound);
    await deps.repos.audit.record(trx, { actorId: userId, action: 'api_token.revoked', entityType: 'api_token', entityId: tokenId, at: now });
  });
}

/** How often a token's last use is written at most. */
export const LAST_USED_PRECISION_MS = 60_000;

/** The user a bearer token stands for, or undefined for a malformed, unknown or revoked token. */
export async function userForApiToken(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, token: string): Promise<User | undefined> {
  if (!looksLikeToken(token, API_TOKEN_PREFIX)) return undefined;
  const record = await deps.repos.apiToken.findActiveByHash(deps.db, hashToken(token));
  if (!record) return undefined;
  // The "last used" shown on the tokens page is kept to the minute: a burst of API calls writes once.
  const now = deps.clock.now();
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) await deps.repos.apiToken.touch(deps.db, record.id, now);
  return deps.repos.user.findById(deps.db, record.userId);
}

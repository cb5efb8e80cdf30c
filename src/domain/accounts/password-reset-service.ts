import type { ServiceDeps } from '../deps';
import { validationError } from '../../errors';
import type { PasswordReset } from '../../db/repositories/password-reset-repository';
import { hashToken, looksLikeToken, newSecretToken } from '../secret-token';
import { mailTemplates } from '../../mail/templates';
import { passwordProblem } from './password-policy';
import { hashPassword } from './password-hasher';
import type { Db } from '../../db/knex';
import type { Repositories } from '../../db/repositories';

export const RESET_LINK_VALID_MINUTES = 60;

/** Where a reset link points; the token is the last path segment (the logger redacts it). */
export const resetLinkPath = (token: string) => `/password/reset/${token}`;

export type ResetLinkState = 'valid' | 'invalid';

/** Emails a single-use reset link if an account has this email; says nothing either way. */
export async function requestPasswordReset(deps: ServiceDeps, email: string): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const user = await deps.repos.user.findByEmailWithSecret(trx, email);
    if (!user) return;
    const { token, hash } = newSecretToken();
    const now = deps.clock.now();
    await deps.repos.passwordReset.insert(trx, { userId: user.id, tokenHash: hash, expiresAt: new Date(now.getTime() + RESET_LINK_VALID_MINUTES * 60_000) });
    await deps.mailer.enqueue(trx, mailTemplates.passwordReset(user, deps.baseUrl + resetLinkPath(token), RESET_LINK_VALID_MINUTES));
    await deps.repos.audit.record(trx, { actorId: null, action: 'account.password_reset_requested', entityType: 'user', entityId: user.id, at: now });
  });
  deps.mailer.wake();
}

async function usableReset(repos: Repositories, db: Db, token: string, now: Date): Promise<PasswordReset | undefined> {
  if (!looksLikeToken(token)) return undefined;
  const reset = await repos.passwordReset.findByHashForUpdate(db, hashToken(token));
  if (!reset || reset.usedAt || reset.expiresAt.getTime() <= now.getTime()) return undefined;
  return reset;
}

/** Whether a reset link can still be used (unknown, used and expired links look the same). */
export async function resetLinkState(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, token: string): Promise<ResetLinkState> {
  return deps.db.transaction(async (trx) => ((await usableReset(deps.repos, trx, token, deps.clock.now())) ? 'valid' : 'invalid'));
}

/** Sets a new password from a reset link; the link, and any earlier one, is spent. */
export async function resetPassword(deps: ServiceDeps, token: string, newPassword: string): Promise<'done' | 'invalid'> {
  const passwordHash = await hashPassword(newPassword);
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const reset = await usableReset(deps.repos, trx, token, now);
    if (!reset) return 'invalid';
    const user = (await deps.repos.user.findById(trx, reset.userId))!;
    const problem = passwordProblem(newPassword, user);
    if (problem) throw validationError({ password: problem });
    await deps.repos.user.updatePassword(trx, user.id, passwordHash, now);
    await deps.repos.passwordReset.useAllForUser(trx, user.id, now);
    await deps.repos.audit.record(trx, { actorId: user.id, action: 'account.password_reset', entityType: 'user', entityId: user.id, at: now });
    return 'done';
  });
}

import type { ServiceDeps } from '../deps';
import type { Db } from '../../db/knex';
import type { User } from '../../db/repositories/user-repository';
import { normaliseEmail } from '../../validation/email-address';
import { accountTemplates } from '../../mail/account-templates';
import { hashToken, looksLikeToken, newSecretToken } from '../secret-token';
import { verifyPassword } from './password-hasher';
import { validationError } from '../../errors';

/**
 * An address is an account's only once mail sent there was read: a link, valid two days, used
 * once. Until then the account cannot see or answer supervision requests sent to the address
 * (anyone can type someone else's address when registering); the emailed link of a request
 * still works without an account. A change of address works the same way: the new address is
 * the account's when the link sent to it is opened.
 */

export const VERIFY_LINK_VALID_HOURS = 48;
export const verifyLinkPath = (token: string) => `/account/verify/${token}`;

const messages = {
  wrongPassword: 'This is not your current password.',
  sameAddress: 'This is already your email address.',
};

/** Sends a link proving the user receives mail at `email` (their own address by default); in the caller's transaction. */
export async function sendEmailVerification(deps: ServiceDeps, db: Db, user: Pick<User, 'id' | 'name' | 'email'>, email = user.email): Promise<void> {
  const { token, hash } = newSecretToken();
  const now = deps.clock.now();
  const address = normaliseEmail(email);
  await deps.repos.emailVerification.insert(db, { userId: user.id, email: address, tokenHash: hash, expiresAt: new Date(now.getTime() + VERIFY_LINK_VALID_HOURS * 3_600_000), at: now });
  await deps.mailer.enqueue(db, accountTemplates.verifyEmail({ email: address, name: user.name }, deps.baseUrl + verifyLinkPath(token), VERIFY_LINK_VALID_HOURS, address !== normaliseEmail(user.email)));
  await deps.repos.audit.record(db, { actorId: user.id, action: 'account.email_verification_sent', entityType: 'user', entityId: user.id, details: { change: address !== normaliseEmail(user.email) }, at: now });
}

/** Sends the signed-in user a new link for their own address. */
export async function resendEmailVerification(deps: ServiceDeps, user: User): Promise<void> {
  await deps.db.transaction((trx) => sendEmailVerification(deps, trx, user));
  deps.mailer.wake();
}

export type VerifyOutcome = { outcome: 'verified'; userId: number } | { outcome: 'invalid' };

/**
 * The address a link would prove, without using it: opening the link only shows a button
 * (a GET changes nothing, so a mail scanner that follows links proves nobody's address).
 */
export async function emailVerificationFor(deps: ServiceDeps, token: string): Promise<{ email: string } | undefined> {
  if (!looksLikeToken(token)) return undefined;
  const verification = await deps.repos.emailVerification.findByHash(deps.db, hashToken(token));
  if (!verification || verification.usedAt || verification.expiresAt <= deps.clock.now()) return undefined;
  return { email: verification.email };
}

/**
 * Opens a verification link: the account's address is proved (or changed to the one proved,
 * the old address told). Unknown, used and expired links, and a change to an address another
 * account took meanwhile, are all "invalid".
 */
export async function verifyEmail(deps: ServiceDeps, token: string): Promise<VerifyOutcome> {
  if (!looksLikeToken(token)) return { outcome: 'invalid' };
  const now = deps.clock.now();
  const result = await deps.db.transaction(async (trx): Promise<VerifyOutcome> => {
    const verification = await deps.repos.emailVerification.findByHashForUpdate(trx, hashToken(token));
    if (!verification || verification.usedAt || verification.expiresAt <= now) return { outcome: 'invalid' };
    const user = await deps.repos.user.findById(trx, verification.userId);
    if (!user) return { outcome: 'invalid' };
    const change = verification.email !== normaliseEmail(user.email);
    const holder = change ? await deps.repos.user.findByEmailWithSecret(trx, verification.email) : undefined;
    if (holder) return { outcome: 'invalid' };
    await deps.repos.user.setVerifiedEmail(trx, user.id, verification.email, now);
    await deps.repos.emailVerification.useAllForUser(trx, user.id, now);
    if (change) await deps.mailer.enqueue(trx, accountTemplates.emailChanged(user.email, user.name, verification.email));
    await deps.repos.audit.record(trx, {
      actorId: user.id,
      action: change ? 'account.email_changed' : 'account.email_verified',
      entityType: 'user',
      entityId: user.id,
      ...(change ? { details: { from: user.email, to: verification.email } } : {}),
      at: now,
    });
    return { outcome: 'verified', userId: user.id };
  });
  deps.mailer.wake();
  return result;
}

/**
 * Asks to change the account's address: after the current password, a link goes to the new
 * address, which becomes the account's only when it is opened. An address another account
 * has gets the same answer and no mail (what other accounts exist is nobody's business).
 */
export async function requestEmailChange(deps: ServiceDeps, userId: number, input: { newEmail: string; currentPassword: string }): Promise<void> {
  const user = await deps.repos.user.findByIdWithSecret(deps.db, userId);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) throw validationError({ currentPassword: messages.wrongPassword });
  const email = normaliseEmail(input.newEmail);
  if (email === normaliseEmail(user.email)) throw validationError({ newEmail: messages.sameAddress });
  await deps.db.transaction(async (trx) => {
    if (await deps.repos.user.findByEmailWithSecret(trx, email)) return;
    await sendEmailVerification(deps, trx, user, email);
  });
  deps.mailer.wake();
}

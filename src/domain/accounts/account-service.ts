import type { ServiceDeps } from '../deps';
import { conflict, forbidden, validationError } from '../../errors';
import type { User } from '../../db/repositories/user-repository';
import { normaliseEmail } from '../../validation/email-address';
import { passwordProblem } from './password-policy';
import { hashPassword, verifyPassword } from './password-hasher';
import { SELF_SERVICE_ROLES, type Role } from './roles';
import { accountTemplates } from '../../mail/account-templates';
import { sendEmailVerification } from './email-verification-service';

export type { User } from '../../db/repositories/user-repository';

const messages = {
  alreadySetUp: 'This instance already has an administrator. Sign in instead.',
  registrationClosed: 'Registration is closed on this instance. Ask an administrator to create your account.',
  emailTaken: 'An account with this email address already exists. Sign in, or reset your password if you have forgotten it.',
  roleNotOffered: 'Choose whether you are applying for accreditation or supervising.',
  wrongCurrentPassword: 'This is not your current password.',
  sameAsCurrent: 'Choose a password different from your current one.',
};

export interface NewAccount {
  name: string;
  email: string;
  password: string;
}

/** True once the first administrator exists. */
export async function isSetUp(deps: Pick<ServiceDeps, 'db' | 'repos'>): Promise<boolean> {
  return (await deps.repos.user.count(deps.db)) > 0;
}

function checkPassword(field: string, account: { email?: string; name?: string; password: string }) {
  const problem = passwordProblem(account.password, account);
  if (problem) throw validationError({ [field]: problem });
}

/** Refuses to set up an instance that already has an administrator. */
export async function refuseIfSetUp(deps: Pick<ServiceDeps, 'db' | 'repos'>): Promise<void> {
  if (await isSetUp(deps)) throw conflict(messages.alreadySetUp);
}

/** Creates the first administrator; refused once any account exists. */
/**
 * Creates the first administrator. Someone installing the app for their own practice keeps
 * their portfolio with the same account (`ownPortfolio`): it also has the applicant role.
 */
export async function createFirstAdmin(deps: ServiceDeps, input: NewAccount & { ownPortfolio?: boolean }): Promise<User> {
  checkPassword('password', input);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (trx) => {
    // Two first-run forms submitted at once: the lock makes the second see the first.
    await deps.repos.user.lockAgainstInserts(trx);
    if ((await deps.repos.user.count(trx)) > 0) throw conflict(messages.alreadySetUp);
    const roles: Role[] = input.ownPortfolio ? ['admin', 'applicant'] : ['admin'];
    const id = await deps.repos.user.insert(trx, { name: input.name, email: input.email, passwordHash, roles, at: deps.clock.now() });
    await deps.repos.audit.record(trx, { actorId: id, action: 'account.first_admin_created', entityType: 'user', entityId: id, details: { roles }, at: deps.clock.now() });
    return (await deps.repos.user.findById(trx, id))!;
  });
}

/**
 * Registers an applicant or a supervisor while registration is open. The answer is the same
 * whether the address is new or not, so registering says nothing about who has an account: a
 * new address gets its account and a link to confirm the address; an address that has an
 * account gets a note to its owner (sign in, or reset the password), and nothing changes.
 */
export async function register(deps: ServiceDeps, input: NewAccount & { role: Role }): Promise<void> {
  if (!SELF_SERVICE_ROLES.includes(input.role)) throw validationError({ role: messages.roleNotOffered });
  checkPassword('password', input);
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    if (!(await deps.repos.settings.get(trx, 'registrationOpen'))) throw forbidden(messages.registrationClosed);
    const owner = await deps.repos.user.findByEmailWithSecret(trx, input.email);
    if (owner) {
      await deps.mailer.enqueue(trx, accountTemplates.registrationAttempt(owner, `${deps.baseUrl}/login`, `${deps.baseUrl}/password/forgot`));
      await deps.repos.audit.record(trx, { actorId: null, action: 'account.registration_attempted', entityType: 'user', entityId: owner.id, at: now });
      return;
    }
    const id = await deps.repos.user.insert(trx, { ...input, passwordHash, roles: [input.role], at: now });
    await deps.repos.audit.record(trx, { actorId: id, action: 'account.registered', entityType: 'user', entityId: id, details: { role: input.role }, at: now });
    await sendEmailVerification(deps, trx, { id, name: input.name, email: input.email });
  });
  deps.mailer.wake();
}

/** Creates an account with any roles (command line and admins); no registration check. */
export async function createUser(deps: ServiceDeps, input: NewAccount & { roles: Role[] }, actorId: number | null): Promise<User> {
  checkPassword('password', input);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (trx) => {
    if (await deps.repos.user.findByEmailWithSecret(trx, input.email)) throw validationError({ email: messages.emailTaken });
    const id = await deps.repos.user.insert(trx, { ...input, passwordHash, roles: input.roles, at: deps.clock.now() });
    await deps.repos.audit.record(trx, { actorId, action: 'account.created', entityType: 'user', entityId: id, details: { roles: input.roles }, at: deps.clock.now() });
    return (await deps.repos.user.findById(trx, id))!;
  });
}

/** The account with this id, without its secret (a session names its user by id). */
export const findUser = (deps: Pick<ServiceDeps, 'db' | 'repos'>, id: number): Promise<User | undefined> => deps.repos.user.findById(deps.db, id);

/** The user whose email and password these are, or undefined (never says which was wrong). */
export async function authenticate(deps: Pick<ServiceDeps, 'db' | 'repos'>, email: string, password: string): Promise<User | undefined> {
  const user = await deps.repos.user.findByEmailWithSecret(deps.db, normaliseEmail(email));
  if (!(await verifyPassword(user?.passwordHash, password)) || !user) return undefined;
  const { passwordHash: _hidden, ...withoutSecret } = user;
  return withoutSecret;
}

/** Changes the user's password after checking the current one; other sessions end. */
export async function changePassword(deps: ServiceDeps, userId: number, input: { currentPassword: string; newPassword: string }): Promise<User> {
  const user = await deps.repos.user.findByIdWithSecret(deps.db, userId);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw validationError({ currentPassword: messages.wrongCurrentPassword });
  }
  if (input.newPassword === input.currentPassword) throw validationError({ newPassword: messages.sameAsCurrent });
  checkPassword('newPassword', { email: user.email, name: user.name, password: input.newPassword });
  const passwordHash = await hashPassword(input.newPassword);
  const changedAt = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    await deps.repos.user.updatePassword(trx, userId, passwordHash, changedAt);
    await deps.repos.audit.record(trx, { actorId: userId, action: 'account.password_changed', entityType: 'user', entityId: userId, at: changedAt });
    return (await deps.repos.user.findById(trx, userId))!;
  });
}

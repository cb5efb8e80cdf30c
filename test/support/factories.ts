import { randomBytes } from 'node:crypto';
import type { ServiceDeps } from '../../src/domain/deps';
import type { Role } from '../../src/domain/accounts/roles';
import { createUser } from '../../src/domain/accounts/account-service';
import { userRepository, type User } from '../../src/db/repositories/user-repository';
import { submitForm } from './forms';
import type request from 'supertest';

export const GOOD_PASSWORD = 'lantern orchard ninety';

/**
 * A user with these roles and a unique email; the password is GOOD_PASSWORD unless given. The
 * address is confirmed (as after opening the emailed link) unless `verified: false`.
 */
export async function makeUser(deps: ServiceDeps, roles: Role[] = ['applicant'], overrides: { email?: string; name?: string; password?: string; verified?: boolean } = {}): Promise<User> {
  const email = overrides.email ?? `person-${randomBytes(4).toString('hex')}@example.org`;
  const user = await createUser(deps, { email, name: overrides.name ?? 'Ana Kowalska', password: overrides.password ?? GOOD_PASSWORD, roles }, null);
  if (overrides.verified === false) return user;
  await userRepository.setVerifiedEmail(deps.db, user.id, user.email, deps.clock.now());
  return { ...user, emailVerifiedAt: deps.clock.now() };
}

/** Signs the agent in through the login form. */
export async function signInAs(agent: ReturnType<typeof request.agent>, user: { email: string }, password = GOOD_PASSWORD) {
  const response = await submitForm(agent, '/login', { email: user.email, password });
  if (response.status !== 303) throw new Error(`Sign-in failed with ${response.status}`);
  return response;
}

import type { ServiceDeps } from '../deps';
import { conflict, validationError } from '../../errors';
import { verifyPassword } from './password-hasher';
import { RECORD_TYPES } from '../records';

const messages = {
  wrongPassword: 'This is not your password. Enter your current password to confirm.',
  lastAdmin: 'You are the last administrator. Make someone else an administrator before deleting your account.',
  confirm: 'Tick the box to confirm that you want everything deleted.',
};

/** Audit lines about the person's own evidence carry its content; they go with the account. */
const PERSONAL_ENTITY_TYPES = [...RECORD_TYPES, 'portfolio', 'evidence_file', 'api_token'];

/**
 * Deletes the account after checking the password: the user row and, through foreign keys,
 * the portfolio, every record, file row and link, tokens and sessions. The stored file bytes
 * go with the next cleanup. One audit line remains, naming no one.
 */
export async function deleteAccount(deps: ServiceDeps, userId: number, input: { password: string; confirm?: boolean }): Promise<void> {
  if (!input.confirm) throw validationError({ confirm: messages.confirm });
  const user = await deps.repos.user.findByIdWithSecret(deps.db, userId);
  if (!user || !(await verifyPassword(user.passwordHash, input.password))) throw validationError({ password: messages.wrongPassword });
  await deps.db.transaction(async (trx) => {
    if (user.roles.includes('admin')) {
      const admins = await deps.repos.user.lockAdminIds(trx);
      if (admins.length === 1) throw conflict(messages.lastAdmin);
    }
    await deps.repos.audit.removeByActor(trx, userId, PERSONAL_ENTITY_TYPES);
    await deps.repos.session.removeForUser(trx, userId);
    await deps.repos.user.remove(trx, userId);
    await deps.repos.audit.record(trx, { actorId: null, action: 'account.deleted', entityType: 'user', entityId: userId, at: deps.clock.now() });
  });
}

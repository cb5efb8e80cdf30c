import type { ServiceDeps } from '../deps';
import { conflict, notFound } from '../../errors';
import type { User } from '../../db/repositories/user-repository';
import type { AuditEvent } from '../../db/repositories/audit-repository';
import type { OutboxMessage } from '../../db/repositories/outbox-repository';
import type { Role } from './roles';

const messages = {
  lastAdmin: 'This is the last administrator. Make someone else an administrator first, so the instance is never without one.',
  noSuchUser: 'There is no such user.',
};

export const listUsers = (deps: Pick<ServiceDeps, 'db' | 'repos'>): Promise<User[]> => deps.repos.user.list(deps.db);

/** One account, or undefined. */
export const findUser = (deps: Pick<ServiceDeps, 'db' | 'repos'>, id: number): Promise<User | undefined> => deps.repos.user.findById(deps.db, id);

/** The latest messages of the outbox, newest first, for administrators to read. */
export const latestMail = (deps: Pick<ServiceDeps, 'db' | 'repos'>, limit: number): Promise<OutboxMessage[]> => deps.repos.outbox.latest(deps.db, limit);

/** One message of the outbox, or undefined. */
export const findMail = (deps: Pick<ServiceDeps, 'db' | 'repos'>, id: number): Promise<OutboxMessage | undefined> => deps.repos.outbox.findById(deps.db, id);

/** The latest lines of the audit log, newest first. */
export const latestAuditEvents = (deps: Pick<ServiceDeps, 'db' | 'repos'>, limit: number): Promise<AuditEvent[]> => deps.repos.audit.latest(deps.db, limit);

export const registrationOpen = (deps: Pick<ServiceDeps, 'db' | 'repos'>) => deps.repos.settings.get(deps.db, 'registrationOpen');

/** Grants or revokes a role; the last administrator cannot lose the admin role. */
export async function setRole(deps: ServiceDeps, actorId: number, userId: number, role: Role, granted: boolean): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const user = await deps.repos.user.findById(trx, userId);
    if (!user) throw notFound(messages.noSuchUser);
    if (granted) {
      await deps.repos.user.addRole(trx, userId, role);
    } else {
      if (role === 'admin') {
        const admins = await deps.repos.user.lockAdminIds(trx);
        if (admins.length === 1 && admins[0] === userId) throw conflict(messages.lastAdmin);
      }
      await deps.repos.user.removeRole(trx, userId, role);
    }
    await deps.repos.audit.record(trx, {
      actorId,
      action: granted ? 'role.granted' : 'role.revoked',
      entityType: 'user',
      entityId: userId,
      details: { role },
      at: deps.clock.now(),
    });
  });
}

/** Opens or closes self-service registration. */
export async function setRegistrationOpen(deps: ServiceDeps, actorId: number, open: boolean): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    await deps.repos.settings.set(trx, 'registrationOpen', open, now);
    await deps.repos.audit.record(trx, { actorId, action: open ? 'registration.opened' : 'registration.closed', entityType: 'settings', entityId: 'registrationOpen', at: now });
  });
}

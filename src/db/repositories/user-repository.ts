import { normaliseEmail } from '../../validation/email-address';
import type { Db } from '../knex';
import { prepared } from '../prepared';
import type { Role } from '../../domain/accounts/roles';

export interface User {
  id: number;
  email: string;
  name: string;
  roles: Role[];
  createdAt: Date;
  passwordChangedAt: Date;
  /** Changes with every password change: sessions opened before it are no longer valid. */
  sessionGeneration: number;
  /** When the account proved it receives mail at its address (a link sent there was opened); null until then. */
  emailVerifiedAt: Date | null;
}

export interface UserWithSecret extends User {
  passwordHash: string;
}

/** A user's row; its times are text where it was read as JSON inside another statement. */
interface UserRow {
  id: number;
  email: string;
  name: string;
  password_hash: string;
  created_at: Date | string;
  password_changed_at: Date | string;
  session_generation: number;
  email_verified_at: Date | string | null;
}

const columns = ['id', 'email', 'name', 'password_hash', 'created_at', 'password_changed_at', 'session_generation', 'email_verified_at'];
const columnsWithoutSecret = columns.filter((column) => column !== 'password_hash');

/** Emails are compared trimmed and lower-case everywhere. */

async function rolesByUser(db: Db, userIds: number[]): Promise<Map<number, Role[]>> {
  const rows: { user_id: number; role: Role }[] = userIds.length ? await db('user_roles').select('user_id', 'role').whereIn('user_id', userIds).orderBy('role') : [];
  const map = new Map<number, Role[]>();
  for (const row of rows) map.set(row.user_id, [...(map.get(row.user_id) ?? []), row.role]);
  return map;
}

/** A user with their roles in one query (the session's lookup reads one so with every signed-in request). */
function withRoles(db: Db, selected = columns) {
  const roles = db.raw(`coalesce((select json_agg(user_roles.role order by user_roles.role) from user_roles where user_roles.user_id = users.id), '[]'::json) as roles`);
  return db('users').select<(UserRow & { roles: Role[] })[]>([...selected, roles]);
}

/**
 * The users with their roles and without the password hash, as rows for a statement that reads
 * a user along with something else (the session's own lookup: session-repository.ts); each row
 * becomes a User through userFromRow, also when it was read as JSON.
 */
export const usersWithRoles = (db: Db) => withRoles(db, columnsWithoutSecret);

export const userFromRow = (row: Omit<UserRow, 'password_hash'> & { roles: Role[] }): User => withoutSecret(toUser({ ...row, password_hash: '' }, row.roles));

function toUser(row: UserRow, roles: Role[]): UserWithSecret {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles,
    createdAt: new Date(row.created_at),
    passwordChangedAt: new Date(row.password_changed_at),
    sessionGeneration: row.session_generation,
    emailVerifiedAt: row.email_verified_at ? new Date(row.email_verified_at) : null,
    passwordHash: row.password_hash,
  };
}

const withoutSecret = ({ passwordHash: _hidden, ...user }: UserWithSecret): User => user;

export const userRepository = {
  async count(db: Db): Promise<number> {
    const row = await db('users').count<{ count: number }[]>('* as count').first();
    return Number(row?.count ?? 0);
  },

  async findByEmailWithSecret(db: Db, email: string): Promise<UserWithSecret | undefined> {
    const row = await withRoles(db).where('email', normaliseEmail(email)).first();
    return row && toUser(row, row.roles);
  },

  async findByIdWithSecret(db: Db, id: number): Promise<UserWithSecret | undefined> {
    const row = await prepared(withRoles(db).where('id', id)).first();
    return row && toUser(row, row.roles);
  },

  async findById(db: Db, id: number): Promise<User | undefined> {
    const user = await userRepository.findByIdWithSecret(db, id);
    return user && withoutSecret(user);
  },

  async list(db: Db): Promise<User[]> {
    const rows: UserRow[] = await db('users').select(columns).orderBy('email');
    const roles = await rolesByUser(
      db,
      rows.map((row) => row.id),
    );
    return rows.map((row) => withoutSecret(toUser(row, roles.get(row.id) ?? [])));
  },

  async insert(db: Db, user: { email: string; name: string; passwordHash: string; roles: Role[]; at: Date }): Promise<number> {
    const [row] = await db('users')
      .insert({ email: normaliseEmail(user.email), name: user.name.trim(), password_hash: user.passwordHash, created_at: user.at, password_changed_at: user.at })
      .returning<{ id: number }[]>('id');
    await db('user_roles').insert(user.roles.map((role) => ({ user_id: row!.id, role })));
    return row!.id;
  },

  async updatePassword(db: Db, id: number, passwordHash: string, changedAt: Date): Promise<void> {
    await db('users')
      .where('id', id)
      .update({ password_hash: passwordHash, password_changed_at: changedAt, session_generation: db.raw('session_generation + 1') });
  },

  /** The account's address is now `email`, proved at `at` (a first proof, or a change of address). */
  async setVerifiedEmail(db: Db, id: number, email: string, at: Date): Promise<void> {
    await db('users')
      .where('id', id)
      .update({ email: normaliseEmail(email), email_verified_at: at });
  },

  async addRole(db: Db, userId: number, role: Role): Promise<void> {
    await db('user_roles').insert({ user_id: userId, role }).onConflict(['user_id', 'role']).ignore();
  },

  async removeRole(db: Db, userId: number, role: Role): Promise<void> {
    await db('user_roles').where({ user_id: userId, role }).delete();
  },

  /** Deletes the user; their portfolio, records, tokens and the rest go with it through foreign keys. */
  async remove(db: Db, id: number): Promise<void> {
    await db('users').where('id', id).delete();
  },

  /**
   * Locks the users table against inserts until the transaction ends (reads stay allowed), so
   * two first-run forms sent at once cannot both create an administrator.
   */
  async lockAgainstInserts(db: Db): Promise<void> {
    await db.raw('lock table users in share row exclusive mode');
  },

  /** Ids of admins, locked until the transaction ends so two revocations cannot both pass. */
  async lockAdminIds(db: Db): Promise<number[]> {
    const rows: { user_id: number }[] = await db('user_roles').select('user_id').where('role', 'admin').forUpdate();
    return rows.map((row) => row.user_id);
  },
};

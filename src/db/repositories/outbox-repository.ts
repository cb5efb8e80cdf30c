import type { Db } from '../knex';

/** queued: waiting or retrying · sent · failed: gave up · held: no SMTP configured, read it here. */
export type OutboxStatus = 'queued' | 'sent' | 'failed' | 'held';

export interface OutboxMessage {
  id: number;
  to: string;
  subject: string;
  text: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

interface OutboxRow {
  id: number;
  to_address: string;
  subject: string;
  body_text: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const columns = ['id', 'to_address', 'subject', 'body_text', 'status', 'attempts', 'next_attempt_at', 'last_error', 'created_at', 'sent_at'];

const toMessage = (row: OutboxRow): OutboxMessage => ({
  id: row.id,
  to: row.to_address,
  subject: row.subject,
  text: row.body_text,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  createdAt: row.created_at,
  sentAt: row.sent_at,
});

export const outboxRepository = {
  async insert(db: Db, message: { to: string; subject: string; text: string; status: OutboxStatus; at: Date }): Promise<number> {
    const [row] = await db('outbox')
      .insert({ to_address: message.to, subject: message.subject, body_text: message.text, status: message.status, created_at: message.at, next_attempt_at: message.at })
      .returning<{ id: number }[]>('id');
    return row!.id;
  },

  /**
   * Claims up to `limit` due messages for this process: each gets an attempt counted and a
   * lease (its next attempt moved to `leaseUntil`), so other processes skip it meanwhile and
   * a crash mid-send only delays it.
   */
  async claimDue(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<OutboxMessage[]> {
    const due = db('outbox').select('id').where('status', 'queued').where('next_attempt_at', '<=', now).orderBy('id').limit(limit).forUpdate().skipLocked();
    const rows: OutboxRow[] = await db('outbox')
      .whereIn('id', due)
      .update({ attempts: db.raw('attempts + 1'), next_attempt_at: leaseUntil })
      .returning(columns);
    return rows.map(toMessage).sort((a, b) => a.id - b.id);
  },

  async markSent(db: Db, id: number, at: Date): Promise<void> {
    await db('outbox').where('id', id).update({ status: 'sent', sent_at: at, last_error: null });
  },

  async markAttemptFailed(db: Db, id: number, error: string, retryAt: Date | null): Promise<void> {
    await db('outbox')
      .where('id', id)
      .update(retryAt ? { last_error: error, next_attempt_at: retryAt } : { last_error: error, status: 'failed' });
  },

  async latest(db: Db, limit: number): Promise<OutboxMessage[]> {
    const rows: OutboxRow[] = await db('outbox').select(columns).orderBy('id', 'desc').limit(limit);
    return rows.map(toMessage);
  },

  async findById(db: Db, id: number): Promise<OutboxMessage | undefined> {
    const row: OutboxRow | undefined = await db('outbox').select(columns).where('id', id).first();
    return row && toMessage(row);
  },
};

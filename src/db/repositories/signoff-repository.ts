import type { Db } from '../knex';

export type RequestState = 'pending' | 'completed' | 'revoked';
export type Decision = 'confirmed' | 'declined' | 'correction';

export interface SignoffRequest {
  id: number;
  portfolioId: number;
  supervisorEmail: string;
  supervisorName: string;
  expiresAt: Date;
  state: RequestState;
  createdAt: Date;
  sentAt: Date;
  revokedAt: Date | null;
  recordIds: number[];
}

export interface Signoff {
  id: number;
  requestId: number;
  supervisionId: number;
  decision: Decision;
  contentHash: string;
  signerName: string | null;
  reason: string | null;
  proposedDate: string | null;
  proposedHours: number | null;
  signedAt: Date;
  acceptedAt: Date | null;
  voidedAt: Date | null;
  voidReason: string | null;
}

const requestColumns = ['id', 'portfolio_id', 'supervisor_email', 'supervisor_name', 'expires_at', 'state', 'created_at', 'sent_at', 'revoked_at'];
const signoffColumns = ['id', 'request_id', 'supervision_id', 'decision', 'content_hash', 'signer_name', 'reason', 'proposed_date', 'proposed_hours', 'signed_at', 'accepted_at', 'voided_at', 'void_reason'];

/** An answer as a supervisor's daily digest lists it: who answered, about whose record, and what. */
export interface DigestAnswer {
  supervisorEmail: string;
  supervisorName: string;
  applicantName: string;
  applicantDisplayName: string | null;
  decision: Decision;
  /** Null when the record has been deleted since. */
  recordDate: string | null;
  recordHours: number | null;
}

type Row = Record<string, unknown>;

async function withRecords(db: Db, rows: Row[]): Promise<SignoffRequest[]> {
  const ids = rows.map((row) => row.id as number);
  const links: { request_id: number; supervision_id: number }[] = ids.length ? await db('signoff_request_records').select('request_id', 'supervision_id').whereIn('request_id', ids).orderBy('supervision_id') : [];
  return rows.map((row) => ({
    id: row.id as number,
    portfolioId: row.portfolio_id as number,
    supervisorEmail: row.supervisor_email as string,
    supervisorName: row.supervisor_name as string,
    expiresAt: row.expires_at as Date,
    state: row.state as RequestState,
    createdAt: row.created_at as Date,
    sentAt: row.sent_at as Date,
    revokedAt: row.revoked_at as Date | null,
    recordIds: links.filter((link) => link.request_id === row.id).map((link) => link.supervision_id),
  }));
}

const toSignoff = (row: Row): Signoff => ({
  id: row.id as number,
  requestId: row.request_id as number,
  supervisionId: row.supervision_id as number,
  decision: row.decision as Decision,
  contentHash: row.content_hash as string,
  signerName: row.signer_name as string | null,
  reason: row.reason as string | null,
  proposedDate: row.proposed_date as string | null,
  proposedHours: row.proposed_hours == null ? null : Number(row.proposed_hours),
  signedAt: row.signed_at as Date,
  acceptedAt: row.accepted_at as Date | null,
  voidedAt: row.voided_at as Date | null,
  voidReason: row.void_reason as string | null,
});

export const signoffRepository = {
  async createRequest(db: Db, request: { portfolioId: number; email: string; name: string; tokenHash: string; expiresAt: Date; at: Date; recordIds: number[] }): Promise<number> {
    const [row] = await db('signoff_requests')
      .insert({
        portfolio_id: request.portfolioId,
        supervisor_email: request.email,
        supervisor_name: request.name,
        token_hash: request.tokenHash,
        expires_at: request.expiresAt,
        created_at: request.at,
        sent_at: request.at,
      })
      .returning<{ id: number }[]>('id');
    await db('signoff_request_records').insert(request.recordIds.map((id) => ({ request_id: row!.id, supervision_id: id })));
    return row!.id;
  },

  async findByTokenHash(db: Db, tokenHash: string): Promise<SignoffRequest | undefined> {
    const rows: Row[] = await db('signoff_requests').select(requestColumns).where('token_hash', tokenHash);
    return (await withRecords(db, rows))[0];
  },

  async find(db: Db, id: number): Promise<SignoffRequest | undefined> {
    const rows: Row[] = await db('signoff_requests').select(requestColumns).where('id', id);
    return (await withRecords(db, rows))[0];
  },

  async listForPortfolio(db: Db, portfolioId: number): Promise<SignoffRequest[]> {
    return withRecords(db, await db('signoff_requests').select(requestColumns).where('portfolio_id', portfolioId).orderBy('id', 'desc'));
  },

  async listForEmail(db: Db, email: string): Promise<SignoffRequest[]> {
    return withRecords(db, await db('signoff_requests').select(requestColumns).where('supervisor_email', email).orderBy('id', 'desc'));
  },

  /** Locks the request until the transaction ends, so answers to its last records are taken one after the other. */
  async lockRequest(db: Db, id: number): Promise<void> {
    await db('signoff_requests').select('id').where('id', id).forUpdate();
  },

  async replaceToken(db: Db, id: number, tokenHash: string, expiresAt: Date, at: Date): Promise<void> {
    await db('signoff_requests').where('id', id).update({ token_hash: tokenHash, expires_at: expiresAt, sent_at: at, reminder_sent_at: null, expiry_notified_at: null });
  },

  async setState(db: Db, id: number, state: RequestState, at: Date): Promise<void> {
    await db('signoff_requests')
      .where('id', id)
      .update({ state, ...(state === 'revoked' ? { revoked_at: at } : {}) });
  },

  /** Records the answer unless one exists already for this record in this request (double submit). */
  async insertAnswer(db: Db, answer: Omit<Signoff, 'id' | 'acceptedAt' | 'voidedAt' | 'voidReason'> & { ip: string | null; userAgent: string | null }): Promise<boolean> {
    const rows = await db('signoffs')
      .insert({
        request_id: answer.requestId,
        supervision_id: answer.supervisionId,
        decision: answer.decision,
        content_hash: answer.contentHash,
        signer_name: answer.signerName,
        reason: answer.reason,
        proposed_date: answer.proposedDate,
        proposed_hours: answer.proposedHours,
        ip: answer.ip,
        user_agent: answer.userAgent,
        signed_at: answer.signedAt,
      })
      .onConflict(['request_id', 'supervision_id'])
      .ignore()
      .returning('id');
    return rows.length > 0;
  },

  async answersForRequest(db: Db, requestId: number): Promise<Signoff[]> {
    return (await db('signoffs').select(signoffColumns).where('request_id', requestId).orderBy('id')).map(toSignoff);
  },

  /** Every answer about these records, oldest first. */
  async answersForRecords(db: Db, supervisionIds: number[]): Promise<Signoff[]> {
    if (!supervisionIds.length) return [];
    return (await db('signoffs').select(signoffColumns).whereIn('supervision_id', supervisionIds).orderBy('id')).map(toSignoff);
  },

  async findAnswer(db: Db, id: number): Promise<Signoff | undefined> {
    const row: Row | undefined = await db('signoffs').select(signoffColumns).where('id', id).first();
    return row && toSignoff(row);
  },

  /** Marks an answer as no longer in force, with the reason (it stays, for the history). */
  async voidAnswer(db: Db, id: number, reason: string, at: Date): Promise<void> {
    await db('signoffs').where('id', id).update({ voided_at: at, void_reason: reason });
  },

  async acceptCorrection(db: Db, id: number, contentHash: string, at: Date): Promise<void> {
    await db('signoffs').where('id', id).update({ accepted_at: at, content_hash: contentHash });
  },

  /** Claims pending requests expiring before `until` not yet reminded: each goes to one process only. */
  async claimReminders(db: Db, now: Date, until: Date): Promise<SignoffRequest[]> {
    const rows: Row[] = await db('signoff_requests')
      .where('state', 'pending')
      .whereNull('reminder_sent_at')
      .where('expires_at', '>', now)
      .where('expires_at', '<=', until)
      .update({ reminder_sent_at: now })
      .returning(requestColumns);
    return withRecords(db, rows);
  },

  /** Claims pending requests that have expired and whose applicant was not told yet. */
  async claimExpired(db: Db, now: Date): Promise<SignoffRequest[]> {
    const rows: Row[] = await db('signoff_requests').where('state', 'pending').whereNull('expiry_notified_at').where('expires_at', '<=', now).update({ expiry_notified_at: now }).returning(requestColumns);
    return withRecords(db, rows);
  },

  /**
   * Answers signed in [from, to) by supervisors who have an account with the supervisor role,
   * oldest first, for their daily digest.
   */
  async answersForDigest(db: Db, from: Date, to: Date): Promise<DigestAnswer[]> {
    const rows: Row[] = await db('signoffs')
      .join('signoff_requests', 'signoff_requests.id', 'signoffs.request_id')
      .join('users as supervisors', 'supervisors.email', 'signoff_requests.supervisor_email')
      .join('user_roles', (join) => join.on('user_roles.user_id', '=', 'supervisors.id').andOnVal('user_roles.role', '=', 'supervisor'))
      .join('portfolios', 'portfolios.id', 'signoff_requests.portfolio_id')
      .join('users as applicants', 'applicants.id', 'portfolios.owner_id')
      .leftJoin('supervision_entries', 'supervision_entries.id', 'signoffs.supervision_id')
      .select('supervisors.email', 'supervisors.name', 'applicants.name as applicant', 'portfolios.display_name', 'signoffs.decision', 'supervision_entries.date', 'supervision_entries.hours')
      .where('signoffs.signed_at', '>=', from)
      .where('signoffs.signed_at', '<', to)
      .orderBy('signoffs.id');
    return rows.map((row) => ({
      supervisorEmail: row.email as string,
      supervisorName: row.name as string,
      applicantName: row.applicant as string,
      applicantDisplayName: (row.display_name as string | null) ?? null,
      decision: row.decision as Decision,
      recordDate: (row.date as string | null) ?? null,
      recordHours: row.hours == null ? null : Number(row.hours),
    }));
  },

  /** True for the one process that claims this supervisor's digest of the day. */
  async claimDigest(db: Db, email: string, day: string): Promise<boolean> {
    const rows = await db('digests_sent').insert({ email, day }).onConflict(['email', 'day']).ignore().returning('email');
    return rows.length > 0;
  },
};

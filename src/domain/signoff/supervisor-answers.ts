import type { ServiceDeps } from '../deps';
import type { Db } from '../../db/knex';
import type { Repositories } from '../../db/repositories';
import type { StoredRecord } from '../records';
import type { Signoff, SignoffRequest } from '../../db/repositories/signoff-repository';
import { normaliseEmail } from '../../validation/email-address';
import { hashToken, looksLikeToken } from '../secret-token';
import { AppError, validationError } from '../../errors';
import { contentHash } from './confirmation-status';
import { isoDay } from '../dates';
import { applicantName, describe, supervision } from './signoff-shared';

const messages = {
  notPending: 'This request is no longer open: it was revoked or every record has been answered.',
  fullName: 'Enter your full name, as you would sign it.',
  declaration: 'Tick the declaration to confirm.',
  reason: 'Say why you decline, so the applicant can correct the record or ask someone else.',
  correctionNeeded: 'Propose the correct date or hours (or both).',
  hours: 'Enter the hours as a number greater than 0 and at most 24, e.g. 1.5.',
  date: 'Enter the correct date as a date such as 2026-03-12, not after today.',
  sameAsRecord: 'The proposed date and hours are the same as the record. Confirm it instead.',
  chooseAnswer: 'Choose Confirm, Decline or Propose a correction.',
  changedSinceShown: 'The applicant changed this session after you opened this page. It is shown as it is now: check it and answer again.',
  nothingToAnswer: 'Every session of this request has already been answered.',
};

/** A link that does not work: unknown, malformed, revoked or expired all look the same. */
export class SignoffLinkError extends AppError {
  constructor() {
    super('not_found', 404, 'This confirmation link does not work. It may have expired, been replaced by a newer email, or been copied incompletely. Ask the person who sent it to send it again.');
  }
}

/** How a supervisor reaches a request: the emailed token, or their signed-in account's email. */
export type SignoffAccess = { token: string } | { requestId: number; supervisorEmail: string };
export interface VisitMeta {
  ip: string | null;
  userAgent: string | null;
}

async function requestFor(deps: ServiceDeps, access: SignoffAccess): Promise<SignoffRequest> {
  let request: SignoffRequest | undefined;
  if ('token' in access) {
    if (!looksLikeToken(access.token)) throw new SignoffLinkError();
    request = await deps.repos.signoff.findByTokenHash(deps.db, hashToken(access.token));
  } else {
    request = await deps.repos.signoff.find(deps.db, access.requestId);
    if (request && request.supervisorEmail !== normaliseEmail(access.supervisorEmail)) request = undefined;
  }
  if (!request || request.state === 'revoked' || request.expiresAt.getTime() <= deps.clock.now().getTime()) throw new SignoffLinkError();
  return request;
}

export interface SupervisorView {
  request: SignoffRequest;
  applicant: string;
  /** Each session with its content hash (sent back with the answers, see RowAnswer.seenHash) and any answer. */
  items: { record: StoredRecord; description: string; hash: string; answer?: Signoff }[];
  open: boolean;
}

/** What the supervisor sees: the applicant's name and the request's records with any answers. */
export async function openRequest(deps: ServiceDeps, access: SignoffAccess, meta: VisitMeta | null): Promise<SupervisorView> {
  const request = await requestFor(deps, access);
  const answers = await deps.repos.signoff.answersForRequest(deps.db, request.id);
  const items = [];
  for (const id of request.recordIds) {
    const record = await deps.repos.record.find(deps.db, supervision, request.portfolioId, id);
    if (record) items.push({ record, description: describe(record), hash: contentHash(record.values), answer: answers.find((answer) => answer.supervisionId === id) });
  }
  // Null when the page is shown again after an error in the answers: that visit is logged already.
  if (meta)
    await deps.repos.audit.record(deps.db, { actorId: null, action: 'signoff.viewed', entityType: 'signoff_request', entityId: request.id, details: { ip: meta.ip, userAgent: meta.userAgent }, at: deps.clock.now() });
  return { request, applicant: (await applicantName(deps.repos, deps.db, request.portfolioId)).name, items, open: request.state === 'pending' };
}

/** One session's answer; the signer's name and declaration are given once for the whole page. */
export interface RowAnswer {
  recordId: number;
  /** None when the post named none it knows: never taken as a confirmation. */
  action?: 'confirm' | 'decline' | 'correct';
  reason?: string;
  proposedDate?: string;
  proposedHours?: number;
  /**
   * The content hash of the session as the page showed it. When given, an answer about a session
   * the applicant changed since is refused: the supervisor answers only what they read.
   */
  seenHash?: string;
}

export interface AnswersInput {
  fullName?: string;
  declaration?: boolean;
  rows: RowAnswer[];
}

/** A row's field as the page names it: one form holds every session, so each field carries its record's id. */
export const rowField = (field: 'action' | 'reason' | 'proposedDate' | 'proposedHours', recordId: number) => `${field}-${recordId}`;

function checkRow(row: RowAnswer, record: StoredRecord, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const field = (name: Parameters<typeof rowField>[0]) => rowField(name, row.recordId);
  if (row.seenHash !== undefined && row.seenHash !== contentHash(record.values)) return { [field('action')]: messages.changedSinceShown };
  if (!row.action) return { [field('action')]: messages.chooseAnswer };
  if (row.action === 'decline' && !row.reason?.trim()) errors[field('reason')] = messages.reason;
  if (row.action === 'correct') {
    const hours = row.proposedHours;
    if (row.proposedDate === undefined && hours === undefined) errors[field('proposedHours')] = messages.correctionNeeded;
    if (hours !== undefined && !(Number.isFinite(hours) && hours > 0 && hours <= 24)) errors[field('proposedHours')] = messages.hours;
    if (row.proposedDate !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(row.proposedDate) && row.proposedDate <= today)) errors[field('proposedDate')] = messages.date;
    const sameDate = (row.proposedDate ?? record.values.date) === record.values.date;
    const sameHours = (hours ?? record.values.hours) === record.values.hours;
    if (!Object.keys(errors).length && sameDate && sameHours) errors[field('proposedHours')] = messages.sameAsRecord;
  }
  return errors;
}

const decisionOf = (action: NonNullable<RowAnswer['action']>) => (action === 'confirm' ? 'confirmed' : action === 'decline' ? 'declined' : 'correction');

/**
 * Records the supervisor's answers about sessions of the request, all in one transaction: one
 * invalid row saves nothing, and its message is keyed by that row's field (see rowField). Each
 * answer keeps the content hash, time, IP and browser, and is audited on its own. A row already
 * answered (a replayed post, a second tab) changes nothing; a record not in the request refuses
 * the whole post.
 */
export async function answerRequest(deps: ServiceDeps, access: SignoffAccess, input: AnswersInput, meta: VisitMeta): Promise<void> {
  const request = await requestFor(deps, access);
  const recordIds = input.rows.map((row) => row.recordId);
  if (recordIds.some((id) => !request.recordIds.includes(id)) || new Set(recordIds).size !== recordIds.length) throw new SignoffLinkError();
  if (request.state !== 'pending') throw validationError({ request: messages.notPending });
  if (!input.rows.length) throw validationError({ request: messages.nothingToAnswer });
  const now = deps.clock.now();
  const signer = input.fullName?.trim() ?? '';
  await deps.db.transaction(async (trx) => {
    // Answers to the last records may arrive at once (two tabs, two processes): the lock makes
    // the second see the first, so the request is completed exactly when all are answered.
    await deps.repos.signoff.lockRequest(trx, request.id);
    const already = await deps.repos.signoff.answersForRequest(trx, request.id);
    const open = input.rows.filter((row) => !already.some((answer) => answer.supervisionId === row.recordId));
    const records = new Map<number, StoredRecord>();
    for (const row of open) {
      const record = await deps.repos.record.find(trx, supervision, request.portfolioId, row.recordId);
      if (!record) throw new SignoffLinkError();
      records.set(row.recordId, record);
    }
    const errors: Record<string, string> = {};
    if (!signer) errors.fullName = messages.fullName;
    if (open.some((row) => row.action === 'confirm') && input.declaration !== true) errors.declaration = messages.declaration;
    for (const row of open) Object.assign(errors, checkRow(row, records.get(row.recordId)!, isoDay(now)));
    if (Object.keys(errors).length) throw validationError(errors);
    for (const row of open) await saveAnswer(deps.repos, trx, request, records.get(row.recordId)!, row, signer, now, meta);
    const answered = await deps.repos.signoff.answersForRequest(trx, request.id);
    if (request.recordIds.every((id) => answered.some((answer) => answer.supervisionId === id))) await deps.repos.signoff.setState(trx, request.id, 'completed', now);
  });
}

async function saveAnswer(repos: Repositories, trx: Db, request: SignoffRequest, record: StoredRecord, row: RowAnswer, signer: string, now: Date, meta: VisitMeta): Promise<void> {
  const decision = decisionOf(row.action!);
  const hash = contentHash(record.values);
  const reason = row.reason?.trim() || null;
  const inserted = await repos.signoff.insertAnswer(trx, {
    requestId: request.id,
    supervisionId: record.id,
    decision,
    contentHash: hash,
    signerName: signer,
    reason,
    proposedDate: decision === 'correction' ? (row.proposedDate ?? null) : null,
    proposedHours: decision === 'correction' ? (row.proposedHours ?? null) : null,
    signedAt: now,
    ip: meta.ip,
    userAgent: meta.userAgent,
  });
  if (!inserted) return;
  await repos.audit.record(trx, {
    actorId: null,
    action: `signoff.${decision === 'correction' ? 'correction_proposed' : decision}`,
    entityType: 'supervision',
    entityId: record.id,
    details: { request: request.id, signer, contentHash: hash, ip: meta.ip, userAgent: meta.userAgent, ...(reason ? { reason } : {}) },
    at: now,
  });
}

/** One session's answer with its own name and declaration: for scripts and tests that answer record by record. */
export interface AnswerInput extends Omit<RowAnswer, 'recordId' | 'seenHash'> {
  fullName?: string;
  declaration?: boolean;
}

/** Answers one session of the request (see answerRequest); a second answer to it changes nothing. */
export const answerRecord = (deps: ServiceDeps, access: SignoffAccess, recordId: number, input: AnswerInput, meta: VisitMeta): Promise<void> => {
  const { fullName, declaration, ...row } = input;
  return answerRequest(deps, access, { fullName, declaration, rows: [{ ...row, recordId }] }, meta);
};

/** Requests sent to a supervisor's email, for their dashboard, with the applicants' names. */
export async function requestsForSupervisor(deps: ServiceDeps, email: string) {
  const requests = await deps.repos.signoff.listForEmail(deps.db, normaliseEmail(email));
  const now = deps.clock.now();
  return Promise.all(
    requests.map(async (request) => ({
      request,
      applicant: (await applicantName(deps.repos, deps.db, request.portfolioId)).name,
      open: request.state === 'pending' && request.expiresAt > now,
      answers: await deps.repos.signoff.answersForRequest(deps.db, request.id),
    })),
  );
}

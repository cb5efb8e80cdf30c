import type { ServiceDeps } from '../deps';
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
  items: { record: StoredRecord; description: string; answer?: Signoff }[];
  open: boolean;
}

/** What the supervisor sees: the applicant's name and the request's records with any answers. */
export async function openRequest(deps: ServiceDeps, access: SignoffAccess, meta: VisitMeta): Promise<SupervisorView> {
  const request = await requestFor(deps, access);
  const answers = await deps.repos.signoff.answersForRequest(deps.db, request.id);
  const items = [];
  for (const id of request.recordIds) {
    const record = await deps.repos.record.find(deps.db, supervision, request.portfolioId, id);
    if (record) items.push({ record, description: describe(record), answer: answers.find((answer) => answer.supervisionId === id) });
  }
  await deps.repos.audit.record(deps.db, { actorId: null, action: 'signoff.viewed', entityType: 'signoff_request', entityId: request.id, details: { ip: meta.ip, userAgent: meta.userAgent }, at: deps.clock.now() });
  return { request, applicant: (await applicantName(deps.repos, deps.db, request.portfolioId)).name, items, open: request.state === 'pending' };
}

export interface AnswerInput {
  action: 'confirm' | 'decline' | 'correct';
  fullName?: string;
  declaration?: boolean;
  reason?: string;
  proposedDate?: string;
  proposedHours?: number;
}

function checkAnswer(input: AnswerInput, record: StoredRecord, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!input.fullName?.trim()) errors.fullName = messages.fullName;
  if (input.action === 'confirm' && input.declaration !== true) errors.declaration = messages.declaration;
  if (input.action === 'decline' && !input.reason?.trim()) errors.reason = messages.reason;
  if (input.action === 'correct') {
    const hours = input.proposedHours;
    if (input.proposedDate === undefined && hours === undefined) errors.proposedHours = messages.correctionNeeded;
    if (hours !== undefined && !(Number.isFinite(hours) && hours > 0 && hours <= 24)) errors.proposedHours = messages.hours;
    if (input.proposedDate !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(input.proposedDate) && input.proposedDate <= today)) errors.proposedDate = messages.date;
    const sameDate = (input.proposedDate ?? record.values.date) === record.values.date;
    const sameHours = (hours ?? record.values.hours) === record.values.hours;
    if (!Object.keys(errors).length && sameDate && sameHours) errors.proposedHours = messages.sameAsRecord;
  }
  return errors;
}

/**
 * Records the supervisor's answer about one record of the request (time, IP and browser kept).
 * A second submission of the same record changes nothing.
 */
export async function answerRecord(deps: ServiceDeps, access: SignoffAccess, recordId: number, input: AnswerInput, meta: VisitMeta): Promise<void> {
  const request = await requestFor(deps, access);
  if (!request.recordIds.includes(recordId)) throw new SignoffLinkError();
  if (request.state !== 'pending') throw validationError({ request: messages.notPending });
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    // Answers to the last records may arrive at once (two tabs, two processes): the lock makes
    // the second see the first, so the request is completed exactly when all are answered.
    await deps.repos.signoff.lockRequest(trx, request.id);
    const record = await deps.repos.record.find(trx, supervision, request.portfolioId, recordId);
    if (!record) throw new SignoffLinkError();
    const errors = checkAnswer(input, record, isoDay(now));
    if (Object.keys(errors).length) throw validationError(errors);
    const decision = input.action === 'confirm' ? 'confirmed' : input.action === 'decline' ? 'declined' : 'correction';
    const inserted = await deps.repos.signoff.insertAnswer(trx, {
      requestId: request.id,
      supervisionId: record.id,
      decision,
      contentHash: contentHash(record.values),
      signerName: input.fullName!.trim(),
      reason: input.reason?.trim() || null,
      proposedDate: decision === 'correction' ? (input.proposedDate ?? null) : null,
      proposedHours: decision === 'correction' ? (input.proposedHours ?? null) : null,
      signedAt: now,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    if (!inserted) return;
    await deps.repos.audit.record(trx, {
      actorId: null,
      action: `signoff.${decision === 'correction' ? 'correction_proposed' : decision}`,
      entityType: 'supervision',
      entityId: record.id,
      details: { request: request.id, signer: input.fullName!.trim(), contentHash: contentHash(record.values), ip: meta.ip, userAgent: meta.userAgent, ...(input.reason ? { reason: input.reason } : {}) },
      at: now,
    });
    const answered = await deps.repos.signoff.answersForRequest(trx, request.id);
    if (request.recordIds.every((id) => answered.some((answer) => answer.supervisionId === id))) await deps.repos.signoff.setState(trx, request.id, 'completed', now);
  });
}

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

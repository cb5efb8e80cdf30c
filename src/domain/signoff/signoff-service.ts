import type { ServiceDeps } from '../deps';
import type { Config } from '../../config';
import type { Db } from '../../db/knex';
import { definitionOf, type RecordValues, type StoredRecord } from '../records';
import { validateRecord } from '../records/record-service';
import { recordRepository } from '../../db/repositories/record-repository';
import { portfolioRepository } from '../../db/repositories/portfolio-repository';
import { signoffRepository, type Signoff, type SignoffRequest } from '../../db/repositories/signoff-repository';
import { auditRepository } from '../../db/repositories/audit-repository';
import { normaliseEmail } from '../../db/repositories/user-repository';
import { hashToken, looksLikeToken, newSecretToken } from '../secret-token';
import { mailTemplates } from '../../mail/templates';
import { AppError, notFound, validationError } from '../../errors';
import { confirmationStatus, contentHash, type ConfirmationStatus } from './confirmation-status';
import { formatHours, formatIsoDate, isoDay } from '../dates';

export interface SignoffDeps extends ServiceDeps {
  config: Pick<Config, 'signoffLinkDays'>;
}

const supervision = definitionOf('supervision');

const messages = {
  chooseRecords: 'Choose at least one supervision record to ask about.',
  noEmail: (record: string) => `“${record}” has no supervisor email address. Add it to the record first, so we know where to send the request.`,
  oneSupervisor: 'Choose records with the same supervisor: each request goes to one supervisor, by email.',
  alreadyConfirmed: (record: string) => `“${record}” is already confirmed. Only records that are not confirmed can be asked about.`,
  notPending: 'This request is no longer open: it was revoked or every record has been answered.',
  fullName: 'Enter your full name, as you would sign it.',
  declaration: 'Tick the declaration to confirm.',
  reason: 'Say why you decline, so the applicant can correct the record or ask someone else.',
  correctionNeeded: 'Propose the correct date or hours (or both).',
  hours: 'Enter the hours as a number greater than 0 and at most 24, e.g. 1.5.',
  date: 'Enter the correct date as a date such as 2026-03-12, not after today.',
  sameAsRecord: 'The proposed date and hours are the same as the record. Confirm it instead.',
  notCorrection: 'There is no proposed correction to accept on this record.',
};

/** A link that does not work: unknown, malformed, revoked or expired all look the same. */
export class SignoffLinkError extends AppError {
  constructor() {
    super('not_found', 404, 'This confirmation link does not work. It may have expired, been replaced by a newer email, or been copied incompletely. Ask the person who sent it to send it again.');
  }
}

const describe = (record: StoredRecord) => `${formatIsoDate(String(record.values.date))}: ${formatHours(record.values.hours as number)} of ${String(record.values.format)} supervision${record.values.themes ? ` (${String(record.values.themes).slice(0, 80)})` : ''}`;

async function applicantName(db: Db, portfolioId: number): Promise<{ name: string; email: string }> {
  const row: { display_name: string | null; name: string; email: string } = await db('portfolios').join('users', 'users.id', 'portfolios.owner_id').select('portfolios.display_name', 'users.name', 'users.email').where('portfolios.id', portfolioId).first();
  return { name: row.display_name ?? row.name, email: row.email };
}

const linkFor = (deps: ServiceDeps, token: string) => `${deps.baseUrl}/confirm/${token}`;

/** Statuses of supervision records, by id (one query for requests, one for answers). */
export async function confirmationStatuses(db: Db, portfolioId: number, records: StoredRecord[], now: Date): Promise<Map<number, ConfirmationStatus>> {
  const requests = await signoffRepository.listForPortfolio(db, portfolioId);
  const answers = await signoffRepository.answersForRecords(db, records.map((record) => record.id));
  return new Map(records.map((record) => [record.id, confirmationStatus(record, requests, answers, now)]));
}

async function ownRecords(db: Db, portfolioId: number, ids: number[]): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  for (const id of ids) {
    const record = await recordRepository.find(db, supervision, portfolioId, id);
    if (!record) throw notFound('One of these supervision records does not exist, or is not in your portfolio.');
    records.push(record);
  }
  return records;
}

/** Asks the supervisor of these records to confirm them: one email, one link, these records only. */
export async function requestConfirmation(deps: SignoffDeps, ownerId: number, recordIds: number[]): Promise<SignoffRequest> {
  const ids = [...new Set(recordIds)];
  if (!ids.length) throw validationError({ records: messages.chooseRecords });
  const now = deps.clock.now();
  const request = await deps.db.transaction(async (trx) => {
    const portfolio = await portfolioRepository.findOrCreate(trx, ownerId, now);
    const records = await ownRecords(trx, portfolio.id, ids);
    const missing = records.find((record) => !record.values.supervisorEmail);
    if (missing) throw validationError({ records: messages.noEmail(describe(missing)) });
    const emails = new Set(records.map((record) => normaliseEmail(String(record.values.supervisorEmail))));
    if (emails.size > 1) throw validationError({ records: messages.oneSupervisor });
    const statuses = await confirmationStatuses(trx, portfolio.id, records, now);
    const confirmed = records.find((record) => statuses.get(record.id)!.state === 'confirmed');
    if (confirmed) throw validationError({ records: messages.alreadyConfirmed(describe(confirmed)) });
    const { token, hash } = newSecretToken();
    const expiresAt = new Date(now.getTime() + deps.config.signoffLinkDays * 86_400_000);
    const supervisor = { email: [...emails][0]!, name: String(records[0]!.values.supervisorName) };
    const id = await signoffRepository.createRequest(trx, { portfolioId: portfolio.id, email: supervisor.email, name: supervisor.name, tokenHash: hash, expiresAt, at: now, recordIds: ids });
    const applicant = await applicantName(trx, portfolio.id);
    await deps.mailer.enqueue(trx, mailTemplates.signoffRequest(supervisor, applicant.name, records.map(describe), linkFor(deps, token), formatIsoDate(isoDay(expiresAt))));
    await auditRepository.record(trx, { actorId: ownerId, action: 'signoff.requested', entityType: 'signoff_request', entityId: id, details: { supervisorEmail: supervisor.email, records: ids }, at: now });
    return (await signoffRepository.find(trx, id))!;
  });
  deps.mailer.wake();
  return request;
}

async function ownRequest(db: Db, portfolioId: number, requestId: number): Promise<SignoffRequest> {
  const request = await signoffRepository.find(db, requestId);
  if (!request || request.portfolioId !== portfolioId) throw notFound('This confirmation request does not exist, or is not yours.');
  return request;
}

/** Sends the request again with a new link; the old link stops working at once. */
export async function resendRequest(deps: SignoffDeps, ownerId: number, requestId: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const portfolio = await portfolioRepository.findOrCreate(trx, ownerId, now);
    const request = await ownRequest(trx, portfolio.id, requestId);
    if (request.state !== 'pending') throw validationError({ request: messages.notPending });
    const { token, hash } = newSecretToken();
    const expiresAt = new Date(now.getTime() + deps.config.signoffLinkDays * 86_400_000);
    await signoffRepository.replaceToken(trx, request.id, hash, expiresAt, now);
    const records = await ownRecords(trx, portfolio.id, request.recordIds);
    const applicant = await applicantName(trx, portfolio.id);
    await deps.mailer.enqueue(trx, mailTemplates.signoffRequest({ email: request.supervisorEmail, name: request.supervisorName }, applicant.name, records.map(describe), linkFor(deps, token), formatIsoDate(isoDay(expiresAt))));
    await auditRepository.record(trx, { actorId: ownerId, action: 'signoff.resent', entityType: 'signoff_request', entityId: request.id, at: now });
  });
  deps.mailer.wake();
}

/** Revokes a request: its link stops working at once. */
export async function revokeRequest(deps: SignoffDeps, ownerId: number, requestId: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const portfolio = await portfolioRepository.findOrCreate(trx, ownerId, now);
    const request = await ownRequest(trx, portfolio.id, requestId);
    if (request.state !== 'pending') throw validationError({ request: messages.notPending });
    await signoffRepository.setState(trx, request.id, 'revoked', now);
    await auditRepository.record(trx, { actorId: ownerId, action: 'signoff.revoked', entityType: 'signoff_request', entityId: request.id, at: now });
  });
}

export const listRequests = async (deps: ServiceDeps, ownerId: number) =>
  signoffRepository.listForPortfolio(deps.db, (await portfolioRepository.findOrCreate(deps.db, ownerId, deps.clock.now())).id);

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
    request = await signoffRepository.findByTokenHash(deps.db, hashToken(access.token));
  } else {
    request = await signoffRepository.find(deps.db, access.requestId);
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
  const answers = await signoffRepository.answersForRequest(deps.db, request.id);
  const items = [];
  for (const id of request.recordIds) {
    const record = await recordRepository.find(deps.db, supervision, request.portfolioId, id);
    if (record) items.push({ record, description: describe(record), answer: answers.find((answer) => answer.supervisionId === id) });
  }
  await auditRepository.record(deps.db, { actorId: null, action: 'signoff.viewed', entityType: 'signoff_request', entityId: request.id, details: { ip: meta.ip, userAgent: meta.userAgent }, at: deps.clock.now() });
  return { request, applicant: (await applicantName(deps.db, request.portfolioId)).name, items, open: request.state === 'pending' };
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
    await trx('signoff_requests').select('id').where('id', request.id).forUpdate();
    const record = await recordRepository.find(trx, supervision, request.portfolioId, recordId);
    if (!record) throw new SignoffLinkError();
    const errors = checkAnswer(input, record, isoDay(now));
    if (Object.keys(errors).length) throw validationError(errors);
    const decision = input.action === 'confirm' ? 'confirmed' : input.action === 'decline' ? 'declined' : 'correction';
    const inserted = await signoffRepository.insertAnswer(trx, {
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
    await auditRepository.record(trx, {
      actorId: null,
      action: `signoff.${decision === 'correction' ? 'correction_proposed' : decision}`,
      entityType: 'supervision',
      entityId: record.id,
      details: { request: request.id, signer: input.fullName!.trim(), contentHash: contentHash(record.values), ip: meta.ip, userAgent: meta.userAgent, ...(input.reason ? { reason: input.reason } : {}) },
      at: now,
    });
    const answered = await signoffRepository.answersForRequest(trx, request.id);
    if (request.recordIds.every((id) => answered.some((answer) => answer.supervisionId === id))) await signoffRepository.setState(trx, request.id, 'completed', now);
  });
}

/** The applicant accepts a proposed correction: the record changes and counts as confirmed. */
export async function acceptCorrection(deps: ServiceDeps, ownerId: number, answerId: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const portfolio = await portfolioRepository.findOrCreate(trx, ownerId, now);
    const answer = await signoffRepository.findAnswer(trx, answerId);
    const request = answer && (await signoffRepository.find(trx, answer.requestId));
    if (!answer || !request || request.portfolioId !== portfolio.id) throw notFound(messages.notCorrection);
    if (answer.decision !== 'correction' || answer.acceptedAt || answer.voidedAt) throw validationError({ correction: messages.notCorrection });
    const record = await recordRepository.find(trx, supervision, portfolio.id, answer.supervisionId);
    if (!record) throw notFound(messages.notCorrection);
    const corrected: RecordValues = { ...record.values, ...(answer.proposedDate ? { date: answer.proposedDate } : {}), ...(answer.proposedHours != null ? { hours: answer.proposedHours } : {}) };
    const values = validateRecord(supervision, corrected, isoDay(now));
    await recordRepository.update(trx, supervision, portfolio.id, record.id, values, now);
    await signoffRepository.acceptCorrection(trx, answer.id, contentHash(values), now);
    await auditRepository.record(trx, { actorId: ownerId, action: 'signoff.correction_accepted', entityType: 'supervision', entityId: record.id, details: { before: record.values, after: values }, at: now });
  });
}

/**
 * Called when the applicant edits or deletes a supervision record: answers given about other
 * content than the record now has are voided and logged (saving unchanged content voids nothing).
 */
export async function voidAnswersOnChange(db: Db, actorId: number, record: StoredRecord, change: { edited: RecordValues } | 'deleted', at: Date): Promise<void> {
  const newHash = change === 'deleted' ? undefined : contentHash(change.edited);
  const inForce = (await signoffRepository.answersForRecords(db, [record.id])).filter((answer) => !answer.voidedAt && answer.contentHash !== newHash);
  for (const answer of inForce) {
    const reason = `changed after confirmation on ${formatIsoDate(isoDay(answer.signedAt))}`;
    await db('signoffs').where('id', answer.id).update({ voided_at: at, void_reason: change === 'deleted' ? `record deleted after confirmation on ${formatIsoDate(isoDay(answer.signedAt))}` : reason });
    await auditRepository.record(db, { actorId, action: 'signoff.voided', entityType: 'supervision', entityId: record.id, details: { change: change === 'deleted' ? 'deleted' : 'edited', answer: { decision: answer.decision, signer: answer.signerName, signedAt: answer.signedAt, contentHash: answer.contentHash }, before: record.values }, at });
  }
}

/** Requests sent to a supervisor's email, for their dashboard, with the applicants' names. */
export async function requestsForSupervisor(deps: ServiceDeps, email: string) {
  const requests = await signoffRepository.listForEmail(deps.db, normaliseEmail(email));
  const now = deps.clock.now();
  return Promise.all(
    requests.map(async (request) => ({
      request,
      applicant: (await applicantName(deps.db, request.portfolioId)).name,
      open: request.state === 'pending' && request.expiresAt > now,
      answers: await signoffRepository.answersForRequest(deps.db, request.id),
    })),
  );
}

/**
 * The scheduled part (at start and hourly, in every app process): reminders 7 days before a
 * link expires, a note to the applicant when one has expired, and yesterday's digest for
 * supervisors with an account. Each row is claimed by one process, so each email goes once.
 */
export async function runSignoffJobs(deps: ServiceDeps): Promise<{ reminders: number; expired: number; digests: number }> {
  const now = deps.clock.now();
  const result = { reminders: 0, expired: 0, digests: 0 };
  await deps.db.transaction(async (trx) => {
    for (const request of await signoffRepository.claimReminders(trx, now, new Date(now.getTime() + 7 * 86_400_000))) {
      const applicant = await applicantName(trx, request.portfolioId);
      await deps.mailer.enqueue(trx, mailTemplates.signoffReminder({ email: request.supervisorEmail, name: request.supervisorName }, applicant.name, formatIsoDate(isoDay(request.sentAt)), formatIsoDate(isoDay(request.expiresAt))));
      result.reminders += 1;
    }
    for (const request of await signoffRepository.claimExpired(trx, now)) {
      const applicant = await applicantName(trx, request.portfolioId);
      await deps.mailer.enqueue(trx, mailTemplates.signoffExpired(applicant, request.supervisorName, `${deps.baseUrl}/supervision/confirmations`));
      await auditRepository.record(trx, { actorId: null, action: 'signoff.expired', entityType: 'signoff_request', entityId: request.id, at: now });
      result.expired += 1;
    }
    result.digests = await sendDigests(deps, trx, now);
  });
  deps.mailer.wake();
  return result;
}

async function sendDigests(deps: ServiceDeps, db: Db, now: Date): Promise<number> {
  const today = isoDay(now);
  const yesterday = isoDay(new Date(now.getTime() - 86_400_000));
  const rows: { email: string; name: string; applicant: string; display_name: string | null; decision: string; date: string; hours: string }[] = await db('signoffs')
    .join('signoff_requests', 'signoff_requests.id', 'signoffs.request_id')
    .join('users as supervisors', 'supervisors.email', 'signoff_requests.supervisor_email')
    .join('user_roles', (join) => join.on('user_roles.user_id', '=', 'supervisors.id').andOnVal('user_roles.role', '=', 'supervisor'))
    .join('portfolios', 'portfolios.id', 'signoff_requests.portfolio_id')
    .join('users as applicants', 'applicants.id', 'portfolios.owner_id')
    .leftJoin('supervision_entries', 'supervision_entries.id', 'signoffs.supervision_id')
    .select('supervisors.email', 'supervisors.name', 'applicants.name as applicant', 'portfolios.display_name', 'signoffs.decision', 'supervision_entries.date', 'supervision_entries.hours')
    .where('signoffs.signed_at', '>=', new Date(`${yesterday}T00:00:00Z`))
    .where('signoffs.signed_at', '<', new Date(`${today}T00:00:00Z`))
    .orderBy('signoffs.id');
  const bySupervisor = new Map<string, { name: string; lines: string[] }>();
  for (const row of rows) {
    const entry = bySupervisor.get(row.email) ?? { name: row.name, lines: [] };
    entry.lines.push(`${row.display_name ?? row.applicant}: ${row.date ? formatIsoDate(row.date) : 'a deleted record'}${row.hours ? `, ${formatHours(Number(row.hours))}` : ''}: ${row.decision}`);
    bySupervisor.set(row.email, entry);
  }
  let sent = 0;
  for (const [email, entry] of bySupervisor) {
    if (!(await signoffRepository.claimDigest(db, email, yesterday))) continue;
    await deps.mailer.enqueue(db, mailTemplates.supervisorDigest({ email, name: entry.name }, entry.lines));
    sent += 1;
  }
  return sent;
}


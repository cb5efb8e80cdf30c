import type { ServiceDeps } from '../deps';
import type { Config } from '../../config';
import type { Db } from '../../db/knex';
import type { Repositories } from '../../db/repositories';
import type { RecordValues, StoredRecord } from '../records';
import { validateRecord } from '../records/record-validation';
import type { Signoff, SignoffRequest } from '../../db/repositories/signoff-repository';
import { normaliseEmail } from '../../validation/email-address';
import { newSecretToken } from '../secret-token';
import { mailTemplates } from '../../mail/templates';
import { notFound, validationError } from '../../errors';
import { confirmationStatus, contentHash, type ConfirmationStatus } from './confirmation-status';
import { formatIsoDate, isoDay } from '../dates';
import { applicantName, describe, supervision } from './signoff-shared';

export type { SignoffRequest } from '../../db/repositories/signoff-repository';

export interface SignoffDeps extends ServiceDeps {
  config: Pick<Config, 'signoffLinkDays'>;
}

const messages = {
  chooseRecords: 'Choose at least one supervision record to ask about.',
  noEmail: (record: string) => `“${record}” has no supervisor email address. Add it to the record first, so we know where to send the request.`,
  oneSupervisor: 'Choose records with the same supervisor: each request goes to one supervisor, by email.',
  alreadyConfirmed: (record: string) => `“${record}” is already confirmed. Only records that are not confirmed can be asked about.`,
  notPending: 'This request is no longer open: it was revoked or every record has been answered.',
  notCorrection: 'There is no proposed correction to accept on this record.',
};

const linkFor = (deps: ServiceDeps, token: string) => `${deps.baseUrl}/confirm/${token}`;

/** Statuses of supervision records, by id (one query for requests, one for answers). */
export async function confirmationStatuses(repos: Repositories, db: Db, portfolioId: number, records: Pick<StoredRecord, 'id' | 'values'>[], now: Date): Promise<Map<number, ConfirmationStatus>> {
  const requests = await repos.signoff.listForPortfolio(db, portfolioId);
  const answers = await repos.signoff.answersForRecords(
    db,
    records.map((record) => record.id),
  );
  return new Map(records.map((record) => [record.id, confirmationStatus(record, requests, answers, now)]));
}

/** Statuses of the owner's supervision records, by id: what the pages and the API show beside each. */
export async function supervisionStatuses(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number, records: Pick<StoredRecord, 'id' | 'values'>[]): Promise<Map<number, ConfirmationStatus>> {
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());
  return confirmationStatuses(deps.repos, deps.db, portfolio.id, records, deps.clock.now());
}

async function ownRecords(repos: Repositories, db: Db, portfolioId: number, ids: number[]): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  for (const id of ids) {
    const record = await repos.record.find(db, supervision, portfolioId, id);
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
    const portfolio = await deps.repos.portfolio.findOrCreate(trx, ownerId, now);
    const records = await ownRecords(deps.repos, trx, portfolio.id, ids);
    const missing = records.find((record) => !record.values.supervisorEmail);
    if (missing) throw validationError({ records: messages.noEmail(describe(missing)) });
    const emails = new Set(records.map((record) => normaliseEmail(String(record.values.supervisorEmail))));
    if (emails.size > 1) throw validationError({ records: messages.oneSupervisor });
    const statuses = await confirmationStatuses(deps.repos, trx, portfolio.id, records, now);
    const confirmed = records.find((record) => statuses.get(record.id)!.state === 'confirmed');
    if (confirmed) throw validationError({ records: messages.alreadyConfirmed(describe(confirmed)) });
    const { token, hash } = newSecretToken();
    const expiresAt = new Date(now.getTime() + deps.config.signoffLinkDays * 86_400_000);
    const supervisor = { email: [...emails][0]!, name: String(records[0]!.values.supervisorName) };
    const id = await deps.repos.signoff.createRequest(trx, { portfolioId: portfolio.id, email: supervisor.email, name: supervisor.name, tokenHash: hash, expiresAt, at: now, recordIds: ids });
    const applicant = await applicantName(deps.repos, trx, portfolio.id);
    await deps.mailer.enqueue(trx, mailTemplates.signoffRequest(supervisor, applicant.name, records.map(describe), linkFor(deps, token), formatIsoDate(isoDay(expiresAt))));
    await deps.repos.audit.record(trx, { actorId: ownerId, action: 'signoff.requested', entityType: 'signoff_request', entityId: id, details: { supervisorEmail: supervisor.email, records: ids }, at: now });
    return (await deps.repos.signoff.find(trx, id))!;
  });
  deps.mailer.wake();
  return request;
}

async function ownRequest(repos: Repositories, db: Db, portfolioId: number, requestId: number): Promise<SignoffRequest> {
  const request = await repos.signoff.find(db, requestId);
  if (!request || request.portfolioId !== portfolioId) throw notFound('This confirmation request does not exist, or is not yours.');
  return request;
}

/** Sends the request again with a new link; the old link stops working at once. */
export async function resendRequest(deps: SignoffDeps, ownerId: number, requestId: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const portfolio = await deps.repos.portfolio.findOrCreate(trx, ownerId, now);
    const request = await ownRequest(deps.repos, trx, portfolio.id, requestId);
    if (request.state !== 'pending') throw validationError({ request: messages.notPending });
    const { token, hash } = newSecretToken();
    const expiresAt = new Date(now.getTime() + deps.config.signoffLinkDays * 86_400_000);
    await deps.repos.signoff.replaceToken(trx, request.id, hash, expiresAt, now);
    const records = await ownRecords(deps.repos, trx, portfolio.id, request.recordIds);
    const applicant = await applicantName(deps.repos, trx, portfolio.id);
    await deps.mailer.enqueue(
      trx,
      mailTemplates.signoffRequest({ email: request.supervisorEmail, name: request.supervisorName }, applicant.name, records.map(describe), linkFor(deps, token), formatIsoDate(isoDay(expiresAt))),
    );
    await deps.repos.audit.record(trx, { actorId: ownerId, action: 'signoff.resent', entityType: 'signoff_request', entityId: request.id, at: now });
  });
  deps.mailer.wake();
}

/** Revokes a request: its link stops working at once. */
export async function revokeRequest(deps: SignoffDeps, ownerId: number, requestId: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const portfolio = await deps.repos.portfolio.findOrCreate(trx, ownerId, now);
    const request = await ownRequest(deps.repos, trx, portfolio.id, requestId);
    if (request.state !== 'pending') throw validationError({ request: messages.notPending });
    await deps.repos.signoff.setState(trx, request.id, 'revoked', now);
    await deps.repos.audit.record(trx, { actorId: ownerId, action: 'signoff.revoked', entityType: 'signoff_request', entityId: request.id, at: now });
  });
}

export const listRequests = async (deps: ServiceDeps, ownerId: number) => deps.repos.signoff.listForPortfolio(deps.db, (await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now())).id);

/** The applicant accepts a proposed correction: the record changes and counts as confirmed. */
export async function acceptCorrection(deps: ServiceDeps, ownerId: number, answerId: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const portfolio = await deps.repos.portfolio.findOrCreate(trx, ownerId, now);
    const answer = await deps.repos.signoff.findAnswer(trx, answerId);
    const request = answer && (await deps.repos.signoff.find(trx, answer.requestId));
    if (!answer || !request || request.portfolioId !== portfolio.id) throw notFound(messages.notCorrection);
    if (answer.decision !== 'correction' || answer.acceptedAt || answer.voidedAt) throw validationError({ correction: messages.notCorrection });
    const record = await deps.repos.record.find(trx, supervision, portfolio.id, answer.supervisionId);
    if (!record) throw notFound(messages.notCorrection);
    const corrected: RecordValues = { ...record.values, ...(answer.proposedDate ? { date: answer.proposedDate } : {}), ...(answer.proposedHours != null ? { hours: answer.proposedHours } : {}) };
    const values = validateRecord(supervision, corrected, isoDay(now));
    await deps.repos.record.update(trx, supervision, portfolio.id, record.id, values, now);
    await deps.repos.signoff.acceptCorrection(trx, answer.id, contentHash(values), now);
    await deps.repos.audit.record(trx, { actorId: ownerId, action: 'signoff.correction_accepted', entityType: 'supervision', entityId: record.id, details: { before: record.values, after: values }, at: now });
  });
}

/** "changed after the supervisor confirmed it on 3 March 2026": why an answer stopped being in force. */
function voidReason(answer: Signoff, change: 'edited' | 'deleted'): string {
  const what = { confirmed: 'confirmed it', declined: 'declined it', correction: answer.acceptedAt ? 'confirmed it with a correction' : 'proposed a correction' }[answer.decision];
  return `${change === 'deleted' ? 'record deleted' : 'changed'} after the supervisor ${what} on ${formatIsoDate(isoDay(answer.signedAt))}`;
}

/**
 * Called when the applicant edits or deletes a supervision record: answers given about other
 * content than the record now has are voided and logged (saving unchanged content voids nothing).
 */
export async function voidAnswersOnChange(repos: Repositories, db: Db, actorId: number, record: StoredRecord, change: { edited: RecordValues } | 'deleted', at: Date): Promise<void> {
  const newHash = change === 'deleted' ? undefined : contentHash(change.edited);
  const kind = change === 'deleted' ? 'deleted' : 'edited';
  const inForce = (await repos.signoff.answersForRecords(db, [record.id])).filter((answer) => !answer.voidedAt && answer.contentHash !== newHash);
  for (const answer of inForce) {
    await repos.signoff.voidAnswer(db, answer.id, voidReason(answer, kind), at);
    await repos.audit.record(db, {
      actorId,
      action: 'signoff.voided',
      entityType: 'supervision',
      entityId: record.id,
      details: { change: kind, answer: { decision: answer.decision, signer: answer.signerName, signedAt: answer.signedAt, contentHash: answer.contentHash }, before: record.values },
      at,
    });
  }
}

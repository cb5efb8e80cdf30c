import { createHash } from 'node:crypto';
import type { RecordValues } from '../records';
import type { Signoff, SignoffRequest } from '../../db/repositories/signoff-repository';
import { formatIsoDate, formatHours, isoDay } from '../dates';
import type { ConfirmationState } from '../vocabulary';

export type { ConfirmationState } from '../vocabulary';

/**
 * The canonical content of a supervision record: the fields a supervisor confirms, in a fixed
 * order and form, so the same record always hashes the same and any change shows.
 */
export function canonicalContent(values: RecordValues): string {
  return JSON.stringify([
    ['date', String(values.date)],
    ['hours', Number(values.hours).toFixed(2)],
    ['supervisorName', String(values.supervisorName ?? '')],
    ['supervisorEmail', String(values.supervisorEmail ?? '').toLowerCase()],
    ['format', String(values.format)],
    ['themes', String(values.themes ?? '')],
  ]);
}

export const contentHash = (values: RecordValues) => createHash('sha256').update(canonicalContent(values), 'utf8').digest('hex');

export interface ConfirmationStatus {
  state: ConfirmationState;
  /** The ISO date the status dates from: the answer, the request, its expiry or revocation; null when never asked. */
  on: string | null;
  /** "Confirmed by Dr Sam Lee on 12 March 2026", "Awaiting the answer of Dr Sam Lee (the link expires in 12 days)" … */
  text: string;
  /** The answer in force (for accepting a correction, and the PDF). */
  answer?: Signoff;
  requestId?: number;
  /** When the status changes with no one acting (an unanswered request expires). */
  changesAt?: Date;
}

const days = (from: Date, to: Date) => Math.max(0, Math.ceil((to.getTime() - from.getTime()) / 86_400_000));
const dayOf = (at: Date) => isoDay(at);

/** "date 3 March 2026, 1.5 h": what a correction proposes. */
export function proposedText(answer: Pick<Signoff, 'proposedDate' | 'proposedHours'>): string {
  return [answer.proposedDate ? `date ${formatIsoDate(answer.proposedDate)}` : '', answer.proposedHours != null ? formatHours(answer.proposedHours) : ''].filter(Boolean).join(', ');
}

/** The latest request that included the record and that it has no answer in, if that is the latest request about it. */
function unansweredLatestRequest(recordId: number, requests: SignoffRequest[], mine: Signoff[]): SignoffRequest | undefined {
  const about = requests.filter((request) => request.recordIds.includes(recordId)).sort((a, b) => a.id - b.id);
  const latest = about[about.length - 1];
  return latest && !mine.some((answer) => answer.requestId === latest.id) ? latest : undefined;
}

function requestStatus(request: SignoffRequest, now: Date): ConfirmationStatus | undefined {
  if (request.state === 'revoked') {
    const on = dayOf(request.revokedAt ?? request.sentAt);
    return { state: 'request_revoked', on, text: `Not confirmed: the request sent to ${request.supervisorName} on ${formatIsoDate(dayOf(request.sentAt))} was revoked on ${formatIsoDate(on)}; ask again` };
  }
  if (request.state !== 'pending') return undefined;
  if (request.expiresAt <= now) {
    const on = dayOf(request.expiresAt);
    return { state: 'request_expired', on, text: `Not confirmed: the request sent to ${request.supervisorName} on ${formatIsoDate(dayOf(request.sentAt))} expired on ${formatIsoDate(on)}; ask again` };
  }
  const left = days(now, request.expiresAt);
  return {
    state: 'awaiting_answer',
    on: dayOf(request.sentAt),
    text: `Awaiting the answer of ${request.supervisorName}, asked on ${formatIsoDate(dayOf(request.sentAt))} (the link expires in ${left} ${left === 1 ? 'day' : 'days'})`,
    requestId: request.id,
    changesAt: request.expiresAt,
  };
}

/**
 * Where a supervision record stands, from every answer about it and every request that
 * included it, in this order:
 * 1. an answer in force that confirms the record as it now reads: confirmed (or confirmed with
 *    an accepted correction); confirmed content that no longer matches: changed after the answer;
 * 2. a decline in force: declined, even when the applicant has asked again since (a decline
 *    stands until the supervisor answers otherwise or the record changes);
 * 3. the latest request about the record, unanswered: awaiting the answer, expired or revoked;
 * 4. a proposed correction the applicant has not accepted;
 * 5. answers that were all voided by a change: changed after the answer;
 * 6. never asked.
 */
export function confirmationStatus(record: { id: number; values: RecordValues }, requests: SignoffRequest[], answers: Signoff[], now: Date): ConfirmationStatus {
  const mine = answers.filter((answer) => answer.supervisionId === record.id);
  const inForce = mine.filter((answer) => !answer.voidedAt).pop();
  const pendingAgain = unansweredLatestRequest(record.id, requests, mine);
  if (inForce) {
    const on = dayOf(inForce.signedAt);
    const accepted = inForce.decision === 'correction' && inForce.acceptedAt;
    if (inForce.decision === 'confirmed' || accepted) {
      if (inForce.contentHash !== contentHash(record.values))
        return { state: 'changed_after_answer', on, text: `Not confirmed: changed after ${inForce.signerName ?? 'the supervisor'} confirmed it on ${formatIsoDate(on)}`, answer: inForce };
      if (accepted)
        return {
          state: 'correction_accepted',
          on,
          text: `Confirmed by ${inForce.signerName} on ${formatIsoDate(on)}, with the correction they proposed (accepted on ${formatIsoDate(dayOf(inForce.acceptedAt!))})`,
          answer: inForce,
        };
      return { state: 'confirmed', on, text: `Confirmed by ${inForce.signerName} on ${formatIsoDate(on)}`, answer: inForce };
    }
    if (inForce.decision === 'declined') {
      const again = pendingAgain && requestStatus(pendingAgain, now);
      const asked = again?.state === 'awaiting_answer' ? `; asked again on ${formatIsoDate(again.on!)}, awaiting the answer` : '';
      return {
        state: 'declined',
        on,
        text: `Declined by ${inForce.signerName ?? 'the supervisor'} on ${formatIsoDate(on)}${inForce.reason ? `: “${inForce.reason}”` : ''}${asked}`,
        answer: inForce,
        ...(again?.changesAt ? { changesAt: again.changesAt } : {}),
      };
    }
  }
  const fromRequest = pendingAgain && requestStatus(pendingAgain, now);
  if (fromRequest) return fromRequest;
  if (inForce) {
    const on = dayOf(inForce.signedAt);
    const proposed = proposedText(inForce);
    return { state: 'correction_proposed', on, text: `Correction proposed by ${inForce.signerName} on ${formatIsoDate(on)}: ${proposed}${inForce.reason ? ` (“${inForce.reason}”)` : ''}`, answer: inForce };
  }
  const voided = mine[mine.length - 1];
  if (voided) {
    const on = dayOf(voided.signedAt);
    return { state: 'changed_after_answer', on, text: `Not confirmed: ${voided.voidReason ?? `changed after the supervisor’s answer on ${formatIsoDate(on)}`}; ask again`, answer: voided };
  }
  return { state: 'never_asked', on: null, text: 'Not confirmed: never asked' };
}

import { createHash } from 'node:crypto';
import type { RecordValues } from '../records';
import type { Signoff, SignoffRequest } from '../../db/repositories/signoff-repository';
import { formatIsoDate, formatHours, isoDay } from '../dates';

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

export type ConfirmationState = 'not_requested' | 'pending' | 'confirmed' | 'declined' | 'correction' | 'voided';

export interface ConfirmationStatus {
  state: ConfirmationState;
  /** "Confirmed by Dr Sam Lee on 12 March 2026", "Pending (expires in 12 days)" … */
  text: string;
  /** The answer in force (for accepting a correction, and the PDF). */
  answer?: Signoff;
  requestId?: number;
}

const days = (from: Date, to: Date) => Math.max(0, Math.ceil((to.getTime() - from.getTime()) / 86_400_000));

/**
 * Where a supervision record stands, from its answers and the requests that include it. A
 * confirmation counts only while the record still has the content that was confirmed.
 */
export function confirmationStatus(record: { id: number; values: RecordValues }, requests: SignoffRequest[], answers: Signoff[], now: Date): ConfirmationStatus {
  const mine = answers.filter((answer) => answer.supervisionId === record.id);
  const answeredRequests = new Set(mine.map((answer) => answer.requestId));
  const pending = requests.find((request) => request.state === 'pending' && request.expiresAt > now && request.recordIds.includes(record.id) && !answeredRequests.has(request.id));
  if (pending) {
    const left = days(now, pending.expiresAt);
    return { state: 'pending', text: `Pending: asked of ${pending.supervisorName}; the link expires in ${left} ${left === 1 ? 'day' : 'days'}`, requestId: pending.id };
  }
  const latest = mine[mine.length - 1];
  if (!latest) {
    const lapsed = requests.filter((request) => request.recordIds.includes(record.id) && request.state === 'pending' && request.expiresAt <= now).pop();
    return { state: 'not_requested', text: lapsed ? `Not confirmed: the request sent on ${formatIsoDate(isoDay(lapsed.sentAt))} expired; ask again` : 'Not requested' };
  }
  const when = formatIsoDate(isoDay(latest.signedAt));
  if (latest.voidedAt) return { state: 'voided', text: `Voided: ${latest.voidReason ?? `changed after confirmation on ${when}`}`, answer: latest };
  const confirmedContent = latest.decision === 'confirmed' || (latest.decision === 'correction' && latest.acceptedAt);
  if (confirmedContent) {
    if (latest.contentHash !== contentHash(record.values)) return { state: 'voided', text: `Voided: changed after confirmation on ${when}`, answer: latest };
    const how = latest.decision === 'correction' ? ' (with the correction they proposed)' : '';
    return { state: 'confirmed', text: `Confirmed by ${latest.signerName} on ${when}${how}`, answer: latest };
  }
  if (latest.decision === 'declined') return { state: 'declined', text: `Declined by the supervisor on ${when}: “${latest.reason}”`, answer: latest };
  const proposed = [latest.proposedDate ? `date ${formatIsoDate(latest.proposedDate)}` : '', latest.proposedHours != null ? formatHours(latest.proposedHours) : ''].filter(Boolean).join(', ');
  return { state: 'correction', text: `Correction proposed by ${latest.signerName} on ${when}: ${proposed}${latest.reason ? ` (“${latest.reason}”)` : ''}`, answer: latest };
}

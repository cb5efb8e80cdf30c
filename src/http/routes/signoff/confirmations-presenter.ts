import type { ConfirmationsOverview } from '../../../domain/signoff/applicant-confirmations';
import { definitionOf } from '../../../domain/records';
import { isConfirmedState } from '../../../domain/vocabulary';
import { formatHours, formatIsoDate, isoDay } from '../../../domain/dates';

const supervision = definitionOf('supervision');

interface SupervisorGroup {
  email: string;
  name: string;
  records: { id: number; text: string; status: string; state: string; askable: boolean }[];
}

/**
 * The applicant's confirmations page: records grouped by supervisor email (one request goes to
 * one supervisor), corrections to review, the requests sent, and the history.
 */
export function confirmationsPage(overview: ConfirmationsOverview, now: Date) {
  const { records, statuses } = overview;
  const groups = new Map<string, SupervisorGroup>();
  for (const record of records) {
    const email = String(record.values.supervisorEmail ?? '').toLowerCase();
    const key = email || '(no email)';
    const group = groups.get(key) ?? { email, name: String(record.values.supervisorName), records: [] };
    const status = statuses.get(record.id)!;
    group.records.push({
      id: record.id,
      text: supervision.describe(record.values),
      status: status.text,
      state: status.state,
      askable: Boolean(email) && !isConfirmedState(status.state) && status.state !== 'awaiting_answer',
    });
    groups.set(key, group);
  }
  const corrections = records.flatMap((record) => {
    const status = statuses.get(record.id)!;
    return status.state === 'correction_proposed' && status.answer ? [{ answerId: status.answer.id, record: supervision.describe(record.values), text: status.text }] : [];
  });
  const requests = overview.requests.map((request) => ({
    ...request,
    sentText: formatIsoDate(isoDay(request.sentAt)),
    expiresText: formatIsoDate(isoDay(request.expiresAt)),
    expired: request.expiresAt <= now,
  }));
  return { title: 'Supervision confirmations', groups: [...groups.values()], requests, corrections, history: historyLines(overview) };
}

type AuditEvent = ConfirmationsOverview['history'][number];

/** The history in words ("Dr Sam Lee confirmed the session of 10 January 2026 (1 h)"), not audit codes. */
function historyLines(overview: ConfirmationsOverview): { at: Date; text: string }[] {
  const recordText = new Map(overview.records.map((record) => [String(record.id), `the session of ${formatIsoDate(String(record.values.date))} (${formatHours(Number(record.values.hours))})`]));
  const supervisorOf = new Map(overview.requests.map((request) => [String(request.id), request.supervisorName]));
  const aboutRecord = (event: AuditEvent) => recordText.get(String(event.entityId)) ?? 'a record since deleted';
  const signer = (event: AuditEvent) => (typeof event.details.signer === 'string' ? event.details.signer : 'The supervisor');
  const supervisor = (event: AuditEvent) => supervisorOf.get(String(event.entityId)) ?? 'the supervisor';
  const words: Record<string, (event: AuditEvent) => string> = {
    'signoff.requested': (event) => `You asked ${supervisor(event)} to confirm supervision`,
    'signoff.resent': (event) => `You sent ${supervisor(event)} a new link`,
    'signoff.revoked': (event) => `You revoked the request to ${supervisor(event)}`,
    'signoff.expired': (event) => `The request to ${supervisor(event)} expired unanswered`,
    'signoff.viewed': (event) => `${capitalised(supervisor(event))} opened the link`,
    'signoff.confirmed': (event) => `${signer(event)} confirmed ${aboutRecord(event)}`,
    'signoff.declined': (event) => `${signer(event)} declined ${aboutRecord(event)}`,
    'signoff.correction_proposed': (event) => `${signer(event)} proposed a correction to ${aboutRecord(event)}`,
    'signoff.correction_accepted': (event) => `You accepted the correction to ${aboutRecord(event)}`,
    'signoff.voided': (event) => `The supervisor’s answer about ${aboutRecord(event)} no longer stands: the record was ${event.details.change === 'deleted' ? 'deleted' : 'changed'}`,
  };
  return overview.history.map((event) => ({ at: event.at, text: words[event.action]?.(event) ?? event.action }));
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

import type { ConfirmationsOverview } from '../../../domain/signoff/applicant-confirmations';
import { definitionOf } from '../../../domain/records';
import { isConfirmedState } from '../../../domain/vocabulary';
import { formatIsoDate, isoDay } from '../../../domain/dates';

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
  return { title: 'Supervision confirmations', groups: [...groups.values()], requests, corrections, audit: overview.history };
}

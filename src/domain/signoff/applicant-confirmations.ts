import type { ServiceDeps } from '../deps';
import type { StoredRecord } from '../records';
import type { SignoffRequest } from '../../db/repositories/signoff-repository';
import type { AuditEvent } from '../../db/repositories/audit-repository';
import { portfolioOf } from '../portfolio/portfolio-service';
import type { ConfirmationStatus } from './confirmation-status';
import { confirmationStatuses } from './signoff-service';
import { supervision } from './signoff-shared';

/** The history shows the latest events only: older ones stay in the audit log. */
const HISTORY_SHOWN = 100;

/** What the applicant's confirmations page shows: every supervision record and its status, the requests sent, their history. */
export interface ConfirmationsOverview {
  /** Newest first. */
  records: StoredRecord[];
  statuses: Map<number, ConfirmationStatus>;
  /** Newest first. */
  requests: SignoffRequest[];
  /** Newest first: events of the requests, and sign-off events of the records. */
  history: AuditEvent[];
}

/** The applicant's supervision records with where each confirmation stands, the requests sent and what happened to them. */
export async function confirmationsOverview(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number): Promise<ConfirmationsOverview> {
  const portfolio = await portfolioOf(deps, ownerId);
  const records = await deps.repos.record.list(deps.db, supervision, portfolio.id, { sort: 'date', direction: 'desc' });
  const statuses = await confirmationStatuses(deps.repos, deps.db, portfolio.id, records, deps.clock.now());
  const requests = await deps.repos.signoff.listForPortfolio(deps.db, portfolio.id);
  const history = await deps.repos.audit.confirmationHistory(
    deps.db,
    requests.map((request) => request.id),
    records.map((record) => record.id),
    HISTORY_SHOWN,
  );
  return { records, statuses, requests, history };
}

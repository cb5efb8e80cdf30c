import type { Db } from '../../db/knex';
import type { Repositories } from '../../db/repositories';
import type { Evidence } from '../evaluation/evaluation';
import type { Portfolio } from '../../db/repositories/portfolio-repository';
import { toEvidence } from '../evaluation/to-evidence';
import { confirmationStatuses } from '../signoff/signoff-service';

/** The evidence, and until when it holds: a request awaiting an answer expires on its own. */
export interface LoadedEvidence {
  evidence: Evidence;
  validUntil: Date | null;
}

/**
 * The live portfolio's evidence: its logs as the evaluation reads them, each supervision record
 * with where its confirmation stands (see confirmation-status.ts), and the first moment one of
 * those statuses changes by itself.
 */
export async function loadEvidence(repos: Repositories, db: Db, portfolio: Portfolio, now: Date): Promise<LoadedEvidence> {
  const logs = await repos.evidence.logsOf(db, portfolio.id);
  const statuses = await confirmationStatuses(
    repos,
    db,
    portfolio.id,
    logs.supervision.map((record) => ({ id: record.id, values: record })),
    now,
  );
  let validUntil: Date | null = null;
  for (const status of statuses.values()) if (status.changesAt && (!validUntil || status.changesAt < validUntil)) validUntil = status.changesAt;
  const supervision = logs.supervision.map((record) => ({ ...record, confirmation: statuses.get(record.id)! }));
  const facts = { firstPracticeDate: portfolio.firstPracticeDate, emccMembershipNumber: portfolio.emccMembershipNumber, displayName: portfolio.displayName };
  return { evidence: toEvidence(facts, { ...logs, supervision }), validUntil };
}

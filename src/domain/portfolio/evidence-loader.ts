import type { Db } from '../../db/knex';
import type { Repositories } from '../../db/repositories';
import type { EvidenceLog } from '../../db/repositories/evidence-repository';
import type { Evidence } from '../evaluation/evaluation';
import type { Portfolio } from '../../db/repositories/portfolio-repository';
import { toEvidence } from '../evaluation/to-evidence';
import { confirmationStatuses } from '../signoff/signoff-service';

/** The logs the evaluation reads, by their names in portfolios.log_revisions. */
export const EVIDENCE_LOGS: readonly EvidenceLog[] = ['practice', 'supervision', 'cpd', 'feedback', 'reflection', 'supervision_practice'];

/** The evidence, and until when it holds: a request awaiting an answer expires on its own. */
export interface LoadedEvidence {
  evidence: Evidence;
  validUntil: Date | null;
}

/** Evidence read earlier (see EvidenceCache.reusable) and the logs that changed since. */
export interface KeptEvidence extends LoadedEvidence {
  staleLogs: readonly EvidenceLog[];
}

/**
 * The live portfolio's evidence: its logs as the evaluation reads them, each supervision record
 * with where its confirmation stands (see confirmation-status.ts), and the first moment one of
 * those statuses changes by itself. Given evidence kept from an earlier read, only the logs
 * that changed since are read again; the portfolio's own facts always come from its row.
 */
export async function loadEvidence(repos: Repositories, db: Db, portfolio: Portfolio, now: Date, kept?: KeptEvidence): Promise<LoadedEvidence> {
  const logs = kept ? kept.staleLogs : EVIDENCE_LOGS;
  const read = await repos.evidence.logsOf(db, portfolio.id, logs);
  // Only supervision statuses expire, so a kept supervision log keeps its moment of expiry.
  let validUntil = kept?.validUntil ?? null;
  let supervision: Parameters<typeof toEvidence>[1]['supervision'] = [];
  if (read.supervision) {
    const records = read.supervision;
    const statuses = await confirmationStatuses(
      repos,
      db,
      portfolio.id,
      records.map((record) => ({ id: record.id, values: record })),
      now,
    );
    validUntil = null;
    for (const status of statuses.values()) if (status.changesAt && (!validUntil || status.changesAt < validUntil)) validUntil = status.changesAt;
    supervision = records.map((record) => ({ ...record, confirmation: statuses.get(record.id)! }));
  }
  const facts = { firstPracticeDate: portfolio.firstPracticeDate, emccMembershipNumber: portfolio.emccMembershipNumber, displayName: portfolio.displayName };
  const fresh = toEvidence(facts, {
    practice: read.practice ?? [],
    supervision,
    cpd: read.cpd ?? [],
    feedback: read.feedback ?? [],
    reflection: read.reflection ?? [],
    supervision_practice: read.supervision_practice ?? [],
  });
  if (!kept) return { evidence: fresh, validUntil };
  const from = (log: EvidenceLog) => (logs.includes(log) ? fresh : kept.evidence);
  return {
    evidence: {
      portfolio: facts,
      practice: from('practice').practice,
      supervision: from('supervision').supervision,
      cpd: from('cpd').cpd,
      feedback: from('feedback').feedback,
      reflections: from('reflection').reflections,
      supervisionPractice: from('supervision_practice').supervisionPractice,
    },
    validUntil,
  };
}

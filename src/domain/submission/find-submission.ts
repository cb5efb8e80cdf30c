import type { Db } from '../../db/knex';
import { submissionRepository, type SubmissionSummary } from '../../db/repositories/submission-repository';
import type { PortfolioSnapshot } from '../snapshot/snapshot';
import { readSnapshot } from '../snapshot/snapshot-versions';

/** A submission whole: its snapshot read into the current format, and as it was frozen. */
export interface Submission extends SubmissionSummary {
  snapshot: PortfolioSnapshot;
  /** The snapshot as stored: its canonical JSON hashes to snapshotSha256. */
  storedSnapshot: unknown;
}

export async function findSubmission(db: Db, id: number): Promise<Submission | undefined> {
  const stored = await submissionRepository.find(db, id);
  return stored && { ...stored, snapshot: readSnapshot(stored.storedSnapshot) };
}

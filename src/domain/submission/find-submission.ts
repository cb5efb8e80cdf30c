import type { Db } from '../../db/knex';
import type { Repositories } from '../../db/repositories';
import type { SubmissionSummary } from '../../db/repositories/submission-repository';
import type { PortfolioSnapshot } from '../snapshot/snapshot';
import { readSnapshot } from '../snapshot/snapshot-versions';

/** A submission whole: its snapshot read into the current format, and as it was frozen. */
export interface Submission extends SubmissionSummary {
  snapshot: PortfolioSnapshot;
  /** The snapshot as stored: its canonical JSON hashes to snapshotSha256. */
  storedSnapshot: unknown;
}

export async function findSubmission(repos: Repositories, db: Db, id: number): Promise<Submission | undefined> {
  const stored = await repos.submission.find(db, id);
  return stored && { ...stored, snapshot: readSnapshot(stored.storedSnapshot) };
}

import type { ConfirmationState } from '../vocabulary';
import { SNAPSHOT_VERSION, type PortfolioSnapshot, type SnapshotSupervision } from './snapshot';

/**
 * A frozen snapshot is never rewritten (its SHA-256 is printed on the PDF issued), so one frozen
 * in an earlier format is read into the current one here, for the pages and the blind copy.
 */

/** Version 1 had six statuses; an expired request and a revoked one were both "not requested". */
const V1_STATES: Record<string, ConfirmationState> = {
  confirmed: 'confirmed',
  declined: 'declined',
  pending: 'awaiting_answer',
  correction: 'correction_proposed',
  voided: 'changed_after_answer',
  not_requested: 'never_asked',
};

function fromVersion1(stored: PortfolioSnapshot): PortfolioSnapshot {
  const supervision = stored.records.supervision.map((record): SnapshotSupervision => ({ ...record, confirmation: { ...record.confirmation, state: V1_STATES[record.confirmation.state] ?? 'never_asked' } }));
  return {
    ...stored,
    version: SNAPSHOT_VERSION,
    records: { ...stored.records, supervision },
    // Version 1 appended every file, and did not record the declarations in the snapshot.
    files: stored.files.map((file) => ({ ...file, appended: true })),
    declarations: [],
  };
}

/** A stored snapshot in the current format. */
export function readSnapshot(stored: unknown): PortfolioSnapshot {
  const snapshot = stored as PortfolioSnapshot & { version: number };
  if (snapshot.version === SNAPSHOT_VERSION) return snapshot;
  if (snapshot.version === 1) return fromVersion1(snapshot);
  throw new Error(`A snapshot in format version ${snapshot.version} cannot be read by this version of the app.`);
}

/**
 * A snapshot without what names the applicant (blind review): their name, membership number and
 * the name beside their declarations. Works on a stored snapshot of any version.
 */
export function withoutApplicant<T>(snapshot: T): T {
  const copy = structuredClone(snapshot) as { applicant: Record<string, unknown>; declarations?: { made: { by: string | null } | null }[] };
  copy.applicant = { ...copy.applicant, name: null, emccMembershipNumber: null };
  for (const declaration of copy.declarations ?? []) if (declaration.made) declaration.made.by = null;
  return copy as T;
}

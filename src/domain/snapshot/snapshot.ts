import type { RecordType, RecordValues } from '../records';
import type { ConfirmationState } from '../vocabulary';
import type { LevelResult } from '../evaluation/evaluation';

export const SNAPSHOT_FORMAT = 'eia-portfolio-snapshot';
/** 2: nine confirmation statuses, declarations, and the applicant's choice of appended files. */
export const SNAPSHOT_VERSION = 2;

/** Where a supervisor's confirmation of a record stood when the snapshot was taken (no clock-relative words). */
export interface SnapshotConfirmation {
  state: ConfirmationState;
  /** The supervisor who answered (confirmed, declined or proposed a correction). */
  by?: string;
  /** ISO date of that answer. */
  on?: string;
  /** SHA-256 of the record's canonical content as confirmed. */
  contentHash?: string;
  /** A decline's reason, or a proposed correction in words. */
  reason?: string;
}

export type SnapshotRecord = RecordValues & { id: number };
export type SnapshotSupervision = SnapshotRecord & { confirmation: SnapshotConfirmation };

export interface SnapshotFile {
  /** "E1", "E2" …: how the PDF and the assessor refer to the file. */
  ref: string;
  id: number;
  name: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  /** The records the file supports, as "type:id". */
  links: string[];
  /** Whether the applicant appends it to the PDF (else it is listed in the evidence index only). */
  appended: boolean;
}

/** A declaration of the criteria set, and whether (by whom, when) the applicant made it. */
export interface SnapshotDeclaration {
  id: string;
  title: string;
  text: string;
  source: { title: string; url?: string };
  /** Null in a draft: declarations are made at submission. */
  made: { by: string; at: string } | null;
}

/** What a renewal application renews: the award held, when it was awarded and when it is due for renewal. */
export interface SnapshotRenewal {
  /** "EMCC EIA Practitioner" */
  award: string;
  /** ISO dates. */
  awardedOn: string;
  renewalOn: string;
}

/**
 * Everything an application is made of, on one evaluation date, as plain JSON: the applicant's
 * details, every record counted on or before that date (private notes left out), every evidence
 * file by its SHA-256, and the evaluation of the level applied for. The PDF renders exactly this;
 * a submission freezes it; its canonical JSON's SHA-256 identifies the content.
 */
export interface PortfolioSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  asOf: string;
  applicant: { name: string; emccMembershipNumber?: string; firstPracticeDate?: string; practiceRole?: string };
  criteriaSet: { id: string; title: string; edition: string };
  level: { id: string; label: string };
  records: Omit<Record<RecordType, SnapshotRecord[]>, 'supervision'> & { supervision: SnapshotSupervision[] };
  /** The files linked to a record in the snapshot, and those the applicant chose to append. */
  files: SnapshotFile[];
  declarations: SnapshotDeclaration[];
  evaluation: {
    /** The highest level every requirement of which is met, or null. */
    highestLevelMet: string | null;
    /** Every level of the set, met or not, for the cover. */
    levels: { id: string; label: string; met: boolean }[];
    /** The level applied for, requirement by requirement, with the records behind each figure. */
    level: LevelResult;
  };
  /** Present when the application renews an award (evaluated against the scheme's renewal set); absent for a first application. */
  renewal?: SnapshotRenewal;
}

import type { PortfolioSnapshot, SnapshotRecord } from '../snapshot/snapshot';
import { canonicalJson } from '../snapshot/canonical-json';
import { RECORD_DEFINITIONS, type RecordType } from '../records';

export interface RecordChange {
  type: RecordType;
  id: number;
  /** One line naming the record, as it is now (or was, for a removed one). */
  text: string;
}

export interface SubmissionDiff {
  added: RecordChange[];
  changed: RecordChange[];
  removed: RecordChange[];
  filesAdded: string[];
  filesRemoved: string[];
  /** Each requirement of the level: the figure reached before and after. */
  totals: { id: string; label: string; before: number; after: number; metBefore: boolean; metAfter: boolean }[];
}

const byId = (records: SnapshotRecord[]) => new Map(records.map((record) => [record.id, record]));

/** What changed from one version of a submission to the next: records added, changed, removed; files; totals. */
export function diffSnapshots(before: PortfolioSnapshot, after: PortfolioSnapshot): SubmissionDiff {
  const diff: SubmissionDiff = { added: [], changed: [], removed: [], filesAdded: [], filesRemoved: [], totals: [] };
  for (const definition of RECORD_DEFINITIONS) {
    const old = byId(before.records[definition.type] as SnapshotRecord[]);
    const now = byId(after.records[definition.type] as SnapshotRecord[]);
    for (const [id, record] of now) {
      const previous = old.get(id);
      const change = { type: definition.type, id, text: definition.describe(record) };
      if (!previous) diff.added.push(change);
      else if (canonicalJson(previous) !== canonicalJson(record)) diff.changed.push(change);
    }
    for (const [id, record] of old) if (!now.has(id)) diff.removed.push({ type: definition.type, id, text: definition.describe(record) });
  }
  const oldFiles = new Set(before.files.map((file) => file.sha256));
  const newFiles = new Set(after.files.map((file) => file.sha256));
  diff.filesAdded = after.files.filter((file) => !oldFiles.has(file.sha256)).map((file) => file.name);
  diff.filesRemoved = before.files.filter((file) => !newFiles.has(file.sha256)).map((file) => file.name);
  const previous = new Map(before.evaluation.level.requirements.map((requirement) => [requirement.id, requirement]));
  diff.totals = after.evaluation.level.requirements.map((requirement) => ({
    id: requirement.id,
    label: requirement.label,
    before: previous.get(requirement.id)?.actual ?? 0,
    after: requirement.actual,
    metBefore: previous.get(requirement.id)?.met ?? false,
    metAfter: requirement.met,
  }));
  return diff;
}

import type { PortfolioSnapshot } from '../domain/snapshot/snapshot';
import { definitionOf, type RecordType } from '../domain/records';

/**
 * Which evidence files each record cites, and which records each file supports, both ways from
 * the snapshot's links, so a log row says "E1, E3" and an appendix names the records it backs.
 */
export interface EvidenceRefs {
  /** "E1, E3" for a record ref ("practice:12"), or "" when no file supports it. */
  citedBy(ref: string): string;
  /** "Practice: C-017 · 12 March 2026 · 1.5 h" for each record a file (by its ref) supports. */
  supports(fileRef: string): string[];
}

export function evidenceRefs(snapshot: PortfolioSnapshot): EvidenceRefs {
  const cited = new Map<string, string[]>();
  for (const file of snapshot.files) for (const link of file.links) cited.set(link, [...(cited.get(link) ?? []), file.ref]);
  const described = new Map<string, string>();
  for (const [type, list] of Object.entries(snapshot.records) as [RecordType, PortfolioSnapshot['records'][RecordType]][]) {
    const definition = definitionOf(type);
    for (const record of list) described.set(`${type}:${record.id}`, `${definition.names.nav}: ${definition.describe(record)}`);
  }
  const byFile = new Map(snapshot.files.map((file) => [file.ref, file.links.map((link) => described.get(link)).filter((text): text is string => text !== undefined)]));
  return {
    citedBy: (ref) => (cited.get(ref) ?? []).join(', '),
    supports: (fileRef) => byFile.get(fileRef) ?? [],
  };
}

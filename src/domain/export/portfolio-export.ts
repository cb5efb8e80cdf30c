import type { ServiceDeps } from '../deps';
import { RECORD_DEFINITIONS, definitionOf, type RecordType, type RecordValues } from '../records';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export-schema';

export interface PortfolioExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  portfolio: Record<string, string>;
  records: Record<RecordType, (RecordValues & { id: number })[]>;
  files: { id: number; name: string; mediaType: string; sizeBytes: number; sha256: string; links: string[] }[];
  /** Absent from exports made before calendar imports. */
  calendarAttendees?: { salt: string; codes: { addressHash: string; clientCode: string }[] };
}

const withoutNulls = (object: Record<string, unknown>) => Object.fromEntries(Object.entries(object).filter(([, value]) => value != null && value !== '')) as Record<string, string>;

/** The whole portfolio as one document that follows schemas/portfolio-export.schema.json. */
export async function exportPortfolio(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number): Promise<PortfolioExport> {
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());
  const records = {} as PortfolioExport['records'];
  for (const definition of RECORD_DEFINITIONS) {
    const stored = await deps.repos.record.list(deps.db, definition, portfolio.id, { sort: definition.dateField, direction: 'asc' });
    records[definition.type] = stored.map((record) => ({ id: record.id, ...record.values }));
  }
  const files = await deps.repos.evidenceFile.list(deps.db, portfolio.id);
  const links = await deps.repos.evidenceLink.recordsForFiles(
    deps.db,
    files.map((file) => file.id),
  );
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: deps.clock.now().toISOString(),
    portfolio: withoutNulls({
      displayName: portfolio.displayName,
      emccMembershipNumber: portfolio.emccMembershipNumber,
      firstPracticeDate: portfolio.firstPracticeDate,
      practiceRole: portfolio.practiceRole,
      criteriaSet: portfolio.criteriaSet,
      targetLevel: portfolio.targetLevel,
    }),
    records,
    files: files
      .slice()
      .sort((a, b) => a.id - b.id)
      .map((file) => ({ id: file.id, name: file.name, mediaType: file.mediaType, sizeBytes: file.sizeBytes, sha256: file.sha256, links: (links.get(file.id) ?? []).map((link) => `${link.type}:${link.id}`) })),
    // Attendees are kept only as hashes keyed with the portfolio's salt: without it, no restored portfolio could recognise them.
    calendarAttendees: { salt: portfolio.clientCodeSalt, codes: await deps.repos.calendarAttendee.list(deps.db, portfolio.id) },
  };
}

/** One log's records, oldest first, for its CSV. */
export async function exportLog(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number, type: RecordType): Promise<RecordValues[]> {
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());
  const definition = definitionOf(type);
  return (await deps.repos.record.list(deps.db, definition, portfolio.id, { sort: definition.dateField, direction: 'asc' })).map((record) => record.values);
}

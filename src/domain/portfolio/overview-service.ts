import type { ServiceDeps } from '../deps';
import { RECORD_DEFINITIONS, definitionOf, type RecordDefinition, type RecordType, type StoredRecord } from '../records';
import type { Evidence } from '../evaluation/evaluation';
import { totalHours } from '../evaluation/hours';
import type { Portfolio } from '../../db/repositories/portfolio-repository';
import { isoDay } from '../dates';

const MONTHS_SHOWN = 24;
const LATEST_SHOWN = 8;

export interface Overview {
  portfolio: Portfolio;
  totals: { definition: RecordDefinition; count: number; hours: number | null }[];
  fileCount: number;
  /** Client practice hours per calendar month, oldest first, the last 24 months. */
  practiceHoursByMonth: { month: string; hours: number }[];
  latest: { definition: RecordDefinition; record: StoredRecord }[];
}

/** The months 'YYYY-MM' ending with the month of `today`. */
function lastMonths(today: string, count: number): string[] {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, index) => new Date(Date.UTC(year, month - 1 - (count - 1 - index), 1)).toISOString().slice(0, 7));
}

/**
 * What the overview shows. The evidence the dashboard has just evaluated already holds most of
 * it (counts, hours, the monthly chart), so only contributions, files and the latest entries
 * are read, side by side.
 */
export async function portfolioOverview(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, portfolio: Portfolio, evidence: Evidence): Promise<Overview> {
  const { fromEvidence, practiceHoursByMonth } = summaryOf(evidence, isoDay(deps.clock.now()));
  const [contributions, fileCount, recent] = await Promise.all([
    deps.repos.record.list(deps.db, definitionOf('contribution'), portfolio.id),
    deps.repos.evidenceFile.count(deps.db, portfolio.id),
    deps.repos.record.recentlyAddedAcross(deps.db, RECORD_DEFINITIONS, portfolio.id, LATEST_SHOWN),
  ]);
  const contributionTotals = { count: contributions.length, hours: totalHours(contributions.map((record) => record.values)) };
  const latest = recent.map((record) => ({ definition: definitionOf(record.type), record }));
  return {
    portfolio,
    totals: RECORD_DEFINITIONS.map((definition) => ({ definition, ...(fromEvidence[definition.type] ?? contributionTotals) })),
    fileCount,
    practiceHoursByMonth,
    latest,
  };
}

interface EvidenceSummary {
  today: string;
  fromEvidence: Partial<Record<RecordType, { count: number; hours: number | null }>>;
  practiceHoursByMonth: Overview['practiceHoursByMonth'];
}

/**
 * Kept with the evidence it sums: the evidence cache hands out the same object until the
 * portfolio changes, so the totals and the chart pass over every record once per change (and
 * day), not on every page view.
 */
const summaries = new WeakMap<Evidence, EvidenceSummary>();

function summaryOf(evidence: Evidence, today: string): EvidenceSummary {
  const kept = summaries.get(evidence);
  if (kept?.today === today) return kept;
  const months = lastMonths(today, MONTHS_SHOWN);
  const byMonth = new Map(months.map((month) => [month, [] as Evidence['practice']]));
  // A range of sessions counts in the month it ends, as everywhere else.
  for (const entry of evidence.practice) byMonth.get((entry.endDate ?? entry.date).slice(0, 7))?.push(entry);
  const summary: EvidenceSummary = {
    today,
    fromEvidence: {
      practice: { count: evidence.practice.length, hours: totalHours(evidence.practice) },
      supervision: { count: evidence.supervision.length, hours: totalHours(evidence.supervision) },
      cpd: { count: evidence.cpd.length, hours: totalHours(evidence.cpd) },
      feedback: { count: evidence.feedback.length, hours: null },
      reflection: { count: evidence.reflections.length, hours: null },
      supervision_practice: { count: evidence.supervisionPractice?.length ?? 0, hours: totalHours(evidence.supervisionPractice ?? []) },
    },
    practiceHoursByMonth: months.map((month) => ({ month, hours: totalHours(byMonth.get(month)!) })),
  };
  summaries.set(evidence, summary);
  return summary;
}

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

type OverviewDeps = Pick<ServiceDeps, 'db' | 'repos' | 'clock'>;

/** What the overview reads from the logs beyond the evidence: the contributions' totals and the latest entries. */
interface LogFacts {
  contributionTotals: { count: number; hours: number | null };
  latest: Overview['latest'];
}

/**
 * What the overview shows. The evidence the dashboard has just evaluated already holds most of
 * it (counts, hours, the monthly chart); the contributions' totals and the latest entries are
 * read once per change of the logs (logFactsOf); the number of files comes with the portfolio's
 * own query (a file does not move the revision).
 */
export async function portfolioOverview(deps: OverviewDeps, portfolio: Portfolio, evidence: Evidence): Promise<Overview> {
  const { fromEvidence, practiceHoursByMonth } = summaryOf(evidence, isoDay(deps.clock.now()));
  const [{ contributionTotals, latest }, fileCount] = await Promise.all([logFactsOf(deps, portfolio, evidence), portfolio.fileCount ?? deps.repos.evidenceFile.count(deps.db, portfolio.id)]);
  return {
    portfolio,
    totals: RECORD_DEFINITIONS.map((definition) => ({ definition, ...(fromEvidence[definition.type] ?? contributionTotals) })),
    fileCount,
    practiceHoursByMonth,
    latest,
  };
}

/**
 * Kept with the evidence, like the summary below: every change to a log (contributions
 * included) moves the portfolio's revision, and with it the evidence object the cache hands
 * out, so what is kept here is never shown after a change. Kept as a promise, so requests
 * arriving together read once.
 */
const logFacts = new WeakMap<Evidence, Promise<LogFacts>>();

function logFactsOf(deps: OverviewDeps, portfolio: Portfolio, evidence: Evidence): Promise<LogFacts> {
  let facts = logFacts.get(evidence);
  if (!facts) {
    facts = readLogFacts(deps, portfolio.id);
    logFacts.set(evidence, facts);
    facts.catch(() => logFacts.delete(evidence)); // a failed read is tried again by the next view
  }
  return facts;
}

async function readLogFacts(deps: OverviewDeps, portfolioId: number): Promise<LogFacts> {
  const [contributions, recent] = await Promise.all([
    deps.repos.record.list(deps.db, definitionOf('contribution'), portfolioId),
    deps.repos.record.recentlyAddedAcross(deps.db, RECORD_DEFINITIONS, portfolioId, LATEST_SHOWN),
  ]);
  return {
    contributionTotals: { count: contributions.length, hours: totalHours(contributions.map((record) => record.values)) },
    latest: recent.map((record) => ({ definition: definitionOf(record.type), record })),
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

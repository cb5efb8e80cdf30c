import type { ServiceDeps } from '../deps';
import { RECORD_DEFINITIONS, type RecordDefinition, type StoredRecord } from '../records';
import { recordRepository } from '../../db/repositories/record-repository';
import { portfolioRepository, type Portfolio } from '../../db/repositories/portfolio-repository';
import { evidenceFileRepository } from '../../db/repositories/evidence-file-repository';
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
  return Array.from({ length: count }, (_, index) => {
    const date = new Date(Date.UTC(year, month - 1 - (count - 1 - index), 1));
    return date.toISOString().slice(0, 7);
  });
}

/** Everything the applicant's overview shows, in a handful of queries. */
export async function portfolioOverview(deps: Pick<ServiceDeps, 'db' | 'clock'>, ownerId: number): Promise<Overview> {
  const portfolio = await portfolioRepository.findOrCreate(deps.db, ownerId, deps.clock.now());
  const totals = [];
  const latest: Overview['latest'] = [];
  for (const definition of RECORD_DEFINITIONS) {
    const total = await recordRepository.totals(deps.db, definition, portfolio.id);
    totals.push({ definition, ...total });
    const recent = await recordRepository.recentlyAdded(deps.db, definition, portfolio.id, LATEST_SHOWN);
    latest.push(...recent.map((record) => ({ definition, record })));
  }
  latest.sort((a, b) => b.record.createdAt.getTime() - a.record.createdAt.getTime() || b.record.id - a.record.id);

  const months = lastMonths(isoDay(deps.clock.now()), MONTHS_SHOWN);
  const hours = await recordRepository.practiceHoursByMonth(deps.db, portfolio.id, `${months[0]}-01`);
  return {
    portfolio,
    totals,
    fileCount: (await evidenceFileRepository.list(deps.db, portfolio.id)).length,
    practiceHoursByMonth: months.map((month) => ({ month, hours: hours.get(month) ?? 0 })),
    latest: latest.slice(0, LATEST_SHOWN),
  };
}

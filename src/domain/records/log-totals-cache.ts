import type { RecordFilter, RecordTotals } from '../../db/repositories/record-repository';
import type { Portfolio } from '../../db/repositories/portfolio-repository';
import type { RecordType } from '.';

/** Filters kept per portfolio (the unfiltered log of each type, and the searches of the moment). */
const FILTERS_KEPT = 50;

interface Entry {
  revision: number;
  totals: Map<string, RecordTotals>;
}

/**
 * The totals a log page shows (the records a filter matches and their hours), kept per
 * portfolio revision. Counted with each page, they made PostgreSQL read every record of the log
 * on every view: 18 ms for 10,000 practice entries, where the page itself reads a hundred. The
 * revision moves with every change to any log, whichever process makes it (database triggers),
 * and the portfolio is read on every request, so totals are never shown after a change. Least
 * recently used portfolios go first.
 */
export class LogTotalsCache {
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly limit = 200) {}

  get(portfolio: Portfolio, type: RecordType, filter: RecordFilter): RecordTotals | undefined {
    const entry = this.entries.get(portfolio.id);
    if (!entry || entry.revision !== portfolio.revision) return undefined;
    this.use(portfolio.id, entry);
    return entry.totals.get(keyOf(type, filter));
  }

  set(portfolio: Portfolio, type: RecordType, filter: RecordFilter, totals: RecordTotals): void {
    let entry = this.entries.get(portfolio.id);
    if (!entry || entry.revision !== portfolio.revision) entry = { revision: portfolio.revision, totals: new Map() };
    this.use(portfolio.id, entry);
    entry.totals.set(keyOf(type, filter), totals);
    if (entry.totals.size > FILTERS_KEPT) entry.totals.delete(entry.totals.keys().next().value!);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Moves the portfolio's entry to the newest end (a Map keeps insertion order). */
  private use(portfolioId: number, entry: Entry): void {
    this.entries.delete(portfolioId);
    this.entries.set(portfolioId, entry);
  }
}

/** Totals depend on what the filter matches, not on its order or page. */
const keyOf = (type: RecordType, filter: RecordFilter): string => JSON.stringify([type, filter.from ?? '', filter.to ?? '', filter.text ?? '']);

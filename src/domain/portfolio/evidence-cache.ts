import type { Evidence } from '../evaluation/evaluation';
import type { Portfolio } from '../../db/repositories/portfolio-repository';

/**
 * The evidence of recently evaluated portfolios, kept in this process's memory. An entry is used
 * only while the portfolio's revision (moved by database triggers on every change that matters,
 * whichever process made it) is the one it was read at, and until a confirmation status in it
 * would change by itself (a request expiring). Least recently used entries go first.
 */
export class EvidenceCache {
  private readonly entries = new Map<number, { revision: number; evidence: Evidence; validUntil: Date | null }>();

  constructor(private readonly limit = 100) {}

  get(portfolio: Portfolio, now: Date): Evidence | undefined {
    const entry = this.entries.get(portfolio.id);
    if (!entry || entry.revision !== portfolio.revision || (entry.validUntil && entry.validUntil <= now)) return undefined;
    this.entries.delete(portfolio.id);
    this.entries.set(portfolio.id, entry);
    return entry.evidence;
  }

  /** Keeps evidence read after the portfolio row: it is at least as new as that revision. */
  set(portfolio: Portfolio, evidence: Evidence, validUntil: Date | null = null): void {
    this.entries.delete(portfolio.id);
    this.entries.set(portfolio.id, { revision: portfolio.revision, evidence, validUntil });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}

import type { Evaluation, Evidence } from '../evaluation/evaluation';
import type { CriteriaSet } from '../criteria/criteria-set';
import type { Portfolio } from '../../db/repositories/portfolio-repository';
import { EVIDENCE_LOGS, type KeptEvidence } from './evidence-loader';

/** Evaluation dates kept per portfolio and criteria set (today's, and a few the user looked at). */
const DATES_KEPT = 8;

interface Entry {
  revision: number;
  logRevisions: Portfolio['logRevisions'];
  evidence: Evidence;
  validUntil: Date | null;
  /**
   * Evaluations of this evidence, by criteria set and date. Keyed by the set object itself: the
   * sets from criteria/ are loaded once, so they hit; a set read from the database is a new
   * object on each request, so it never matches an older edition.
   */
  evaluations: WeakMap<CriteriaSet, Map<string, Evaluation>>;
}

/**
 * The evidence of recently evaluated portfolios, and their evaluations, kept in this process's
 * memory (evaluations are shared between requests: read them, never change them). An entry is used
 * only while the portfolio's revision (moved by database triggers on every change that matters,
 * whichever process made it) is the one it was read at, and until a confirmation status in it
 * would change by itself (a request expiring). After a change, what is kept of the logs that did
 * not change is handed back (`reusable`), so only the changed logs are read again. Least recently
 * used entries go first.
 */
export class EvidenceCache {
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly limit = 100) {}

  get(portfolio: Portfolio, now: Date): Evidence | undefined {
    return this.current(portfolio, now)?.evidence;
  }

  /** The evaluation of the current evidence against this set on this date, if one was kept. */
  evaluation(portfolio: Portfolio, set: CriteriaSet, asOf: string, now: Date): { evidence: Evidence; evaluation: Evaluation } | undefined {
    const entry = this.current(portfolio, now);
    const evaluation = entry?.evaluations.get(set)?.get(asOf);
    return entry && evaluation && { evidence: entry.evidence, evaluation };
  }

  /** Keeps an evaluation of the evidence this cache holds for the portfolio (at the same revision). */
  keepEvaluation(portfolio: Portfolio, set: CriteriaSet, asOf: string, evaluation: Evaluation): void {
    const entry = this.entries.get(portfolio.id);
    if (!entry || entry.revision !== portfolio.revision) return;
    const byDate = entry.evaluations.get(set) ?? new Map<string, Evaluation>();
    byDate.set(asOf, evaluation);
    if (byDate.size > DATES_KEPT) byDate.delete(byDate.keys().next().value!);
    entry.evaluations.set(set, byDate);
  }

  /**
   * The evidence held for the portfolio, whatever its revision, with the logs to read again: those
   * whose count of changes moved (portfolios.log_revisions), and supervision once a status in it
   * has changed by itself. Undefined when nothing is held.
   */
  reusable(portfolio: Portfolio, now: Date): KeptEvidence | undefined {
    const entry = this.entries.get(portfolio.id);
    if (!entry) return undefined;
    const expired = Boolean(entry.validUntil && entry.validUntil <= now);
    const staleLogs = EVIDENCE_LOGS.filter((log) => (entry.logRevisions[log] ?? 0) !== (portfolio.logRevisions[log] ?? 0) || (log === 'supervision' && expired));
    return { evidence: entry.evidence, validUntil: expired ? null : entry.validUntil, staleLogs };
  }

  private current(portfolio: Portfolio, now: Date): Entry | undefined {
    const entry = this.entries.get(portfolio.id);
    if (!entry || entry.revision !== portfolio.revision || (entry.validUntil && entry.validUntil <= now)) return undefined;
    this.entries.delete(portfolio.id);
    this.entries.set(portfolio.id, entry);
    return entry;
  }

  /** Keeps evidence read after the portfolio row: it is at least as new as that revision. */
  set(portfolio: Portfolio, evidence: Evidence, validUntil: Date | null = null): void {
    this.entries.delete(portfolio.id);
    this.entries.set(portfolio.id, { revision: portfolio.revision, logRevisions: portfolio.logRevisions, evidence, validUntil, evaluations: new WeakMap() });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}

import type { Confidence, CriteriaSource, RequirementKind } from '../criteria/criteria-set';
import type { ConfirmationState } from '../vocabulary';

/**
 * What the evaluation reads: the portfolio's records as plain data (no database). Dates are
 * ISO strings; hours are numbers. Ids are the records' ids, referenced as "type:id".
 */
export interface Evidence {
  portfolio: { firstPracticeDate: string | null; emccMembershipNumber: string | null; displayName: string | null };
  practice: { id: number; clientCode: string; date: string; endDate?: string; hours: number; format: 'one_to_one' | 'group' | 'team'; groupSize?: number; payment: 'paid' | 'pro_bono' }[];
  /** Each with where its confirmation stands, and the date that status dates from (null when never asked). */
  supervision: { id: number; date: string; hours: number; format: 'individual' | 'group' | 'peer'; confirmation: ConfirmationState; confirmationOn: string | null }[];
  cpd: { id: number; startDate: string; endDate: string; hours: number }[];
  feedback: { id: number; date: string }[];
  reflections: { id: number; date: string; kind: 'reflection' | 'case_study'; competences: string[]; words: number }[];
}

/** "practice:12" */
export type RecordRef = string;

export interface RequirementResult {
  id: string;
  kind: RequirementKind;
  label: string;
  explanation: string;
  source: CriteriaSource;
  confidence: Confidence;
  met: boolean;
  /** The figure asked for and the figure reached, in `unit`. */
  required: number;
  actual: number;
  /** max(0, required - actual), rounded to 2 decimals. */
  gap: number;
  unit: 'hours' | 'clients' | 'years' | 'items' | 'periods' | 'categories' | 'field' | 'guidance';
  /** What is missing, in plain words ("42.5 more client hours"); empty when met. */
  gapText: string;
  /** How the parameters were applied, in words ("Group and peer supervision do not count."). */
  notes: string[];
  /** The window the requirement looked at, both ends included. */
  window?: { from: string; to: string };
  counted: RecordRef[];
  excluded: { ref: RecordRef; reason: string }[];
  /** Kind-specific detail for the pages and the PDF. */
  periods?: { from: string; to: string; hours: number; met: boolean }[];
  categories?: { id: string; count: number }[];
  /** Supervision kinds: counted hours split by confirmation. */
  supervisionHours?: { confirmed: number; unconfirmed: number };
  /**
   * Supervision kinds: the supervision in the window and of an accepted format, by confirmation
   * status (in the order of CONFIRMATION_STATES), each saying whether this requirement counts it.
   */
  confirmations?: { state: ConfirmationState; counted: boolean; records: number; hours: number }[];
  /** At the pace of the last 6 months, when the gap closes; null when not at the current pace. */
  forecast?: { date: string | null };
}

export interface LevelResult {
  id: string;
  label: string;
  met: boolean;
  requirements: RequirementResult[];
}

export interface Evaluation {
  criteriaSet: { id: string; title: string; edition: string };
  asOf: string;
  levels: LevelResult[];
  /** The id of the highest level whose requirements are all met (levels in file order), or null. */
  highestLevelMet: string | null;
}

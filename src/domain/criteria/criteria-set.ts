import type { ConfirmationState } from '../vocabulary';

/**
 * A criteria set: one edition of a scheme's rules (EMCC EIA, ICF credentials), kept as data in
 * criteria/*.json and validated by schemas/criteria.schema.json. The engine knows the
 * requirement kinds; the files give the numbers, each with its source and confidence.
 */

/**
 * How sure we are of a figure: high = the awarding body's own page; medium = an official national
 * body, or the body's document on a third-party host; low = one training provider or one
 * applicant's account; assumed = no source states it for this level (the lower level's is carried up).
 */
export type Confidence = 'high' | 'medium' | 'low' | 'assumed';

export interface CriteriaSource {
  id: string;
  title: string;
  url?: string;
}

/** The parameters of each requirement kind (defaults in brackets are applied by the engine). */
export interface RequirementParams {
  /** First practice date + N years on or before the evaluation date. */
  years_of_practice: { years: number };
  /** Client practice hours dated on or before the evaluation date (a range counts at its end). */
  practice_hours: { hours: number; paidOnly?: boolean /* [false] */; windowMonths?: number /* [none: lifetime] */ };
  /** Distinct client codes; a group or team counts as its (largest) group size with 'members'. */
  distinct_clients: { clients: number; groupCounting?: 'members' | 'one' /* ['members'] */ };
  /** Feedback items, reflections or case studies dated in the window. */
  items_in_window: { item: 'feedback' | 'reflection' | 'case_study'; count: number; windowMonths?: number /* [12] */; minWords?: number /* [none] */ };
  /** CPD hours whose end date falls in the window. */
  cpd_hours_in_window: { hours: number; windowMonths?: number /* [12] */ };
  /** Each of N consecutive periods of M months ending on the evaluation date holds ≥ minHours. */
  supervision_per_period: SupervisionParams & { periods?: number /* [4] */; periodMonths?: number /* [3] */; minHours?: number /* [1] */ };
  /** Accepted supervision hours in the window. */
  supervision_per_year: SupervisionParams & { hours: number; windowMonths?: number /* [12] */ };
  /** At least 1 h of accepted supervision per N h of client practice, in the same window. */
  supervision_ratio: SupervisionParams & { practiceHoursPerSupervisionHour: number; windowMonths?: number /* [12] */ };
  /** Every competence category has at least one reflection or case study tagged with it. */
  competences_evidenced: { categories?: string[] /* [all 8] */ };
  /** At least N case studies. */
  case_study_present: { count?: number /* [1] */ };
  /** First session in the supervision practice log + N years on or before the evaluation date. */
  years_supervising: { years: number };
  /** Distinct supervisee codes in the supervision practice log; a group code as its largest group size. */
  distinct_supervisees: { supervisees: number };
  /** Supervision contact hours given (supervision practice log); a group session counts once. */
  supervision_practice_hours: { hours: number };
  /** A portfolio field is filled in. */
  field_present: { field: 'emccMembershipNumber' | 'firstPracticeDate' | 'displayName' };
  /**
   * Shown with its explanation, source and confidence, never counted, never blocking a level:
   * the awarding body publishes no figure ('not-found'), or asks for something the app cannot
   * check, such as references on its own form ('not-checked').
   */
  guidance: { figure: 'not-found' | 'not-checked' };
}

export type RequirementKind = keyof RequirementParams;
export type SupervisionFormat = 'individual' | 'group' | 'peer';

/**
 * What the three supervision kinds share. Which confirmation statuses count is the criteria
 * set's decision, never the code's: EMCC counts confirmed and not-yet-confirmed supervision
 * (shown apart) and never supervision the supervisor declined.
 */
export interface SupervisionParams {
  formats?: SupervisionFormat[] /* [individual] */;
  countStatuses: ConfirmationState[];
  /** What the supervision was about: the person's coaching or mentoring practice, or their supervision practice (supervision on supervision) [either]. */
  about?: 'practice' | 'supervision';
}

export type Requirement = {
  [K in RequirementKind]: {
    id: string;
    kind: K;
    label: string;
    explanation: string;
    params: RequirementParams[K];
    source: string;
    confidence: Confidence;
  };
}[RequirementKind];

export interface CriteriaLevel {
  id: string;
  label: string;
  requirements: Requirement[];
}

/** A declaration the applicant makes when submitting (a code of ethics …), in the words they sign. */
export interface CriteriaDeclaration {
  /** Stable id, the key of the API's `declarations` object ("ethics"). */
  id: string;
  title: string;
  /** The full statement, as the submit page and the PDF show it. */
  text: string;
  /** The id of the source in `sources` that the declaration refers to. */
  source: string;
}

export interface CriteriaSet {
  id: string;
  title: string;
  edition: string;
  description: string;
  /** A renewal's rules: the set whose awards it renews. Prepared from an award; never a target, never compared. */
  renews?: string;
  sources: CriteriaSource[];
  /** What an applicant declares at submission; none when the set asks for none. */
  declarations?: CriteriaDeclaration[];
  levels: CriteriaLevel[];
}

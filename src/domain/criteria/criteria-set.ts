/**
 * A criteria set: one edition of a scheme's rules (EMCC EIA, ICF credentials), kept as data in
 * criteria/*.json and validated by schemas/criteria.schema.json. The engine knows the
 * requirement kinds; the files give the numbers, each with its source and confidence.
 */

export type Confidence = 'high' | 'medium' | 'assumed';

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
  items_in_window: { item: 'feedback' | 'reflection' | 'case_study'; count: number; windowMonths?: number /* [12] */ };
  /** CPD hours whose end date falls in the window. */
  cpd_hours_in_window: { hours: number; windowMonths?: number /* [12] */ };
  /** Each of N consecutive periods of M months ending on the evaluation date holds ≥ minHours. */
  supervision_per_period: { periods?: number /* [4] */; periodMonths?: number /* [3] */; minHours?: number /* [1] */; formats?: SupervisionFormat[] /* [individual] */; requireConfirmation?: boolean /* [false] */ };
  /** Accepted supervision hours in the window. */
  supervision_per_year: { hours: number; windowMonths?: number /* [12] */; formats?: SupervisionFormat[]; requireConfirmation?: boolean };
  /** At least 1 h of accepted supervision per N h of client practice, in the same window. */
  supervision_ratio: { practiceHoursPerSupervisionHour: number; windowMonths?: number /* [12] */; formats?: SupervisionFormat[]; requireConfirmation?: boolean };
  /** Every competence category has at least one reflection or case study tagged with it. */
  competences_evidenced: { categories?: string[] /* [all 8] */ };
  /** At least N case studies. */
  case_study_present: { count?: number /* [1] */ };
  /** A portfolio field is filled in. */
  field_present: { field: 'emccMembershipNumber' | 'firstPracticeDate' | 'displayName' };
}

export type RequirementKind = keyof RequirementParams;
export type SupervisionFormat = 'individual' | 'group' | 'peer';

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

export interface CriteriaSet {
  id: string;
  title: string;
  edition: string;
  description: string;
  sources: CriteriaSource[];
  levels: CriteriaLevel[];
}

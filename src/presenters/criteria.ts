import type { Confidence, RequirementKind } from '../domain/criteria/criteria-set';

/** How sure we are of a figure, in words a person reads beside it. */
export const CONFIDENCE_LABELS: Record<Confidence, string> = {
  high: 'High confidence: stated by the awarding body',
  medium: 'Medium confidence: from an official national body, or the awarding body’s document on another site',
  low: 'Low confidence: from one training provider or one applicant’s account',
  assumed: 'Assumed: no source states it for this level; the lower level’s figure is carried up',
};

export const KIND_LABELS: Record<RequirementKind, string> = {
  years_of_practice: 'Years of practice',
  practice_hours: 'Client practice hours',
  distinct_clients: 'Distinct clients',
  items_in_window: 'Items in a window',
  cpd_hours_in_window: 'CPD hours in a window',
  supervision_per_period: 'Supervision in every period',
  supervision_per_year: 'Supervision hours a year',
  supervision_ratio: 'Supervision to practice ratio',
  competences_evidenced: 'Competence categories evidenced',
  case_study_present: 'Case study',
  guidance: 'Guidance, not checked by the app',
  field_present: 'Portfolio detail',
};

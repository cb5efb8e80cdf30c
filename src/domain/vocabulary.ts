/**
 * The fixed choices of the EIA domain, each with the words the UI and the PDF use
 * (../shared/design/PRODUCT.md). Ids are stable: they are stored, exported and imported.
 */

const choices = <const T extends readonly string[]>(ids: T, labels: Record<T[number], string>) => ({ ids, labels });

export const LEVELS = choices(['foundation', 'practitioner', 'senior_practitioner', 'master_practitioner'] as const, {
  foundation: 'Foundation',
  practitioner: 'Practitioner',
  senior_practitioner: 'Senior Practitioner',
  master_practitioner: 'Master Practitioner',
});

export const PRACTICE_ROLES = choices(['mentor', 'coach', 'both'] as const, {
  mentor: 'Mentor',
  coach: 'Coach',
  both: 'Mentor and coach',
});

/** The 8 categories of the EMCC Competence Framework (V2, 2015). */
export const COMPETENCES = choices(['understanding_self', 'self_development', 'managing_contract', 'building_relationship', 'enabling_insight', 'outcome_action', 'models_techniques', 'evaluation'] as const, {
  understanding_self: 'Understanding Self',
  self_development: 'Commitment to Self-Development',
  managing_contract: 'Managing the Contract',
  building_relationship: 'Building the Relationship',
  enabling_insight: 'Enabling Insight and Learning',
  outcome_action: 'Outcome and Action Orientation',
  models_techniques: 'Use of Models and Techniques',
  evaluation: 'Evaluation',
});

/**
 * The EMCC Global Supervision Competence Framework, kept with its edition like the criteria sets,
 * so a reflection tagged today reads the same when the framework changes. The 2019 edition (in
 * use since; EMCC's press release of 9 July 2019, and EMCC's competence framework page) has 8
 * competences in four sections; the 2016 edition it replaced had 6 (and an older one 7). The
 * capability indicators under each are guidance, not absolute requirements.
 */
export const SUPERVISION_COMPETENCE_FRAMEWORK = { title: 'EMCC Global Supervision Competence Framework', edition: '2019 (8 competences)' } as const;
export const SUPERVISION_COMPETENCES = choices(
  ['sv_contract_process', 'sv_facilitates_development', 'sv_provides_support', 'sv_professional_standards', 'sv_self_awareness', 'sv_relationship_awareness', 'sv_systemic_awareness', 'sv_group_supervision'] as const,
  {
    sv_contract_process: 'Manages the supervision contract and process',
    sv_facilitates_development: 'Facilitates development',
    sv_provides_support: 'Provides support',
    sv_professional_standards: 'Promotes professional standards',
    sv_self_awareness: 'Self-awareness',
    sv_relationship_awareness: 'Relationship awareness',
    sv_systemic_awareness: 'Systemic awareness',
    sv_group_supervision: 'Facilitates group supervision (where appropriate)',
  },
);
export type SupervisionCompetence = (typeof SUPERVISION_COMPETENCES.ids)[number];

export const PRACTICE_FORMATS = choices(['one_to_one', 'group', 'team'] as const, { one_to_one: 'One-to-one', group: 'Group', team: 'Team' });
export const PRACTICE_KINDS = choices(['mentoring', 'coaching'] as const, { mentoring: 'Mentoring', coaching: 'Coaching' });
export const PAYMENTS = choices(['paid', 'pro_bono'] as const, { paid: 'Paid', pro_bono: 'Pro bono' });
export const DELIVERIES = choices(['in_person', 'remote'] as const, { in_person: 'In person', remote: 'Remote' });
export const SUPERVISION_FORMATS = choices(['individual', 'group', 'peer'] as const, { individual: 'Individual', group: 'Group', peer: 'Peer' });
/** What a supervision record was about: the person's coaching or mentoring practice, or their own supervision practice (supervision on supervision). */
export const SUPERVISION_ABOUT = choices(['practice', 'supervision'] as const, { practice: 'My coaching or mentoring practice', supervision: 'My supervision practice (supervision on supervision)' });
/** The sessions a supervisor gives: one supervisee, or a group (whose hours count once). */
export const SUPERVISION_PRACTICE_FORMATS = choices(['individual', 'group'] as const, { individual: 'Individual', group: 'Group' });
export const CPD_KINDS = choices(['training_course', 'workshop', 'conference', 'webinar', 'reading', 'peer_learning', 'other'] as const, {
  training_course: 'Training course',
  workshop: 'Workshop',
  conference: 'Conference',
  webinar: 'Webinar',
  reading: 'Reading',
  peer_learning: 'Peer learning',
  other: 'Other',
});
export const CONTRIBUTION_KINDS = choices(['article', 'talk', 'volunteering', 'committee_role', 'pro_bono_programme', 'research', 'other'] as const, {
  article: 'Article',
  talk: 'Talk',
  volunteering: 'Volunteering',
  committee_role: 'Committee or EMCC role',
  pro_bono_programme: 'Pro bono programme',
  research: 'Research',
  other: 'Other',
});
export const FEEDBACK_CHANNELS = choices(['written', 'survey', 'recorded_verbal'] as const, { written: 'Written', survey: 'Survey', recorded_verbal: 'Recorded verbal' });
export const REFLECTION_KINDS = choices(['reflection', 'case_study'] as const, { reflection: 'Reflection', case_study: 'Case study' });

export type Level = (typeof LEVELS.ids)[number];
export type Competence = (typeof COMPETENCES.ids)[number];

/**
 * Where a supervisor's confirmation of a supervision record stands: one list, used by the
 * evaluation (which statuses count is the criteria set's decision), the pages, the PDF and the API.
 */
export const CONFIRMATION_STATES = choices(
  ['confirmed', 'correction_accepted', 'awaiting_answer', 'correction_proposed', 'declined', 'changed_after_answer', 'request_expired', 'request_revoked', 'never_asked'] as const,
  {
    confirmed: 'Confirmed',
    correction_accepted: 'Confirmed with a correction',
    awaiting_answer: 'Awaiting the supervisor’s answer',
    correction_proposed: 'Correction proposed',
    declined: 'Declined by the supervisor',
    changed_after_answer: 'Changed after the supervisor’s answer',
    request_expired: 'Request expired',
    request_revoked: 'Request revoked',
    never_asked: 'Never asked',
  },
);
export type ConfirmationState = (typeof CONFIRMATION_STATES.ids)[number];

/** The states in which the supervisor has confirmed the record as it now reads. */
export const isConfirmedState = (state: ConfirmationState) => state === 'confirmed' || state === 'correction_accepted';

/** Where a submission stands; the words are the ones every page, email and the verify page use. */
export const SUBMISSION_STATUSES = ['submitted', 'in_review', 'more_info_requested', 'resubmitted', 'awarded', 'not_awarded', 'withdrawn'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const STATUS_LABELS: Record<SubmissionStatus, string> = {
  submitted: 'Submitted, awaiting assessment',
  in_review: 'In review',
  more_info_requested: 'More information requested',
  resubmitted: 'Resubmitted, awaiting assessment',
  awarded: 'Awarded',
  not_awarded: 'Not awarded',
  withdrawn: 'Withdrawn by the applicant',
};

/** Decided or withdrawn: nothing about it changes any more. */
export const isClosed = (status: SubmissionStatus) => status === 'awarded' || status === 'not_awarded' || status === 'withdrawn';

/** Waiting for, or under, assessment. */
export const isOpenForAssessment = (status: SubmissionStatus) => status === 'submitted' || status === 'resubmitted' || status === 'in_review';

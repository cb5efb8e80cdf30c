import { DRAFT_SUBJECTS, type AssessmentView } from '../../../domain/submission/assessment-service';
import type { SnapshotRecord, SnapshotSupervision } from '../../../domain/snapshot/snapshot';
import { frozenConfirmationText } from '../../../domain/signoff/confirmation-words';
import { confirmationBreakdown } from '../../../presenters/supervision-status';
import { definitionOf, type RecordType } from '../../../domain/records';
import { COMPETENCES } from '../../../domain/vocabulary';
import { displayValue } from '../../../presenters/records';
import { progressText } from '../../../presenters/evaluation';
import { formatIsoDate } from '../../../domain/dates';

/** How many of a requirement's records the page lists in full. */
const RECORDS_SHOWN = 100;

/** A frozen record as the assessor reads it: its one-line name, every field in words, and a supervision record's confirmation status. */
function recordDetails(type: RecordType, record: SnapshotRecord) {
  const definition = definitionOf(type);
  const confirmation = type === 'supervision' ? (record as SnapshotSupervision).confirmation : undefined;
  return {
    ref: `${type}:${record.id}`,
    log: definition.names.log,
    text: definition.describe(record),
    ...(confirmation ? { status: { state: confirmation.state, text: frozenConfirmationText(confirmation) } } : {}),
    fields: definition.fields
      .filter((field) => field.name !== 'linkedRecords' && field.name !== 'supervisorEmail')
      .map((field) => ({ label: field.label, text: displayValue(field, record[field.name]) }))
      .filter((field) => field.text),
  };
}

/** Where a figure comes from when no record counts towards it: the portfolio settings (years of practice, membership). */
function settingsText(kind: string, snapshot: AssessmentView['submission']['snapshot']): string | undefined {
  if (kind === 'years_of_practice') {
    const first = snapshot.applicant.firstPracticeDate;
    return first ? `From the portfolio settings: first practised on ${formatIsoDate(first)}.` : 'The portfolio settings give no date of first practice.';
  }
  return kind === 'field_present' ? 'From the portfolio settings.' : undefined;
}

/** A judgement in the page's words. */
export const JUDGEMENT_LABELS: Record<string, string> = { met: 'Met', not_met: 'Not met', more_info: 'More information needed' };

/** How many requirements are judged met, not met, needing more information, and not yet judged. */
export function judgementCounts(judgements: string[]) {
  const count = (judgement: string) => judgements.filter((each) => each === judgement).length;
  const met = count('met');
  const notMet = count('not_met');
  const moreInfo = count('more_info');
  return { met, notMet, moreInfo, notJudged: judgements.length - met - notMet - moreInfo, total: judgements.length };
}

/**
 * The assessment page: each requirement beside its evidence and the assessor's notes. `shown`
 * is the form as last sent when the page comes back with errors: what was typed is shown (and
 * counted), not what was last saved.
 */
export function assessmentPage(view: AssessmentView, shown: Record<string, unknown> = {}) {
  const { submission, notes } = view;
  const snapshot = submission.snapshot;
  const note = new Map(notes.map((each) => [each.subject, each]));
  const typed = (field: string, saved: string | null | undefined) => (typeof shown[field] === 'string' ? (shown[field] as string) : (saved ?? ''));
  const requirements = snapshot.evaluation.level.requirements.map((requirement) => ({
    id: requirement.id,
    anchor: `requirement-${requirement.id}`,
    judgement: typed(`judgement-${requirement.id}`, note.get(`requirement:${requirement.id}`)?.judgement),
    comment: typed(`comment-${requirement.id}`, note.get(`requirement:${requirement.id}`)?.comment),
  }));
  const records = new Map<string, SnapshotRecord>();
  for (const [type, list] of Object.entries(snapshot.records)) for (const record of list as SnapshotRecord[]) records.set(`${type}:${record.id}`, record);
  const describe = (ref: string) => {
    const record = records.get(ref);
    return record ? recordDetails(ref.split(':')[0] as RecordType, record) : undefined;
  };
  return {
    applicant: submission.blind ? 'Withheld (blind review)' : snapshot.applicant.name,
    counts: judgementCounts(requirements.map((requirement) => requirement.judgement)),
    outcome: {
      recommendation: typed('recommendation', note.get(DRAFT_SUBJECTS.recommendation)?.comment),
      feedback: typed('feedback', note.get(DRAFT_SUBJECTS.feedback)?.comment),
    },
    requirements: snapshot.evaluation.level.requirements.map((requirement, index) => ({
      ...requirements[index]!,
      label: requirement.label,
      met: requirement.met,
      guidance: requirement.unit === 'guidance',
      explanation: requirement.explanation,
      progress: progressText(requirement),
      gapText: requirement.gapText,
      settingsText: settingsText(requirement.kind, snapshot),
      notes: requirement.notes,
      counted: requirement.counted
        .slice(0, RECORDS_SHOWN)
        .map(describe)
        .filter((item) => item !== undefined),
      more: Math.max(0, requirement.counted.length - RECORDS_SHOWN),
      excluded: requirement.excluded.slice(0, RECORDS_SHOWN).flatMap((item) => {
        const record = describe(item.ref);
        return record ? [{ ...record, reason: item.reason }] : [];
      }),
      moreExcluded: Math.max(0, requirement.excluded.length - RECORDS_SHOWN),
      confirmations: confirmationBreakdown(requirement),
    })),
    competences: COMPETENCES.ids.map((id) => ({
      id,
      label: COMPETENCES.labels[id],
      evidence: snapshot.records.reflection.filter((record) => ((record.competences as string[] | undefined) ?? []).includes(id)).map((record) => recordDetails('reflection', record)),
      comment: typed(`competence-${id}`, note.get(`competence:${id}`)?.comment),
    })),
    filesShown: !(submission.blind && !submission.blindAppendices),
    files: snapshot.files.map((file) => ({
      ...file,
      href: `/assessments/${submission.id}/files/${file.sha256}`,
      supports: file.links
        .map(describe)
        .filter((item) => item !== undefined)
        .map((item) => item.text),
    })),
    asOfText: formatIsoDate(snapshot.asOf),
  };
}

import type { AssessmentView } from '../../../domain/submission/assessment-service';
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

/** The assessment page: each requirement beside its evidence and the assessor's notes. */
export function assessmentPage(view: AssessmentView) {
  const { submission, notes } = view;
  const snapshot = submission.snapshot;
  const note = new Map(notes.map((each) => [each.subject, each]));
  const records = new Map<string, SnapshotRecord>();
  for (const [type, list] of Object.entries(snapshot.records)) for (const record of list as SnapshotRecord[]) records.set(`${type}:${record.id}`, record);
  const describe = (ref: string) => {
    const record = records.get(ref);
    return record ? recordDetails(ref.split(':')[0] as RecordType, record) : undefined;
  };
  return {
    applicant: submission.blind ? 'Withheld (blind review)' : snapshot.applicant.name,
    requirements: snapshot.evaluation.level.requirements.map((requirement) => ({
      id: requirement.id,
      label: requirement.label,
      met: requirement.met,
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
      judgement: note.get(`requirement:${requirement.id}`)?.judgement ?? '',
      comment: note.get(`requirement:${requirement.id}`)?.comment ?? '',
    })),
    competences: COMPETENCES.ids.map((id) => ({
      id,
      label: COMPETENCES.labels[id],
      evidence: snapshot.records.reflection.filter((record) => ((record.competences as string[] | undefined) ?? []).includes(id)).map((record) => recordDetails('reflection', record)),
      comment: note.get(`competence:${id}`)?.comment ?? '',
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

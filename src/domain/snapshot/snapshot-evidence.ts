import type { Evidence } from '../evaluation/evaluation';
import type { PortfolioSnapshot } from './snapshot';

const optional = <T>(value: unknown) => (value === undefined || value === null ? undefined : (value as T));

/**
 * The evaluation's input from a snapshot's records, so a snapshot is evaluated on exactly the
 * records it holds (and a frozen submission can be evaluated again, years later, the same way).
 */
export function evidenceFromSnapshot(snapshot: Pick<PortfolioSnapshot, 'applicant' | 'records'>): Evidence {
  const { applicant, records } = snapshot;
  return {
    portfolio: { firstPracticeDate: applicant.firstPracticeDate ?? null, emccMembershipNumber: applicant.emccMembershipNumber ?? null, displayName: applicant.name },
    practice: records.practice.map((record) => ({
      id: record.id,
      clientCode: String(record.clientCode),
      date: String(record.date),
      endDate: optional<string>(record.endDate),
      hours: Number(record.hours),
      format: record.format as Evidence['practice'][number]['format'],
      groupSize: optional<number>(record.groupSize),
      payment: record.payment as Evidence['practice'][number]['payment'],
    })),
    supervision: records.supervision.map((record) => ({
      id: record.id,
      date: String(record.date),
      hours: Number(record.hours),
      format: record.format as Evidence['supervision'][number]['format'],
      confirmation: record.confirmation.state,
      confirmationOn: record.confirmation.on ?? null,
    })),
    cpd: records.cpd.map((record) => ({ id: record.id, startDate: String(record.startDate), endDate: String(record.endDate), hours: Number(record.hours) })),
    feedback: records.feedback.map((record) => ({ id: record.id, date: String(record.date) })),
    reflections: records.reflection.map((record) => ({ id: record.id, date: String(record.date), kind: record.kind as 'reflection' | 'case_study', competences: (record.competences as string[] | undefined) ?? [] })),
  };
}

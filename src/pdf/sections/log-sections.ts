import type { PortfolioSnapshot, SnapshotRecord } from '../../domain/snapshot/snapshot';
import { frozenConfirmationText } from '../../domain/signoff/confirmation-words';
import { definitionOf, type RecordType } from '../../domain/records';
import { COMPETENCES, CONFIRMATION_STATES, isConfirmedState, SUPERVISION_COMPETENCES } from '../../domain/vocabulary';
import { formatIsoDate } from '../../domain/dates';
import { windowEndingOn } from '../../domain/evaluation/windows';
import type { PdfBlock, PdfSection, PdfTableRow } from '../document-model';
import type { EvidenceRefs } from '../evidence-refs';
import { totalHours } from '../../domain/evaluation/hours';
import { citation, count, dateRange, field, hours } from '../text';

/**
 * The sections of the application's logs after the client log, in the order of EMCC's record
 * templates. Totals come from the records the snapshot holds, which are exactly those its
 * evaluation counted from. Every record cites the evidence files that support it (E1, E2 …).
 */

/** " · Evidence: E1, E3" after an entry's facts, when files support it. */
const evidenceMeta = (refs: EvidenceRefs, ref: string) => {
  const cited = refs.citedBy(ref);
  return cited ? `Evidence: ${cited}` : '';
};

const inLastYear = (snapshot: PortfolioSnapshot, records: SnapshotRecord[], dateField: string) => {
  const window = windowEndingOn(snapshot.asOf, 12);
  return records.filter((record) => String(record[dateField]) >= window.from && String(record[dateField]) <= window.to).length;
};

export function feedbackSection(snapshot: PortfolioSnapshot, refs: EvidenceRefs): PdfSection {
  const items = snapshot.records.feedback;
  return {
    id: 'feedback',
    title: 'Client feedback',
    blocks: [
      {
        kind: 'paragraph',
        text: `${count(items.length, 'feedback item', 'feedback items')}, ${inLastYear(snapshot, items, 'date')} of them received in the 12 months before ${formatIsoDate(snapshot.asOf)}.`,
        tone: 'muted',
      },
      ...items.map(
        (item): PdfBlock => ({
          kind: 'entry',
          title: `${String(item.clientCode)} · ${field('feedback', 'date', item)}`,
          meta: [`${field('feedback', 'channel', item)} feedback`, evidenceMeta(refs, `feedback:${item.id}`)].filter(Boolean).join(' · '),
          text: String(item.summary),
        }),
      ),
    ],
  };
}

/** Every record of the snapshot by "type:id", for what reflections link to. */
function recordsByRef(snapshot: PortfolioSnapshot): Map<string, { type: RecordType; record: SnapshotRecord }> {
  const map = new Map<string, { type: RecordType; record: SnapshotRecord }>();
  for (const [type, list] of Object.entries(snapshot.records) as [RecordType, SnapshotRecord[]][]) for (const record of list) map.set(`${type}:${record.id}`, { type, record });
  return map;
}

/** "C-017 · 12 March 2026 · 1.5 h; …": what a reflection is about. */
function linkedText(byRef: ReturnType<typeof recordsByRef>, links: unknown): string {
  return ((links as string[] | undefined) ?? [])
    .map((ref) => byRef.get(ref))
    .map((found) => found && definitionOf(found.type).describe(found.record))
    .filter(Boolean)
    .join('; ');
}

function writingSection(snapshot: PortfolioSnapshot, kind: 'reflection' | 'case_study', refs: EvidenceRefs): PdfSection {
  const items = snapshot.records.reflection.filter((record) => record.kind === kind);
  const isCase = kind === 'case_study';
  const byRef = recordsByRef(snapshot);
  const intro = isCase
    ? `${count(items.length, 'case study', 'case studies')}: how the applicant works with a client, and why.`
    : `${count(items.length, 'reflection', 'reflections')} on practice, supervision and CPD, ${inLastYear(snapshot, items, 'date')} of them in the 12 months before ${formatIsoDate(snapshot.asOf)}.`;
  return {
    id: isCase ? 'case-studies' : 'reflections',
    title: isCase ? 'Case studies' : 'Reflective learning log',
    blocks: [
      { kind: 'paragraph', text: intro, tone: 'muted' },
      ...items.map((item): PdfBlock => {
        const competences = ((item.competences as string[] | undefined) ?? []).map((id) => COMPETENCES.labels[id as keyof typeof COMPETENCES.labels] ?? id).join(', ');
        const supervisionCompetences = ((item.supervisionCompetences as string[] | undefined) ?? []).map((id) => SUPERVISION_COMPETENCES.labels[id as keyof typeof SUPERVISION_COMPETENCES.labels] ?? id).join(', ');
        const about = linkedText(byRef, item.linkedRecords);
        return {
          kind: 'entry',
          title: String(item.title),
          meta: [
            field('reflection', 'date', item),
            competences && `Competences: ${competences}`,
            supervisionCompetences && `Supervision competences: ${supervisionCompetences}`,
            about && `About: ${about}`,
            evidenceMeta(refs, `reflection:${item.id}`),
          ]
            .filter(Boolean)
            .join(' · '),
          text: String(item.text),
        };
      }),
    ],
  };
}

export const reflectionsSection = (snapshot: PortfolioSnapshot, refs: EvidenceRefs) => writingSection(snapshot, 'reflection', refs);
export const caseStudiesSection = (snapshot: PortfolioSnapshot, refs: EvidenceRefs) => writingSection(snapshot, 'case_study', refs);

export function cpdSection(snapshot: PortfolioSnapshot, refs: EvidenceRefs): PdfSection {
  const cpd = snapshot.records.cpd;
  const window = windowEndingOn(snapshot.asOf, 12);
  const lastYear = cpd.filter((record) => String(record.endDate) >= window.from);
  return {
    id: 'cpd',
    title: 'CPD log',
    blocks: [
      {
        kind: 'paragraph',
        text: `${hours(totalHours(cpd))} of continuing professional development in ${count(cpd.length, 'activity', 'activities')}; ${hours(totalHours(lastYear))} ended in the 12 months from ${formatIsoDate(window.from)} to ${formatIsoDate(window.to)}.`,
        tone: 'muted',
      },
      {
        kind: 'table',
        caption: 'CPD log',
        columns: [
          { header: 'Dates', width: 0.17 },
          { header: 'Activity', width: 0.21 },
          { header: 'Provider', width: 0.17 },
          { header: 'Kind', width: 0.11 },
          { header: 'Accreditation', width: 0.14 },
          { header: 'Hours', width: 0.09, align: 'right' },
          { header: 'Evidence', width: 0.11 },
        ],
        rows: cpd.map((record) => ({
          cells: [
            dateRange(record.startDate, record.endDate),
            String(record.title),
            field('cpd', 'provider', record),
            field('cpd', 'kind', record),
            field('cpd', 'accreditation', record),
            field('cpd', 'hours', record),
            citation(refs.citedBy(`cpd:${record.id}`)),
          ],
        })),
        empty: 'No CPD is recorded.',
      },
    ],
  };
}

export function supervisionSection(snapshot: PortfolioSnapshot, refs: EvidenceRefs): PdfSection {
  const records = snapshot.records.supervision;
  const byState = CONFIRMATION_STATES.ids
    .map((state) => ({ state, list: records.filter((record) => record.confirmation.state === state) }))
    .filter((group) => group.list.length)
    .map((group) => `${hours(totalHours(group.list))} ${CONFIRMATION_STATES.labels[group.state].toLowerCase()}`);
  const rows: PdfTableRow[] = records.map((record) => {
    const details = [record.themes ? `Themes: ${String(record.themes)}` : '', record.confirmation.contentHash ? `Confirmed content SHA-256: ${record.confirmation.contentHash}` : ''].filter(Boolean);
    return {
      cells: [
        field('supervision', 'date', record),
        field('supervision', 'hours', record),
        String(record.supervisorName),
        field('supervision', 'format', record),
        frozenConfirmationText(record.confirmation),
        citation(refs.citedBy(`supervision:${record.id}`)),
      ],
      ...(details.length ? { detail: details.join('\n') } : {}),
      mark: isConfirmedState(record.confirmation.state) ? 'met' : 'not-met',
    };
  });
  return {
    id: 'supervision',
    title: 'Supervision log',
    blocks: [
      {
        kind: 'paragraph',
        text: `${hours(totalHours(records))} of supervision in ${count(records.length, 'session', 'sessions')}, ${hours(totalHours(records.filter((record) => record.format === 'individual')))} of it individual${byState.length ? `: ${byState.join('; ')}` : ''}. Which statuses count is set out with each supervision requirement, under Requirements.`,
        tone: 'muted',
      },
      {
        kind: 'table',
        caption: 'Supervision log',
        columns: [
          { header: 'Date', width: 0.15 },
          { header: 'Hours', width: 0.08, align: 'right' },
          { header: 'Supervisor', width: 0.17 },
          { header: 'Format', width: 0.1 },
          { header: 'Confirmation', width: 0.39 },
          { header: 'Evidence', width: 0.11 },
        ],
        rows,
        empty: 'No supervision is recorded.',
      },
    ],
  };
}

export function contributionSection(snapshot: PortfolioSnapshot, refs: EvidenceRefs): PdfSection {
  const items = snapshot.records.contribution;
  return {
    id: 'contributions',
    title: 'Community contribution',
    blocks: [
      { kind: 'paragraph', text: items.length ? `${count(items.length, 'contribution', 'contributions')} to the profession.` : 'No community contribution is recorded.', tone: 'muted' },
      ...items.map(
        (item): PdfBlock => ({
          kind: 'entry',
          title: String(item.title),
          meta: [field('contribution', 'kind', item), field('contribution', 'date', item), field('contribution', 'hours', item), field('contribution', 'link', item), evidenceMeta(refs, `contribution:${item.id}`)]
            .filter(Boolean)
            .join(' · '),
          text: String(item.description ?? ''),
        }),
      ),
    ],
  };
}

/**
 * The supervision the applicant gives (their own accreditation as a supervisor), only when they
 * keep that log: supervisees by code, a group session's hours once. Left out of portfolios that
 * have none, and of snapshots taken before the log existed.
 */
export function supervisionPracticeSection(snapshot: PortfolioSnapshot, refs: EvidenceRefs): PdfSection | undefined {
  const records = snapshot.records.supervision_practice ?? [];
  if (!records.length) return undefined;
  const codes = new Set(records.map((record) => String(record.superviseeCode).trim().toLowerCase()));
  return {
    id: 'supervision-practice',
    title: 'Supervision practice log',
    blocks: [
      {
        kind: 'paragraph',
        text: `${hours(totalHours(records))} of supervision given in ${count(records.length, 'session', 'sessions')}, to ${count(codes.size, 'supervisee code', 'supervisee codes')}; a group session's hours count once.`,
        tone: 'muted',
      },
      {
        kind: 'table',
        caption: 'Supervision practice log',
        columns: [
          { header: 'Date', width: 0.16 },
          { header: 'Supervisee', width: 0.2 },
          { header: 'Hours', width: 0.1, align: 'right' },
          { header: 'Format', width: 0.14 },
          { header: 'Group size', width: 0.12, align: 'right' },
          { header: 'Evidence', width: 0.28 },
        ],
        rows: records.map((record) => ({
          cells: [
            field('supervision_practice', 'date', record),
            String(record.superviseeCode),
            field('supervision_practice', 'hours', record),
            field('supervision_practice', 'format', record),
            field('supervision_practice', 'groupSize', record),
            citation(refs.citedBy(`supervision_practice:${record.id}`)),
          ],
        })),
        empty: 'No supervision given is recorded.',
      },
    ],
  };
}

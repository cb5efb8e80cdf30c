import type { PortfolioSnapshot } from '../domain/snapshot/snapshot';
import type { RequirementResult } from '../domain/evaluation/evaluation';
import { COMPETENCES, PRACTICE_ROLES } from '../domain/vocabulary';
import { COMPETENCE_GUIDANCE, isEmccLevel } from '../domain/competence-guidance';
import { formatIsoDate } from '../domain/dates';
import { progressText } from '../http/presenters/evaluation';
import { CONFIDENCE_LABELS } from '../http/presenters/criteria';
import type { PdfAppendix, PdfCover, PdfDocumentModel, PdfSection, PdfTableRow } from './document-model';
import type { AppendixStatus } from './appendix-status';
import { caseStudiesSection, contributionSection, cpdSection, feedbackSection, practiceSection, reflectionsSection, supervisionSection } from './log-sections';
import { count, fileSize } from './text';
import { confirmationBreakdown } from '../presenters/supervision-status';

export interface PdfOptions {
  /** Every page marked DRAFT until the portfolio is submitted. */
  draft: boolean;
  /** Leave out the applicant's name and membership number (blind review). */
  blind: boolean;
  verificationCode: string;
  verifyUrl: string;
  snapshotSha256: string;
  /** The document's date: the evaluation date for a draft, the submission's time once submitted. */
  documentDate: Date;
  /** What was found out about each evidence file (by SHA-256) before rendering. */
  appendixStatus: ReadonlyMap<string, AppendixStatus>;
}

const WITHHELD = 'Withheld for blind review';

function cover(snapshot: PortfolioSnapshot, options: PdfOptions): PdfCover {
  const { applicant } = snapshot;
  const highest = snapshot.evaluation.levels.find((level) => level.id === snapshot.evaluation.highestLevelMet);
  const applied = snapshot.evaluation.level;
  return {
    title: `Application for ${snapshot.criteriaSet.title}: ${snapshot.level.label}`,
    facts: [
      { label: 'Applicant', value: options.blind ? WITHHELD : applicant.name },
      ...(options.blind ? [] : [{ label: 'EMCC membership number', value: applicant.emccMembershipNumber ?? 'Not given' }]),
      { label: 'Practises as', value: applicant.practiceRole ? PRACTICE_ROLES.labels[applicant.practiceRole as keyof typeof PRACTICE_ROLES.labels] : 'Not given' },
      { label: 'First practised', value: applicant.firstPracticeDate ? formatIsoDate(applicant.firstPracticeDate) : 'Not given' },
      { label: 'Level applied for', value: snapshot.level.label },
      { label: 'Criteria set', value: `${snapshot.criteriaSet.title}, edition ${snapshot.criteriaSet.edition}` },
      { label: 'Evaluation date', value: formatIsoDate(snapshot.asOf) },
      { label: 'Verification code', value: options.verificationCode },
    ],
    standing: `On ${formatIsoDate(snapshot.asOf)} the evidence ${applied.met ? 'meets every requirement' : `meets ${applied.requirements.filter((r) => r.met).length} of ${applied.requirements.length} requirements`} of ${snapshot.level.label}${highest ? `; the highest level it meets in full is ${highest.label}` : '; it does not yet meet any level in full'}.`,
    verificationCode: options.verificationCode,
    verifyUrl: options.verifyUrl,
    snapshotSha256: options.snapshotSha256,
  };
}

function summaryRow(result: RequirementResult): PdfTableRow {
  const fraction = result.met || result.required <= 0 ? 1 : Math.max(0, Math.min(1, result.actual / result.required));
  const missing = result.met ? '' : `Missing: ${result.gapText}. `;
  const confirmations = confirmationBreakdown(result);
  return {
    cells: [result.label, progressText(result), { text: result.met ? 'Met' : 'Not yet met', fraction }],
    detail: `${missing}${confirmations ? `${confirmations} ` : ''}Source: ${result.source.title} (${CONFIDENCE_LABELS[result.confidence]}).`,
    mark: result.met ? 'met' : 'not-met',
  };
}

function summarySection(snapshot: PortfolioSnapshot): PdfSection {
  const level = snapshot.evaluation.level;
  return {
    id: 'summary',
    title: `Requirements of ${snapshot.level.label}`,
    blocks: [
      { kind: 'paragraph', text: `Each requirement of ${snapshot.level.label} in ${snapshot.criteriaSet.title} (edition ${snapshot.criteriaSet.edition}), evaluated on ${formatIsoDate(snapshot.asOf)} from the records in this document. ${level.met ? 'Every requirement is met.' : `${level.requirements.filter((r) => !r.met).length} not yet met.`}` },
      {
        kind: 'table',
        caption: `Requirements of ${snapshot.level.label}`,
        columns: [
          { header: 'Requirement', width: 0.5 },
          { header: 'Reached of required', width: 0.26, align: 'right' },
          { header: 'Status', width: 0.24 },
        ],
        rows: level.requirements.map(summaryRow),
        empty: 'This level has no requirements.',
      },
    ],
  };
}

function competenceSection(snapshot: PortfolioSnapshot): PdfSection {
  const guidanceLevel = isEmccLevel(snapshot.level.id) ? snapshot.level.id : undefined;
  const reflections = snapshot.records.reflection;
  const rows: PdfTableRow[] = COMPETENCES.ids.map((id, index) => {
    const tagged = reflections.filter((record) => ((record.competences as string[] | undefined) ?? []).includes(id));
    return {
      cells: [`${index + 1}. ${COMPETENCES.labels[id]}`, tagged.map((record) => `${String(record.title)} (${record.kind === 'case_study' ? 'case study' : 'reflection'}, ${formatIsoDate(String(record.date))})`).join('; ') || 'No evidence yet', String(tagged.length)],
      ...(guidanceLevel ? { detail: `At ${snapshot.level.label}: ${COMPETENCE_GUIDANCE[id][guidanceLevel]}` } : {}),
      mark: tagged.length ? 'met' : 'not-met',
    };
  });
  return {
    id: 'competences',
    title: 'Competence map',
    blocks: [
      { kind: 'paragraph', text: 'The 8 categories of the EMCC Competence Framework against the reflections and case studies tagged with them. The guidance under each category paraphrases summaries of the framework (V2, 2015); EMCC works on equivalence, so indicators guide rather than form a checklist.', tone: 'muted' },
      { kind: 'table', caption: 'Competence map', columns: [{ header: 'Category', width: 0.3 }, { header: 'Evidence', width: 0.58 }, { header: 'Items', width: 0.12, align: 'right' }], rows, empty: '' },
    ],
  };
}

function appendixText(status: AppendixStatus | undefined): string {
  if (!status) return 'Listed only';
  if (!status.appendable) return `Could not be appended: ${status.reason}`;
  return status.pages === undefined ? 'Appended' : `Appended (${count(status.pages, 'page', 'pages')})`;
}

function evidenceSection(snapshot: PortfolioSnapshot, options: PdfOptions): PdfSection {
  return {
    id: 'evidence',
    title: 'Evidence index',
    blocks: [
      { kind: 'paragraph', text: `${count(snapshot.files.length, 'evidence file', 'evidence files')}, each identified by the SHA-256 of its content. PDFs and images follow as appendices, each page stamped with the file’s reference.`, tone: 'muted' },
      {
        kind: 'table',
        caption: 'Evidence index',
        columns: [{ header: 'Ref', width: 0.07 }, { header: 'File', width: 0.3 }, { header: 'Type and size', width: 0.17 }, { header: 'Supports', width: 0.16 }, { header: 'In this document', width: 0.3 }],
        rows: snapshot.files.map((file) => ({
          cells: [file.ref, file.name, `${file.mediaType.replace(/^application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document$/, 'Word document')}, ${fileSize(file.sizeBytes)}`, count(file.links.length, 'record', 'records'), appendixText(options.appendixStatus.get(file.sha256))],
          detail: `SHA-256: ${file.sha256}`,
        })),
        empty: 'No evidence files are uploaded.',
      },
    ],
  };
}

/** The whole document as data, from a snapshot: every word and figure the PDF shows. */
export function buildPdfModel(snapshot: PortfolioSnapshot, options: PdfOptions): PdfDocumentModel {
  const clients = snapshot.evaluation.level.requirements.find((requirement) => requirement.kind === 'distinct_clients');
  const appendices: PdfAppendix[] = snapshot.files
    .filter((file) => options.appendixStatus.get(file.sha256)?.appendable)
    .map((file) => {
      const status = options.appendixStatus.get(file.sha256);
      const pages = status?.appendable ? status.pages : undefined;
      return { ref: file.ref, name: file.name, sha256: file.sha256, mediaType: file.mediaType, ...(pages === undefined ? {} : { pages }) };
    });
  const who = options.blind ? 'Blind review' : snapshot.applicant.name;
  return {
    title: `${snapshot.level.label} application${options.blind ? '' : `: ${snapshot.applicant.name}`}`,
    runningHead: `${who} · ${snapshot.level.label} · ${snapshot.criteriaSet.title}`,
    draft: options.draft,
    pdfA: appendices.every((appendix) => { const status = options.appendixStatus.get(appendix.sha256); return !(status?.appendable && status.unembeddedFonts); }),
    documentDate: options.documentDate,
    cover: cover(snapshot, options),
    sections: [
      summarySection(snapshot),
      practiceSection(snapshot, clients?.actual),
      feedbackSection(snapshot),
      reflectionsSection(snapshot),
      caseStudiesSection(snapshot),
      cpdSection(snapshot),
      supervisionSection(snapshot),
      contributionSection(snapshot),
      competenceSection(snapshot),
      evidenceSection(snapshot, options),
    ],
    appendices,
  };
}

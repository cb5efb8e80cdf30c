import type { PortfolioSnapshot } from '../domain/snapshot/snapshot';
import type { RequirementResult } from '../domain/evaluation/evaluation';
import { COMPETENCES, PRACTICE_ROLES } from '../domain/vocabulary';
import { COMPETENCE_GUIDANCE, isEmccLevel } from '../domain/competence-guidance';
import { formatIsoDate } from '../domain/dates';
import { progressText } from '../presenters/evaluation';
import { CONFIDENCE_LABELS } from '../presenters/criteria';
import type { PdfAppendix, PdfCover, PdfDocumentModel, PdfSection, PdfTableRow } from './document-model';
import type { AppendixStatus } from './appendix-status';
import { caseStudiesSection, contributionSection, cpdSection, feedbackSection, reflectionsSection, supervisionPracticeSection, supervisionSection } from './sections/log-sections';
import { practiceSection } from './sections/practice-section';
import { declarationsSection } from './sections/declarations-section';
import { appendedHere, evidenceSection, type AppendixPlan } from './sections/evidence-section';
import { evidenceRefs } from './evidence-refs';
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
  /** A blind copy without the appended files (the applicant's choice): they are listed only. */
  blindWithoutAppendices?: boolean;
}

const WITHHELD = 'Withheld for blind review';

function cover(snapshot: PortfolioSnapshot, options: PdfOptions): PdfCover {
  const { applicant } = snapshot;
  const highest = snapshot.evaluation.levels.find((level) => level.id === snapshot.evaluation.highestLevelMet);
  const applied = snapshot.evaluation.level;
  return {
    title: `${snapshot.renewal ? 'Renewal application' : 'Application'} for ${snapshot.criteriaSet.title}: ${snapshot.level.label}`,
    facts: [
      ...(snapshot.renewal
        ? [
            { label: 'Award renewed', value: `${snapshot.renewal.award}, awarded ${formatIsoDate(snapshot.renewal.awardedOn)}` },
            { label: 'Renewal due', value: formatIsoDate(snapshot.renewal.renewalOn) },
          ]
        : []),
      { label: 'Applicant', value: options.blind ? WITHHELD : applicant.name },
      ...(options.blind ? [] : [{ label: 'EMCC membership number', value: applicant.emccMembershipNumber ?? 'Not given' }]),
      { label: 'Practises as', value: applicant.practiceRole ? PRACTICE_ROLES.labels[applicant.practiceRole as keyof typeof PRACTICE_ROLES.labels] : 'Not given' },
      { label: 'First practised', value: applicant.firstPracticeDate ? formatIsoDate(applicant.firstPracticeDate) : 'Not given' },
      { label: 'Level applied for', value: snapshot.level.label },
      { label: 'Criteria set', value: `${snapshot.criteriaSet.title}, edition ${snapshot.criteriaSet.edition}` },
      { label: 'Evaluation date', value: formatIsoDate(snapshot.asOf) },
      { label: 'Verification code', value: options.verificationCode },
    ],
    standing: `On ${formatIsoDate(snapshot.asOf)} the evidence ${applied.met ? 'meets every requirement' : `meets ${checked(applied.requirements).filter((r) => r.met).length} of ${checked(applied.requirements).length} requirements`} of ${snapshot.level.label}${highest ? `; the highest level it meets in full is ${highest.label}` : '; it does not yet meet any level in full'}.`,
    verificationCode: options.verificationCode,
    verifyUrl: options.verifyUrl,
    snapshotSha256: options.snapshotSha256,
  };
}

/** The requirements the app judges (guidance is shown, not counted). */
const checked = (requirements: readonly RequirementResult[]) => requirements.filter((r) => r.unit !== 'guidance');

function summaryRow(result: RequirementResult): PdfTableRow {
  if (result.unit === 'guidance') {
    // Shown for the assessor to check against the body's own rules; no mark, no bar.
    return { cells: [result.label, 'not checked', 'Guidance'], detail: `${result.explanation} Source: ${result.source.title} (${CONFIDENCE_LABELS[result.confidence]}).` };
  }
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
      {
        kind: 'paragraph',
        text: `Each requirement of ${snapshot.level.label} in ${snapshot.criteriaSet.title} (edition ${snapshot.criteriaSet.edition}), evaluated on ${formatIsoDate(snapshot.asOf)} from the records in this document. ${level.met ? 'Every requirement is met.' : `${level.requirements.filter((r) => !r.met).length} not yet met.`}`,
      },
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
      cells: [
        `${index + 1}. ${COMPETENCES.labels[id]}`,
        tagged.map((record) => `${String(record.title)} (${record.kind === 'case_study' ? 'case study' : 'reflection'}, ${formatIsoDate(String(record.date))})`).join('; ') || 'No evidence yet',
        String(tagged.length),
      ],
      ...(guidanceLevel ? { detail: `At ${snapshot.level.label}: ${COMPETENCE_GUIDANCE[id][guidanceLevel]}` } : {}),
      mark: tagged.length ? 'met' : 'not-met',
    };
  });
  return {
    id: 'competences',
    title: 'Competence map',
    blocks: [
      {
        kind: 'paragraph',
        text: 'The 8 categories of the EMCC Competence Framework against the reflections and case studies tagged with them. The guidance under each category paraphrases summaries of the framework (V2, 2015); EMCC works on equivalence, so indicators guide rather than form a checklist.',
        tone: 'muted',
      },
      {
        kind: 'table',
        caption: 'Competence map',
        columns: [
          { header: 'Category', width: 0.3 },
          { header: 'Evidence', width: 0.58 },
          { header: 'Items', width: 0.12, align: 'right' },
        ],
        rows,
        empty: '',
      },
    ],
  };
}

/** The records an appendix's first page names: the first eight, then how many more the evidence index lists. */
const SUPPORTS_ON_APPENDIX = 8;
const firstFew = (supports: string[]) => (supports.length > SUPPORTS_ON_APPENDIX ? [...supports.slice(0, SUPPORTS_ON_APPENDIX), `and ${supports.length - SUPPORTS_ON_APPENDIX} more (see the evidence index)`] : supports);

/** What the cover says of a blind copy: what is left out, and what may still name the applicant. */
function blindNotice(options: PdfOptions): string | undefined {
  if (!options.blind) return undefined;
  return options.blindWithoutAppendices
    ? 'Blind review copy: the applicant’s name and membership number are left out, and so are the appended evidence files, at the applicant’s request; the evidence index lists them.'
    : 'Blind review copy: the applicant’s name and membership number are left out of the pages this app writes. The appended evidence files are included as uploaded and may name the applicant.';
}

/** The whole document as data, from a snapshot: every word and figure the PDF shows. */
export function buildPdfModel(snapshot: PortfolioSnapshot, options: PdfOptions): PdfDocumentModel {
  const clients = snapshot.evaluation.level.requirements.find((requirement) => requirement.kind === 'distinct_clients');
  const plan: AppendixPlan = { status: options.appendixStatus, leftOutOfBlindCopy: Boolean(options.blind && options.blindWithoutAppendices) };
  const refs = evidenceRefs(snapshot);
  const appendices: PdfAppendix[] = snapshot.files
    .filter((file) => appendedHere(file, plan))
    .map((file) => {
      const status = options.appendixStatus.get(file.sha256);
      const pages = status?.appendable ? status.pages : undefined;
      return { ref: file.ref, name: file.name, sha256: file.sha256, mediaType: file.mediaType, supports: firstFew(refs.supports(file.ref)), ...(pages === undefined ? {} : { pages }) };
    });
  const who = options.blind ? 'Blind review' : snapshot.applicant.name;
  const notice = blindNotice(options);
  return {
    title: `${snapshot.level.label} ${snapshot.renewal ? 'renewal application' : 'application'}${options.blind ? '' : `: ${snapshot.applicant.name}`}`,
    author: options.blind ? 'Withheld for blind review' : snapshot.applicant.name,
    runningHead: `${who} · ${snapshot.level.label}${snapshot.renewal ? ' renewal' : ''} · ${snapshot.criteriaSet.title}`,
    draft: options.draft,
    pdfA: appendices.every((appendix) => {
      const status = options.appendixStatus.get(appendix.sha256);
      return !(status?.appendable && status.unembeddedFonts);
    }),
    documentDate: options.documentDate,
    cover: { ...cover(snapshot, options), ...(notice ? { notice } : {}) },
    sections: [
      summarySection(snapshot),
      practiceSection(snapshot, clients?.actual, refs),
      feedbackSection(snapshot, refs),
      reflectionsSection(snapshot, refs),
      caseStudiesSection(snapshot, refs),
      cpdSection(snapshot, refs),
      supervisionSection(snapshot, refs),
      supervisionPracticeSection(snapshot, refs),
      contributionSection(snapshot, refs),
      competenceSection(snapshot),
      declarationsSection(snapshot, options.blind),
      evidenceSection(snapshot, plan, refs),
    ].filter((section): section is PdfSection => section !== undefined),
    appendices,
  };
}

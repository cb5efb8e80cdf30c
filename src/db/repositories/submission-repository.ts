import type { Db } from '../knex';
import type { PortfolioSnapshot } from '../../domain/snapshot/snapshot';
import type { SubmissionStatus } from '../../domain/submission/statuses';
import { jsonColumn } from '../json-column';

export type Recommendation = 'award' | 'not_yet' | 'more_info';
export type SubmissionPurpose = 'application' | 'renewal';
export type Judgement = 'met' | 'not_met' | 'more_info';

/** A submission without its (large) snapshot: what lists and checks need. */
export interface SubmissionSummary {
  id: number;
  portfolioId: number;
  applicantId: number;
  version: number;
  previousId: number | null;
  criteriaSet: string;
  level: string;
  asOf: string;
  snapshotSha256: string;
  pdfSha256: string;
  pdfSizeBytes: number;
  verificationCode: string;
  status: SubmissionStatus;
  assessorId: number | null;
  blind: boolean;
  /** In blind review, whether the assessor's copy includes the appended files (the applicant's choice). */
  blindAppendices: boolean;
  submittedAt: Date;
  assignedAt: Date | null;
  withdrawnAt: Date | null;
  recommendation: Recommendation | null;
  feedback: string | null;
  decidedAt: Date | null;
  decidedBy: number | null;
  /** A first application, or the renewal of an award (evaluated against the renewal set). */
  purpose: SubmissionPurpose;
  /** The award a renewal renews. */
  awardId: number | null;
  /** The applicant's name and the level's label, from the snapshot. */
  applicantName: string;
  levelLabel: string;
}

/** A submission with its snapshot as it was frozen (in the format of its version; see domain/snapshot/snapshot-versions.ts). */
export interface StoredSubmission extends SubmissionSummary {
  storedSnapshot: unknown;
}

export interface AssessmentNote {
  subject: string;
  judgement: Judgement | null;
  comment: string | null;
  assessorId: number | null;
  updatedAt: Date;
}

/** What the public verify page may read of a submission: a few columns and three snapshot fields. */
export interface PublicSubmissionFacts {
  id: number;
  verificationCode: string;
  status: SubmissionStatus;
  submittedAt: Date;
  decidedAt: Date | null;
  pdfSha256: string;
  applicantName: string | null;
  levelLabel: string | null;
  criteriaSetTitle: string | null;
  purpose: SubmissionPurpose;
}

type Row = Record<string, unknown>;

const summaryColumns = [
  'id',
  'portfolio_id',
  'applicant_id',
  'version',
  'previous_id',
  'criteria_set',
  'level',
  'as_of',
  'snapshot_sha256',
  'pdf_sha256',
  'pdf_size_bytes',
  'verification_code',
  'status',
  'assessor_id',
  'blind',
  'blind_appendices',
  'submitted_at',
  'assigned_at',
  'withdrawn_at',
  'recommendation',
  'feedback',
  'decided_at',
  'decided_by',
  'purpose',
  'award_id',
];

/** The summary's columns and the two snapshot fields lists show, without reading the snapshot whole. */
const summarySelect = (db: Db) =>
  db('submissions').select([...summaryColumns.map((column) => `submissions.${column}`), db.raw("snapshot->'applicant'->>'name' as applicant_name"), db.raw("snapshot->'level'->>'label' as level_label")]);

const toSummary = (row: Row): SubmissionSummary => ({
  id: row.id as number,
  portfolioId: row.portfolio_id as number,
  applicantId: row.applicant_id as number,
  version: row.version as number,
  previousId: (row.previous_id as number | null) ?? null,
  criteriaSet: row.criteria_set as string,
  level: row.level as string,
  asOf: row.as_of as string,
  snapshotSha256: row.snapshot_sha256 as string,
  pdfSha256: row.pdf_sha256 as string,
  pdfSizeBytes: Number(row.pdf_size_bytes),
  verificationCode: row.verification_code as string,
  status: row.status as SubmissionStatus,
  assessorId: (row.assessor_id as number | null) ?? null,
  blind: Boolean(row.blind),
  blindAppendices: Boolean(row.blind_appendices),
  submittedAt: row.submitted_at as Date,
  assignedAt: (row.assigned_at as Date | null) ?? null,
  withdrawnAt: (row.withdrawn_at as Date | null) ?? null,
  recommendation: (row.recommendation as Recommendation | null) ?? null,
  feedback: (row.feedback as string | null) ?? null,
  decidedAt: (row.decided_at as Date | null) ?? null,
  decidedBy: (row.decided_by as number | null) ?? null,
  purpose: ((row.purpose as SubmissionPurpose | null) ?? 'application') as SubmissionPurpose,
  awardId: (row.award_id as number | null) ?? null,
  applicantName: row.applicant_name as string,
  levelLabel: row.level_label as string,
});

export const submissionRepository = {
  async insert(
    db: Db,
    submission: Omit<SubmissionSummary, 'id' | 'assignedAt' | 'withdrawnAt' | 'recommendation' | 'feedback' | 'decidedAt' | 'decidedBy' | 'applicantName' | 'levelLabel'> & {
      snapshot: PortfolioSnapshot;
      fileHashes: string[];
    },
  ): Promise<number> {
    const [row] = await db('submissions')
      .insert({
        portfolio_id: submission.portfolioId,
        applicant_id: submission.applicantId,
        version: submission.version,
        previous_id: submission.previousId,
        criteria_set: submission.criteriaSet,
        level: submission.level,
        as_of: submission.asOf,
        snapshot: JSON.stringify(submission.snapshot),
        snapshot_sha256: submission.snapshotSha256,
        pdf_sha256: submission.pdfSha256,
        pdf_size_bytes: submission.pdfSizeBytes,
        verification_code: submission.verificationCode,
        status: submission.status,
        assessor_id: submission.assessorId,
        blind: submission.blind,
        blind_appendices: submission.blindAppendices,
        submitted_at: submission.submittedAt,
        assigned_at: submission.assessorId ? submission.submittedAt : null,
        purpose: submission.purpose,
        award_id: submission.awardId,
      })
      .returning<{ id: number }[]>('id');
    const hashes = [...new Set(submission.fileHashes)];
    if (hashes.length) await db('submission_files').insert(hashes.map((sha256) => ({ submission_id: row!.id, sha256 })));
    return row!.id;
  },

  async find(db: Db, id: number): Promise<StoredSubmission | undefined> {
    const row: Row | undefined = await summarySelect(db).select('submissions.snapshot').where('submissions.id', id).first();
    if (!row) return undefined;
    return { ...toSummary(row), storedSnapshot: jsonColumn(row.snapshot) };
  },

  async findSummary(db: Db, id: number): Promise<SubmissionSummary | undefined> {
    const row: Row | undefined = await summarySelect(db).where('submissions.id', id).first();
    return row && toSummary(row);
  },

  /** Locks the row for a change of status (two assessors' clicks, a withdrawal racing a decision). */
  async lock(db: Db, id: number): Promise<SubmissionSummary | undefined> {
    const row: Row | undefined = await summarySelect(db).where('submissions.id', id).forUpdate().first();
    return row && toSummary(row);
  },

  async list(db: Db, where: { applicantId?: number; assessorId?: number } = {}): Promise<SubmissionSummary[]> {
    const query = summarySelect(db).orderBy('submissions.submitted_at', 'desc').orderBy('submissions.id', 'desc');
    if (where.applicantId !== undefined) query.where('submissions.applicant_id', where.applicantId);
    if (where.assessorId !== undefined) query.where('submissions.assessor_id', where.assessorId);
    return (await query).map(toSummary);
  },

  /** The version that answers this one, if any (the first, should there ever be two). */
  async nextVersion(db: Db, id: number): Promise<SubmissionSummary | undefined> {
    const row: Row | undefined = await summarySelect(db).where('submissions.previous_id', id).orderBy('submissions.version', 'asc').first();
    return row && toSummary(row);
  },

  /** The public facts of the submission with this (normalised) verification code, without reading the snapshot whole. */
  async findPublicFacts(db: Db, verificationCode: string): Promise<PublicSubmissionFacts | undefined> {
    const row: Row | undefined = await db('submissions')
      .select(
        'id',
        'verification_code',
        'status',
        'submitted_at',
        'decided_at',
        'pdf_sha256',
        'purpose',
        db.raw("snapshot->'applicant'->>'name' as applicant_name"),
        db.raw("snapshot->'level'->>'label' as level_label"),
        db.raw("snapshot->'criteriaSet'->>'title' as criteria_set_title"),
      )
      .where('verification_code', verificationCode)
      .first();
    return (
      row && {
        id: row.id as number,
        verificationCode: row.verification_code as string,
        status: row.status as SubmissionStatus,
        submittedAt: row.submitted_at as Date,
        decidedAt: (row.decided_at as Date | null) ?? null,
        pdfSha256: row.pdf_sha256 as string,
        applicantName: (row.applicant_name as string | null) ?? null,
        levelLabel: (row.level_label as string | null) ?? null,
        criteriaSetTitle: (row.criteria_set_title as string | null) ?? null,
        purpose: ((row.purpose as SubmissionPurpose | null) ?? 'application') as SubmissionPurpose,
      }
    );
  },

  async update(db: Db, id: number, changes: Partial<Record<'status' | 'assessor_id' | 'blind' | 'assigned_at' | 'withdrawn_at' | 'recommendation' | 'feedback' | 'decided_at' | 'decided_by', unknown>>): Promise<void> {
    await db('submissions').where('id', id).update(changes);
  },

  async hasFile(db: Db, id: number, sha256: string): Promise<boolean> {
    return Boolean(await db('submission_files').where({ submission_id: id, sha256 }).first());
  },

  async notes(db: Db, id: number): Promise<AssessmentNote[]> {
    const rows: Row[] = await db('assessment_notes').select('subject', 'judgement', 'comment', 'assessor_id', 'updated_at').where('submission_id', id).orderBy('subject');
    return rows.map((row) => ({
      subject: row.subject as string,
      judgement: (row.judgement as Judgement | null) ?? null,
      comment: (row.comment as string | null) ?? null,
      assessorId: (row.assessor_id as number | null) ?? null,
      updatedAt: row.updated_at as Date,
    }));
  },

  /** Whether the assessor wrote any judgement or comment on this submission. */
  async hasNotes(db: Db, id: number): Promise<boolean> {
    return Boolean(await db('assessment_notes').where('submission_id', id).first('subject'));
  },

  /** Starts a version's notes from another's (a resubmission from the version it answers); its own notes win. */
  async copyNotes(db: Db, fromId: number, toId: number, at: Date): Promise<number> {
    const rows = await db('assessment_notes').select('subject', 'judgement', 'comment', 'assessor_id').where('submission_id', fromId);
    if (!rows.length) return 0;
    await db('assessment_notes')
      .insert(rows.map((row) => ({ ...row, submission_id: toId, updated_at: at })))
      .onConflict(['submission_id', 'subject'])
      .ignore();
    return rows.length;
  },

  /** Removes some of a submission's notes by subject (the outcome's draft, once the outcome is recorded). */
  async deleteNotes(db: Db, id: number, subjects: string[]): Promise<void> {
    await db('assessment_notes').where('submission_id', id).whereIn('subject', subjects).delete();
  },

  async saveNote(db: Db, id: number, note: Omit<AssessmentNote, 'updatedAt'>, at: Date): Promise<void> {
    await db('assessment_notes')
      .insert({ submission_id: id, subject: note.subject, judgement: note.judgement, comment: note.comment, assessor_id: note.assessorId, updated_at: at })
      .onConflict(['submission_id', 'subject'])
      .merge(['judgement', 'comment', 'assessor_id', 'updated_at']);
  },

  /** Whether this person (by email) answered a confirmation request of the portfolio with a confirmation or correction. */
  async confirmedFor(db: Db, portfolioId: number, email: string): Promise<boolean> {
    const row = await db('signoffs')
      .join('signoff_requests', 'signoff_requests.id', 'signoffs.request_id')
      .where('signoff_requests.portfolio_id', portfolioId)
      .where('signoff_requests.supervisor_email', email.toLowerCase())
      .whereIn('signoffs.decision', ['confirmed', 'correction'])
      .first('signoffs.id');
    return Boolean(row);
  },
};

import type { Knex } from 'knex';
import type { Db } from '../knex';
import { jsonColumn } from '../json-column';

export type PdfRenderPurpose = 'draft' | 'submission';
export type PdfRenderStatus = 'queued' | 'rendering' | 'ready' | 'failed';

/** A PDF asked for in the background, as stored (see the pdf_renders migration). */
export interface PdfRender {
  id: number;
  ownerId: number;
  purpose: PdfRenderPurpose;
  /** What was asked for: a draft's PdfRequest or a submission's SubmitInput, as JSON. */
  request: Record<string, unknown>;
  status: PdfRenderStatus;
  attempts: number;
  /** Why the last attempt failed (kept while it is tried again, shown once it has failed). */
  error: string | null;
  fileName: string | null;
  pdfSha256: string | null;
  pdfSizeBytes: number | null;
  snapshotSha256: string | null;
  submissionId: number | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** What a finished render made. */
export interface PdfRenderResult {
  fileName: string;
  pdfSha256: string;
  pdfSizeBytes: number;
  snapshotSha256: string;
  submissionId?: number;
}

type Row = Record<string, unknown>;
type Runner = Db | Knex.Transaction;

const columns = ['id', 'owner_id', 'purpose', 'request', 'status', 'attempts', 'error', 'file_name', 'pdf_sha256', 'pdf_size_bytes', 'snapshot_sha256', 'submission_id', 'created_at', 'started_at', 'finished_at'];
const time = (value: unknown) => (value === null || value === undefined ? null : new Date(value as Date | string));

const toRender = (row: Row): PdfRender => ({
  id: row.id as number,
  ownerId: row.owner_id as number,
  purpose: row.purpose as PdfRenderPurpose,
  request: jsonColumn<Record<string, unknown>>(row.request),
  status: row.status as PdfRenderStatus,
  attempts: row.attempts as number,
  error: (row.error as string | null) ?? null,
  fileName: (row.file_name as string | null) ?? null,
  pdfSha256: (row.pdf_sha256 as string | null) ?? null,
  pdfSizeBytes: row.pdf_size_bytes === null || row.pdf_size_bytes === undefined ? null : Number(row.pdf_size_bytes),
  snapshotSha256: (row.snapshot_sha256 as string | null) ?? null,
  submissionId: (row.submission_id as number | null) ?? null,
  createdAt: new Date(row.created_at as Date | string),
  startedAt: time(row.started_at),
  finishedAt: time(row.finished_at),
});

export const pdfRenderRepository = {
  async insert(db: Runner, input: { ownerId: number; purpose: PdfRenderPurpose; request: Record<string, unknown>; at: Date }): Promise<number> {
    const [row] = await db('pdf_renders')
      .insert({ owner_id: input.ownerId, purpose: input.purpose, request: JSON.stringify(input.request), created_at: input.at })
      .returning('id');
    return (row as { id: number }).id;
  },

  async find(db: Runner, id: number): Promise<PdfRender | undefined> {
    const row = await db('pdf_renders').select(columns).where({ id }).first();
    return row ? toRender(row) : undefined;
  },

  /** The owner's renders still queued or rendering. */
  async listOpen(db: Runner, ownerId: number): Promise<PdfRender[]> {
    const rows: Row[] = await db('pdf_renders').select(columns).where({ owner_id: ownerId }).whereIn('status', ['queued', 'rendering']).orderBy('id', 'desc');
    return rows.map(toRender);
  },

  /** The owner's renders asked for since a time, newest first (the PDF page lists them). */
  async listSince(db: Runner, ownerId: number, since: Date): Promise<PdfRender[]> {
    const rows: Row[] = await db('pdf_renders').select(columns).where({ owner_id: ownerId }).where('created_at', '>=', since).orderBy('id', 'desc').limit(20);
    return rows.map(toRender);
  },

  /**
   * Renders to queue again, oldest first: every unfinished one (the embedded database's queue is
   * in memory), or with `startedBefore` those still "rendering" since then (their process died).
   */
  async unfinishedIds(db: Runner, startedBefore?: Date): Promise<number[]> {
    const query = db('pdf_renders').select('id').orderBy('id');
    if (startedBefore) query.where('status', 'rendering').where('started_at', '<', startedBefore);
    else query.whereIn('status', ['queued', 'rendering']);
    return ((await query) as { id: number }[]).map((row) => row.id);
  },

  /**
   * Marks an attempt begun and counts it; undefined when the render is already finished (a job
   * delivered twice does the work once). A row left "rendering" by a killed worker is taken again.
   */
  async start(db: Runner, id: number, at: Date): Promise<PdfRender | undefined> {
    const rows: Row[] = await db('pdf_renders')
      .where({ id })
      .whereIn('status', ['queued', 'rendering'])
      .update({ status: 'rendering', attempts: db.raw('attempts + 1'), started_at: at })
      .returning(columns);
    return rows[0] ? toRender(rows[0]) : undefined;
  },

  async finish(db: Runner, id: number, result: PdfRenderResult, at: Date): Promise<void> {
    await db('pdf_renders')
      .where({ id })
      .update({
        status: 'ready',
        error: null,
        file_name: result.fileName,
        pdf_sha256: result.pdfSha256,
        pdf_size_bytes: result.pdfSizeBytes,
        snapshot_sha256: result.snapshotSha256,
        submission_id: result.submissionId ?? null,
        finished_at: at,
      });
  },

  /** An attempt failed: queued again to be retried, or failed for good with its reason. */
  async recordFailure(db: Runner, id: number, reason: string, final: boolean, at: Date): Promise<void> {
    await db('pdf_renders')
      .where({ id })
      .whereIn('status', ['queued', 'rendering'])
      .update({ status: final ? 'failed' : 'queued', error: reason, ...(final ? { finished_at: at } : {}) });
  },

  /** Forgets finished renders older than a date; their PDFs, no longer referenced, go with the store's sweep. */
  async pruneFinishedBefore(db: Runner, before: Date): Promise<number> {
    // Counted by the ids returned: on the embedded database knex gives a bare delete's driver result, not a count.
    const rows: Row[] = await db('pdf_renders').whereIn('status', ['ready', 'failed']).where('finished_at', '<', before).delete().returning('id');
    return rows.length;
  },
};

import type { Db } from '../knex';
import type { ImportKind, ImportLayout, PreparedRow, RowError } from '../../domain/import';
import type { StoredCalendar } from '../../domain/import/calendar/stored-calendar';

export interface BatchRow extends PreparedRow {
  duplicate: boolean;
}

export interface ImportBatch {
  id: number;
  portfolioId: number;
  kind: ImportKind;
  layout: ImportLayout;
  fileName: string;
  /** The SHA-256 of the file it was read from (null for previews made before it was kept). */
  contentSha256: string | null;
  rows: BatchRow[];
  errors: RowError[];
  ignoredColumns: string[];
  /** For a calendar import: the events read and the rules that make them rows (null for a spreadsheet). */
  calendar: StoredCalendar | null;
  createdAt: Date;
  committedAt: Date | null;
  committedCount: number | null;
}

interface BatchDbRow {
  id: number;
  portfolio_id: number;
  kind: ImportKind;
  layout: ImportLayout;
  file_name: string;
  content_sha256: string | null;
  rows: BatchRow[];
  errors: RowError[];
  ignored_columns: string[];
  calendar: StoredCalendar | null;
  created_at: Date;
  committed_at: Date | null;
  committed_count: number | null;
}

const columns = ['id', 'portfolio_id', 'kind', 'layout', 'file_name', 'content_sha256', 'rows', 'errors', 'ignored_columns', 'calendar', 'created_at', 'committed_at', 'committed_count'];

const toBatch = (row: BatchDbRow): ImportBatch => ({
  id: row.id,
  portfolioId: row.portfolio_id,
  kind: row.kind,
  layout: row.layout,
  fileName: row.file_name,
  contentSha256: row.content_sha256 ?? null,
  rows: row.rows,
  errors: row.errors,
  ignoredColumns: row.ignored_columns,
  calendar: row.calendar ?? null,
  createdAt: row.created_at,
  committedAt: row.committed_at,
  committedCount: row.committed_count,
});

export const importBatchRepository = {
  async insert(db: Db, batch: Omit<ImportBatch, 'id' | 'createdAt' | 'committedAt' | 'committedCount'>, at: Date): Promise<number> {
    const [row] = await db('import_batches')
      .insert({
        portfolio_id: batch.portfolioId,
        kind: batch.kind,
        layout: batch.layout,
        file_name: batch.fileName,
        content_sha256: batch.contentSha256,
        rows: JSON.stringify(batch.rows),
        errors: JSON.stringify(batch.errors),
        ignored_columns: JSON.stringify(batch.ignoredColumns),
        calendar: batch.calendar ? JSON.stringify(batch.calendar) : null,
        created_at: at,
      })
      .returning<{ id: number }[]>('id');
    return row!.id;
  },

  async find(db: Db, portfolioId: number, id: number, options: { forUpdate?: boolean } = {}): Promise<ImportBatch | undefined> {
    const query = db('import_batches').select(columns).where({ id, portfolio_id: portfolioId });
    if (options.forUpdate) query.forUpdate();
    const row: BatchDbRow | undefined = await query.first();
    return row && toBatch(row);
  },

  /** A calendar import's rows worked out again after the applicant changed its rules. */
  async updateCalendarRows(db: Db, id: number, update: Pick<ImportBatch, 'rows' | 'errors'> & { calendar: StoredCalendar }): Promise<void> {
    await db('import_batches')
      .where('id', id)
      .whereNull('committed_at')
      .update({ rows: JSON.stringify(update.rows), errors: JSON.stringify(update.errors), calendar: JSON.stringify(update.calendar) });
  },

  async markCommitted(db: Db, id: number, count: number, at: Date): Promise<void> {
    await db('import_batches').where('id', id).update({ committed_at: at, committed_count: count });
  },

  /** The first committed import of the same file into the portfolio, other than this batch. */
  async committedWithHash(db: Db, portfolioId: number, sha256: string, exceptId: number): Promise<ImportBatch | undefined> {
    const row: BatchDbRow | undefined = await db('import_batches')
      .select(columns)
      .where({ portfolio_id: portfolioId, content_sha256: sha256 })
      .whereNot('id', exceptId)
      .whereNotNull('committed_at')
      .orderBy('committed_at')
      .first();
    return row && toBatch(row);
  },

  /** Previews nobody confirmed within a day are dropped. */
  async pruneOlderThan(db: Db, before: Date): Promise<number> {
    return db('import_batches').whereNull('committed_at').where('created_at', '<', before).delete();
  },
};

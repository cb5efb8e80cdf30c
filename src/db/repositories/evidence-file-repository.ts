import type { Db } from '../knex';

/** The applicant's choice for the application PDF; null: appended when it supports a record. */
export type AppendixChoice = 'include' | 'exclude' | null;

export interface EvidenceFile {
  id: number;
  portfolioId: number;
  sha256: string;
  name: string;
  mediaType: string;
  sizeBytes: number;
  createdAt: Date;
  appendixChoice: AppendixChoice;
}

interface EvidenceFileRow {
  id: number;
  portfolio_id: number;
  sha256: string;
  name: string;
  media_type: string;
  size_bytes: string | number;
  created_at: Date;
  appendix_choice: AppendixChoice;
}

const columns = ['id', 'portfolio_id', 'sha256', 'name', 'media_type', 'size_bytes', 'created_at', 'appendix_choice'];

const toFile = (row: EvidenceFileRow): EvidenceFile => ({
  id: row.id,
  portfolioId: row.portfolio_id,
  sha256: row.sha256,
  name: row.name,
  mediaType: row.media_type,
  sizeBytes: Number(row.size_bytes),
  createdAt: row.created_at,
  appendixChoice: row.appendix_choice ?? null,
});

export const evidenceFileRepository = {
  /** Adds the file to the portfolio; the same content uploaded again returns the existing row. */
  async insertOrFind(db: Db, file: Omit<EvidenceFile, 'id' | 'createdAt' | 'appendixChoice'>, at: Date): Promise<{ file: EvidenceFile; created: boolean }> {
    const inserted: EvidenceFileRow[] = await db('evidence_files')
      .insert({ portfolio_id: file.portfolioId, sha256: file.sha256, name: file.name, media_type: file.mediaType, size_bytes: file.sizeBytes, created_at: at })
      .onConflict(['portfolio_id', 'sha256'])
      .ignore()
      .returning(columns);
    if (inserted[0]) return { file: toFile(inserted[0]), created: true };
    const existing: EvidenceFileRow = await db('evidence_files').select(columns).where({ portfolio_id: file.portfolioId, sha256: file.sha256 }).first();
    return { file: toFile(existing), created: false };
  },

  async find(db: Db, portfolioId: number, id: number): Promise<EvidenceFile | undefined> {
    const row: EvidenceFileRow | undefined = await db('evidence_files').select(columns).where({ id, portfolio_id: portfolioId }).first();
    return row && toFile(row);
  },

  async list(db: Db, portfolioId: number): Promise<EvidenceFile[]> {
    const rows: EvidenceFileRow[] = await db('evidence_files').select(columns).where('portfolio_id', portfolioId).orderBy('created_at', 'desc').orderBy('id', 'desc');
    return rows.map(toFile);
  },

  async listByIds(db: Db, portfolioId: number, ids: number[]): Promise<EvidenceFile[]> {
    if (!ids.length) return [];
    const rows: EvidenceFileRow[] = await db('evidence_files').select(columns).where('portfolio_id', portfolioId).whereIn('id', ids).orderBy('name');
    return rows.map(toFile);
  },

  /** Sets the applicant's appendix choice of each of these files (ids not in the portfolio are ignored). */
  async setAppendixChoices(db: Db, portfolioId: number, choices: { id: number; choice: AppendixChoice }[]): Promise<void> {
    for (const { id, choice } of choices) await db('evidence_files').where({ id, portfolio_id: portfolioId }).update({ appendix_choice: choice });
  },

  /** How many evidence files the portfolio holds. */
  async count(db: Db, portfolioId: number): Promise<number> {
    const row = await db('evidence_files').where('portfolio_id', portfolioId).count<{ count: number }[]>('* as count').first();
    return Number(row?.count ?? 0);
  },

  async totalBytes(db: Db, portfolioId: number): Promise<number> {
    const row = (await db('evidence_files').where('portfolio_id', portfolioId).sum({ total: 'size_bytes' }).first()) as { total: string | null } | undefined;
    return Number(row?.total ?? 0);
  },

  /** Which of these hashes the portfolio already holds. */
  async heldHashes(db: Db, portfolioId: number, hashes: string[]): Promise<Set<string>> {
    if (!hashes.length) return new Set();
    const rows: { sha256: string }[] = await db('evidence_files').select('sha256').where('portfolio_id', portfolioId).whereIn('sha256', hashes);
    return new Set(rows.map((row) => row.sha256));
  },

  async remove(db: Db, portfolioId: number, id: number): Promise<boolean> {
    return (await db('evidence_files').where({ id, portfolio_id: portfolioId }).delete()) > 0;
  },

  /** Which of these hashes some row still refers to, a file, a submission or a rendered PDF (the store's cleanup keeps those). */
  async referencedHashes(db: Db, hashes: string[]): Promise<Set<string>> {
    if (!hashes.length) return new Set();
    // A submission keeps its evidence and its PDF, whatever becomes of the live portfolio; a PDF
    // rendered in the background stays until its render row is pruned.
    const [files, frozen, rendered]: { sha256: string }[][] = await Promise.all([
      db('evidence_files').distinct('sha256').whereIn('sha256', hashes),
      db('submission_files').distinct('sha256').whereIn('sha256', hashes),
      db('pdf_renders').distinct({ sha256: 'pdf_sha256' }).whereIn('pdf_sha256', hashes),
    ]);
    return new Set([...files!, ...frozen!, ...rendered!].map((row) => row.sha256));
  },
};

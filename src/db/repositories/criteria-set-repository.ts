import type { Db } from '../knex';
import type { CriteriaSet } from '../../domain/criteria/criteria-set';

export interface UploadedCriteriaSet {
  set: CriteriaSet;
  uploadedBy: number | null;
  uploadedAt: Date;
}

export const criteriaSetRepository = {
  async list(db: Db): Promise<UploadedCriteriaSet[]> {
    const rows: { definition: CriteriaSet; uploaded_by: number | null; uploaded_at: Date }[] = await db('criteria_sets').select('definition', 'uploaded_by', 'uploaded_at').orderBy('id');
    return rows.map((row) => ({ set: row.definition, uploadedBy: row.uploaded_by, uploadedAt: row.uploaded_at }));
  },

  async find(db: Db, id: string): Promise<CriteriaSet | undefined> {
    const row: { definition: CriteriaSet } | undefined = await db('criteria_sets').select('definition').where('id', id).first();
    return row?.definition;
  },

  /** Adds the set, or replaces an uploaded set with the same id (a new edition). */
  async save(db: Db, set: CriteriaSet, uploadedBy: number, at: Date): Promise<void> {
    await db('criteria_sets')
      .insert({ id: set.id, definition: JSON.stringify(set), uploaded_by: uploadedBy, uploaded_at: at })
      .onConflict('id')
      .merge(['definition', 'uploaded_by', 'uploaded_at']);
  },
};

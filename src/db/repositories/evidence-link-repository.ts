import type { Db } from '../knex';
import type { RecordType } from '../../domain/records';

/** Links between evidence files and records (many-to-many). */
export const evidenceLinkRepository = {
  async link(db: Db, fileId: number, recordType: RecordType, recordId: number): Promise<void> {
    await db('evidence_links').insert({ file_id: fileId, record_type: recordType, record_id: recordId }).onConflict(['file_id', 'record_type', 'record_id']).ignore();
  },

  async unlink(db: Db, fileId: number, recordType: RecordType, recordId: number): Promise<boolean> {
    return (await db('evidence_links').where({ file_id: fileId, record_type: recordType, record_id: recordId }).delete()) > 0;
  },

  async removeForRecord(db: Db, recordType: RecordType, recordId: number): Promise<void> {
    await db('evidence_links').where({ record_type: recordType, record_id: recordId }).delete();
  },

  /** Ids of the files linked to one record. */
  async fileIdsForRecord(db: Db, recordType: RecordType, recordId: number): Promise<number[]> {
    const rows: { file_id: number }[] = await db('evidence_links').select('file_id').where({ record_type: recordType, record_id: recordId }).orderBy('file_id');
    return rows.map((row) => row.file_id);
  },

  /** The records each file supports, for a set of files. */
  async recordsForFiles(db: Db, fileIds: number[]): Promise<Map<number, { type: RecordType; id: number }[]>> {
    const rows: { file_id: number; record_type: RecordType; record_id: number }[] = fileIds.length
      ? await db('evidence_links').select('file_id', 'record_type', 'record_id').whereIn('file_id', fileIds).orderBy(['record_type', 'record_id'])
      : [];
    const map = new Map<number, { type: RecordType; id: number }[]>();
    for (const row of rows) {
      const links = map.get(row.file_id) ?? [];
      if (!links.length) map.set(row.file_id, links);
      links.push({ type: row.record_type, id: row.record_id }); // not copied per row: a file may support thousands
    }
    return map;
  },
};

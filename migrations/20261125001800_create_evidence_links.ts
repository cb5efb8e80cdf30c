import type { Knex } from 'knex';

/** Many-to-many: a record can have many files, a file can support many records. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('evidence_links', (t) => {
    t.integer('file_id').notNullable().references('evidence_files.id').onDelete('CASCADE');
    t.text('record_type').notNullable();
    t.integer('record_id').notNullable();
    t.primary(['file_id', 'record_type', 'record_id']);
    t.index(['record_type', 'record_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('evidence_links');
}

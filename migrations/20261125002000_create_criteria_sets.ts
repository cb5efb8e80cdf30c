import type { Knex } from 'knex';

/** Criteria sets uploaded by admins (the files in criteria/ are read at start, not stored). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('criteria_sets', (t) => {
    t.text('id').primary();
    t.jsonb('definition').notNullable();
    t.integer('uploaded_by');
    t.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('criteria_sets');
}

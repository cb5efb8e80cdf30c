import type { Knex } from 'knex';

/**
 * A PDF asked for and rendered in the background (issue 16): the applicant's draft of a large
 * portfolio, or a submission (its PDF is rendered before the submission row exists). The row is
 * what the "being prepared" page reads: queued → rendering → ready (the PDF in the evidence store
 * by its SHA-256, or the submission made) or failed (with the reason shown to the applicant).
 * The job queue itself (graphile-worker on PostgreSQL, in-process on the embedded database)
 * carries only the row's id.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pdf_renders', (t) => {
    t.increments('id').primary();
    t.integer('owner_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('purpose').notNullable().checkIn(['draft', 'submission'], 'pdf_renders_purpose_check');
    t.jsonb('request').notNullable();
    t.text('status').notNullable().defaultTo('queued').checkIn(['queued', 'rendering', 'ready', 'failed'], 'pdf_renders_status_check');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('error');
    t.text('file_name');
    t.text('pdf_sha256');
    t.bigInteger('pdf_size_bytes');
    t.text('snapshot_sha256');
    t.integer('submission_id').references('submissions.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('started_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.index(['owner_id', 'created_at']);
    t.index(['pdf_sha256']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('pdf_renders');
}

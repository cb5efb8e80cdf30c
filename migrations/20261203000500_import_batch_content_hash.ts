import type { Knex } from 'knex';

/** The SHA-256 of the file a preview was made from, so a file already imported is recognised at commit. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('import_batches', (t) => {
    t.text('content_sha256');
    t.index(['portfolio_id', 'content_sha256']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('import_batches', (t) => {
    t.dropIndex(['portfolio_id', 'content_sha256']);
    t.dropColumn('content_sha256');
  });
}

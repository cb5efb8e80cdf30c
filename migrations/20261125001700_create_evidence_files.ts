import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('evidence_files', (t) => {
    t.increments('id');
    t.integer('portfolio_id').notNullable().references('portfolios.id').onDelete('CASCADE');
    t.text('sha256').notNullable().index(); // the stored file's name in the content-addressed store
    t.text('name').notNullable(); // the original name, sanitised
    t.text('media_type').notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['portfolio_id', 'sha256']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('evidence_files');
}

import type { Knex } from 'knex';

/** An uploaded log between its preview and the applicant's confirmation. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('import_batches', (t) => {
    t.increments('id');
    t.integer('portfolio_id').notNullable().references('portfolios.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.text('layout').notNullable();
    t.text('file_name').notNullable();
    t.jsonb('rows').notNullable(); // prepared rows, each with its duplicate flag
    t.jsonb('errors').notNullable();
    t.jsonb('ignored_columns').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('committed_at', { useTz: true });
    t.integer('committed_count');
    t.index(['portfolio_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('import_batches');
}

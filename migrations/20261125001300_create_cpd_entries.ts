import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cpd_entries', (t) => {
    t.increments('id');
    t.integer('portfolio_id').notNullable().references('portfolios.id').onDelete('CASCADE');
    t.text('title').notNullable();
    t.text('provider');
    t.date('start_date').notNullable();
    t.date('end_date').notNullable();
    t.decimal('hours', 7, 2).notNullable();
    t.text('kind').notNullable();
    t.text('accreditation');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['portfolio_id', 'end_date']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('cpd_entries');
}

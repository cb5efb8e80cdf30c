import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('practice_entries', (t) => {
    t.increments('id');
    t.integer('portfolio_id').notNullable().references('portfolios.id').onDelete('CASCADE');
    t.text('client_code').notNullable();
    t.date('date').notNullable();
    t.date('end_date');
    t.decimal('hours', 7, 2).notNullable();
    t.text('format').notNullable();
    t.integer('group_size');
    t.text('practice_kind').notNullable();
    t.text('payment').notNullable();
    t.text('sponsor');
    t.text('delivery');
    t.text('notes');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['portfolio_id', 'date']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('practice_entries');
}

import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reflections', (t) => {
    t.increments('id');
    t.integer('portfolio_id').notNullable().references('portfolios.id').onDelete('CASCADE');
    t.text('kind').notNullable(); // reflection | case_study
    t.date('date').notNullable();
    t.text('title').notNullable();
    t.text('text').notNullable();
    t.specificType('competences', 'text[]').notNullable();
    // Records this reflects on, as "type:id"; the record service removes an entry when its record is deleted.
    t.specificType('linked_records', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['portfolio_id', 'date']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reflections');
}

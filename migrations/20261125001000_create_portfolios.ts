import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('portfolios', (t) => {
    t.increments('id');
    t.integer('owner_id').notNullable().unique().references('users.id').onDelete('CASCADE');
    t.text('display_name');
    t.text('emcc_membership_number');
    t.date('first_practice_date');
    t.text('practice_role');
    t.text('target_level');
    t.text('criteria_set').notNullable().defaultTo('emcc-eia');
    // Salt for turning imported client names into stable pseudonymous codes.
    t.text('client_code_salt').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('portfolios');
}

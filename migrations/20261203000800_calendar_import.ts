import type { Knex } from 'knex';

/**
 * Importing sessions from a calendar: the events read from the file and the rules set in the
 * preview are kept with the batch (rows are worked out again from them when a rule changes),
 * and each attendee mapped to a client code is remembered by a salted hash of the address, never
 * the address, so the next calendar import recognises the same person.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('import_batches', (t) => {
    t.jsonb('calendar');
  });
  await knex.schema.createTable('calendar_attendee_codes', (t) => {
    t.integer('portfolio_id').notNullable().references('portfolios.id').onDelete('CASCADE');
    t.text('address_hash').notNullable();
    t.text('client_code').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['portfolio_id', 'address_hash']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('calendar_attendee_codes');
  await knex.schema.alterTable('import_batches', (t) => {
    t.dropColumn('calendar');
  });
}

import type { Knex } from 'knex';

/**
 * The first answer to each one-time key a person sent with a create (a form's hidden key, the
 * API's Idempotency-Key header): a second request with the same key is answered the same,
 * instead of creating the thing again. Kept a day.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('key').notNullable();
    t.text('route').notNullable(); // "POST /practice"
    t.text('fingerprint').notNullable(); // SHA-256 of the request body
    t.integer('status'); // null while the first request is being answered
    t.text('location');
    t.jsonb('body');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['user_id', 'key']);
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_keys');
}

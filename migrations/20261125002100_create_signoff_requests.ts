import type { Knex } from 'knex';

/** A request to a supervisor to confirm some supervision records, reached by an emailed link. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('signoff_requests', (t) => {
    t.increments('id');
    t.integer('portfolio_id').notNullable().references('portfolios.id').onDelete('CASCADE');
    t.text('supervisor_email').notNullable().index(); // lower-case
    t.text('supervisor_name').notNullable();
    t.text('token_hash').notNullable().unique(); // SHA-256 of the link's token; a resend replaces it
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.text('state').notNullable().defaultTo('pending'); // pending | completed | revoked
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('reminder_sent_at', { useTz: true }); // set once, by whichever process sends it
    t.timestamp('expiry_notified_at', { useTz: true });
    t.check("state in ('pending', 'completed', 'revoked')", [], 'signoff_requests_state_check');
  });
  await knex.schema.createTable('signoff_request_records', (t) => {
    t.integer('request_id').notNullable().references('signoff_requests.id').onDelete('CASCADE');
    t.integer('supervision_id').notNullable().references('supervision_entries.id').onDelete('CASCADE');
    t.primary(['request_id', 'supervision_id']);
    t.index(['supervision_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('signoff_request_records');
  await knex.schema.dropTable('signoff_requests');
}

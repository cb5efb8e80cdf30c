import type { Knex } from 'knex';

/**
 * A supervisor's answer about one supervision record: confirmed, declined (with a reason) or a
 * proposed correction. A confirmation keeps the SHA-256 of the record's canonical content, so a
 * later edit is detected; voided answers stay, marked, for the history.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('signoffs', (t) => {
    t.increments('id');
    t.integer('request_id').notNullable().references('signoff_requests.id').onDelete('CASCADE');
    // No foreign key: the answer (and its audit) outlives a deleted record.
    t.integer('supervision_id').notNullable().index();
    t.text('decision').notNullable(); // confirmed | declined | correction
    t.text('content_hash').notNullable();
    t.text('signer_name');
    t.text('reason');
    t.date('proposed_date');
    t.decimal('proposed_hours', 7, 2);
    t.text('ip');
    t.text('user_agent');
    t.timestamp('signed_at', { useTz: true }).notNullable();
    t.timestamp('accepted_at', { useTz: true }); // a correction the applicant accepted
    t.timestamp('voided_at', { useTz: true });
    t.text('void_reason');
    t.unique(['request_id', 'supervision_id']);
    t.check("decision in ('confirmed', 'declined', 'correction')", [], 'signoffs_decision_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('signoffs');
}

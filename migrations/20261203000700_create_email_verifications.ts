import type { Knex } from 'knex';

/**
 * An account proves its email address by a link sent to it, before it may see or answer the
 * supervision requests addressed to that address. The same link confirms a change of address:
 * the new address becomes the account's only when the link sent to it is opened.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('email_verified_at', { useTz: true });
  });
  await knex.schema.createTable('email_verifications', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('email').notNullable(); // the address being proved, lower-case
    t.text('token_hash').notNullable().unique(); // SHA-256 of the link's token
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('email_verifications');
  await knex.schema.alterTable('users', (t) => t.dropColumn('email_verified_at'));
}

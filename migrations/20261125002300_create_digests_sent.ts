import type { Knex } from 'knex';

/** One row per supervisor and day: the process that inserts it sends that day's digest, once. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('digests_sent', (t) => {
    t.text('email').notNullable();
    t.date('day').notNullable();
    t.primary(['email', 'day']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('digests_sent');
}

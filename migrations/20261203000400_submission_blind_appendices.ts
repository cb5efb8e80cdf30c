import type { Knex } from 'knex';

/**
 * Appended files are copied as uploaded and may name the applicant: at submission the applicant
 * chooses whether a blind assessor's copy includes them (true) or lists them only (false).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('submissions', (t) => {
    t.boolean('blind_appendices').notNullable().defaultTo(true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('submissions', (t) => t.dropColumn('blind_appendices'));
}

import type { Knex } from 'knex';

/**
 * Whether the applicant appends an evidence file to the application PDF: 'include', 'exclude',
 * or null for the default (appended when it supports at least one record).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('evidence_files', (t) => {
    t.text('appendix_choice');
    t.check("appendix_choice in ('include', 'exclude')", [], 'evidence_files_appendix_choice_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('evidence_files', (t) => {
    t.dropChecks('evidence_files_appendix_choice_check');
    t.dropColumn('appendix_choice');
  });
}

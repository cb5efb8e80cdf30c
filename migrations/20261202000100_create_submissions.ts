import type { Knex } from 'knex';

const SUBMISSION_STATUSES = ['submitted', 'in_review', 'more_info_requested', 'resubmitted', 'awarded', 'not_awarded', 'withdrawn'] as const;

/**
 * A submission: a frozen snapshot of a portfolio for one level (JSON, with its SHA-256), the PDF
 * rendered from it (by its SHA-256, in the evidence store) and the verification code printed on
 * it. A resubmission is a new row, the next version, pointing at the one it answers.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('submissions', (t) => {
    t.increments('id');
    t.integer('portfolio_id').notNullable().references('portfolios.id').onDelete('CASCADE');
    t.integer('applicant_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('version').notNullable().defaultTo(1);
    t.integer('previous_id').references('submissions.id').onDelete('SET NULL');
    t.text('criteria_set').notNullable();
    t.text('level').notNullable();
    t.date('as_of').notNullable();
    t.jsonb('snapshot').notNullable();
    t.text('snapshot_sha256').notNullable();
    t.text('pdf_sha256').notNullable();
    t.bigInteger('pdf_size_bytes').notNullable();
    t.text('verification_code').notNullable().unique();
    t.text('status').notNullable();
    t.integer('assessor_id').references('users.id').onDelete('SET NULL');
    // Blind review: the assessor sees neither the applicant's name nor their membership number.
    t.boolean('blind').notNullable().defaultTo(false);
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.timestamp('assigned_at', { useTz: true });
    t.timestamp('withdrawn_at', { useTz: true });
    // The assessor's outcome: a request for more information, or the decision.
    t.text('recommendation'); // award | not_yet | more_info
    t.text('feedback');
    t.timestamp('decided_at', { useTz: true });
    t.integer('decided_by').references('users.id').onDelete('SET NULL');
    t.check(`status in (${SUBMISSION_STATUSES.map((status) => `'${status}'`).join(', ')})`, [], 'submissions_status_check');
    t.index(['portfolio_id']);
    t.index(['assessor_id']);
  });
  // What a submission keeps alive in the content-addressed store: its evidence files and its PDF.
  await knex.schema.createTable('submission_files', (t) => {
    t.integer('submission_id').notNullable().references('submissions.id').onDelete('CASCADE');
    t.text('sha256').notNullable().index();
    t.primary(['submission_id', 'sha256']);
  });
  // The assessor's notes: a judgement and comment per requirement ("requirement:<id>"), a
  // comment per competence category ("competence:<id>").
  await knex.schema.createTable('assessment_notes', (t) => {
    t.integer('submission_id').notNullable().references('submissions.id').onDelete('CASCADE');
    t.text('subject').notNullable();
    t.text('judgement'); // met | not_met | more_info (requirements only)
    t.text('comment');
    t.integer('assessor_id').references('users.id').onDelete('SET NULL');
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['submission_id', 'subject']);
    t.check("judgement is null or judgement in ('met', 'not_met', 'more_info')", [], 'assessment_notes_judgement_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('assessment_notes');
  await knex.schema.dropTable('submission_files');
  await knex.schema.dropTable('submissions');
}

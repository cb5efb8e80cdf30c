import type { Knex } from 'knex';

const SCHEMES = ['emcc_eia', 'emcc_esia', 'icf', 'ac', 'other'] as const;

/**
 * Awards a person holds (EMCC EIA at a level, ESIA, ICF, AC …), each with its award date, from
 * which the renewal date is computed; an optional certificate (an evidence file of the
 * portfolio) and an optional verification code of a submission this app issued and awarded.
 * award_reminders_sent: one row per award and reminder (180, 90, 30 days before renewal), so
 * each reminder goes once, whichever process claims it. A submission says whether it is an
 * application or a renewal, and which award it renews.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('awards', (t) => {
    t.increments('id');
    t.integer('portfolio_id').notNullable().references('portfolios.id').onDelete('CASCADE');
    t.text('scheme').notNullable();
    t.text('level').notNullable();
    t.date('awarded_on').notNullable();
    t.integer('certificate_file_id').references('evidence_files.id').onDelete('SET NULL');
    t.text('verification_code');
    // The awarded submission of this app the code belongs to, when the code was checked. No
    // foreign key: submissions.award_id refers to awards, and the backup dumps tables parents
    // first, which a cycle forbids. The submission is the holder's own, so both go together
    // when the account is deleted (the portfolio's cascade); the award page checks it still exists.
    t.integer('verified_submission_id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.check(`scheme in (${SCHEMES.map((scheme) => `'${scheme}'`).join(', ')})`, [], 'awards_scheme_check');
    t.index(['portfolio_id', 'awarded_on']);
  });
  await knex.schema.createTable('award_reminders_sent', (t) => {
    t.integer('award_id').notNullable().references('awards.id').onDelete('CASCADE');
    // The renewal date the reminder was about: a corrected award date earns its own reminders.
    t.date('renewal_on').notNullable();
    t.integer('days_before').notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable();
    t.primary(['award_id', 'renewal_on', 'days_before']);
  });
  await knex.schema.alterTable('submissions', (t) => {
    t.text('purpose').notNullable().defaultTo('application');
    t.integer('award_id').references('awards.id').onDelete('SET NULL');
    t.check("purpose in ('application', 'renewal')", [], 'submissions_purpose_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('submissions', (t) => {
    t.dropChecks(['submissions_purpose_check']);
    t.dropColumn('award_id');
    t.dropColumn('purpose');
  });
  await knex.schema.dropTable('award_reminders_sent');
  await knex.schema.dropTable('awards');
}

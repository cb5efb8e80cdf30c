import type { Knex } from 'knex';

/**
 * A portfolio names the credentials it is preparing, one or several, in order: a criteria set
 * and one of its levels each. The first is the one the portfolio is evaluated against by
 * default, so it is also kept in portfolios.criteria_set / target_level (the columns every
 * existing reader and the API's targetLevel use). The single target a portfolio had before
 * becomes its first target here.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('portfolio_targets', (t) => {
    t.integer('portfolio_id').notNullable().references('portfolios.id').onDelete('CASCADE');
    t.text('criteria_set').notNullable();
    t.text('level_id').notNullable();
    t.integer('position').notNullable();
    t.primary(['portfolio_id', 'position']);
    t.unique(['portfolio_id', 'criteria_set', 'level_id']);
  });
  await knex.raw(
    `INSERT INTO portfolio_targets (portfolio_id, criteria_set, level_id, position)
     SELECT id, criteria_set, target_level, 0 FROM portfolios WHERE target_level IS NOT NULL AND target_level <> ''`,
  );
}

export async function down(knex: Knex): Promise<void> {
  // The first target is still in portfolios.target_level: dropping the others loses only them.
  await knex.schema.dropTable('portfolio_targets');
}

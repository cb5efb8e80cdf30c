import type { Knex } from 'knex';

/** The tables whose rows are part of what a portfolio is evaluated on, with how to find the portfolio. */
const DIRECT = ['practice_entries', 'supervision_entries', 'cpd_entries', 'contributions', 'feedback_items', 'reflections'];
const EVENTS = [
  ['insert', 'new'],
  ['update', 'new'],
  ['delete', 'old'],
] as const;

/**
 * portfolios.revision changes whenever anything the evaluation reads changes, so a process can
 * keep a portfolio's evidence in memory and know, with one small query, whether it is current.
 * Triggers do it, so no code path can forget: statement-level, with transition tables, so a
 * 10,000-row import bumps the revision once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('portfolios', (t) => {
    t.bigInteger('revision').notNullable().defaultTo(0);
  });
  await knex.raw(`
    create function bump_revision_by_portfolio_id() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        update portfolios set revision = revision + 1 where id in (select distinct portfolio_id from changed_rows_old);
      else
        update portfolios set revision = revision + 1 where id in (select distinct portfolio_id from changed_rows_new);
      end if;
      return null;
    end $$`);
  await knex.raw(`
    create function bump_revision_by_request_id() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        update portfolios set revision = revision + 1 where id in (select portfolio_id from signoff_requests where id in (select request_id from changed_rows_old));
      else
        update portfolios set revision = revision + 1 where id in (select portfolio_id from signoff_requests where id in (select request_id from changed_rows_new));
      end if;
      return null;
    end $$`);
  // The portfolio's own settings (first practice date, membership number …) are evidence too.
  await knex.raw(`
    create function bump_revision_on_settings() returns trigger language plpgsql as $$
    begin
      if new.revision = old.revision then new.revision := old.revision + 1; end if;
      return new;
    end $$`);
  for (const table of [...DIRECT, 'signoffs']) {
    const fn = table === 'signoffs' ? 'bump_revision_by_request_id' : 'bump_revision_by_portfolio_id';
    for (const [event, side] of EVENTS) {
      await knex.raw(`create trigger ${table}_revision_${event} after ${event} on ${table} referencing ${side} table as changed_rows_${side} for each statement execute function ${fn}()`);
    }
  }
  await knex.raw('create trigger portfolios_revision_settings before update on portfolios for each row execute function bump_revision_on_settings()');
  // "Latest entries" on the dashboard read the newest rows of each log.
  for (const table of DIRECT) await knex.raw(`create index ${table}_portfolio_created on ${table} (portfolio_id, created_at, id)`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of DIRECT) await knex.raw(`drop index ${table}_portfolio_created`);
  await knex.raw('drop trigger portfolios_revision_settings on portfolios');
  for (const table of [...DIRECT, 'signoffs']) {
    for (const [event] of EVENTS) await knex.raw(`drop trigger ${table}_revision_${event} on ${table}`);
  }
  await knex.raw('drop function bump_revision_on_settings()');
  await knex.raw('drop function bump_revision_by_request_id()');
  await knex.raw('drop function bump_revision_by_portfolio_id()');
  await knex.schema.alterTable('portfolios', (t) => t.dropColumn('revision'));
}

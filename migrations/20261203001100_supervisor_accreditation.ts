import type { Knex } from 'knex';

/**
 * A supervisor's own accreditation (EMCC ESIA): the supervision practice log (the sessions a
 * supervisor gives, supervisees as pseudonymous codes), what a supervision record was about
 * (the person's coaching or mentoring practice, or their supervision practice: supervision on
 * supervision), and reflections tagged with the supervision competences. A session added from a
 * confirmation given through the app keeps that confirmation's id, once per portfolio, so it is
 * never counted twice. The new log moves portfolios.log_revisions like the others.
 */
const EVENTS = [
  ['insert', 'new'],
  ['update', 'new'],
  ['delete', 'old'],
] as const;

const bump = (side: 'old' | 'new') => `
  update portfolios
     set revision = revision + 1,
         log_revisions = log_revisions || jsonb_build_object(log, coalesce((log_revisions ->> log)::bigint, 0) + 1)
   where id in (select distinct portfolio_id from changed_rows_${side})`;

const byPortfolioId = (withSupervisionPractice: boolean) => `
  create or replace function bump_revision_by_portfolio_id() returns trigger language plpgsql as $$
  declare
    log text := case tg_table_name
      when 'practice_entries' then 'practice'
      when 'supervision_entries' then 'supervision'
      when 'cpd_entries' then 'cpd'
      when 'feedback_items' then 'feedback'
      when 'reflections' then 'reflection'
      when 'contributions' then 'contribution'${withSupervisionPractice ? "\n      when 'supervision_practice_entries' then 'supervision_practice'" : ''}
      else 'supervision' -- signoff_requests
    end;
  begin
    if tg_op = 'DELETE' then ${bump('old')}; else ${bump('new')}; end if;
    return null;
  end $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('supervision_practice_entries', (t) => {
    t.increments('id');
    t.integer('portfolio_id').notNullable().references('portfolios.id').onDelete('CASCADE');
    t.text('supervisee_code').notNullable();
    t.date('date').notNullable();
    t.decimal('hours', 7, 2).notNullable();
    t.text('format').notNullable(); // individual | group
    t.integer('group_size');
    t.text('notes');
    t.integer('signoff_id'); // the confirmation given through the app this session was added from
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['portfolio_id', 'date']);
    t.index(['portfolio_id', 'created_at', 'id'], 'supervision_practice_entries_portfolio_created');
    t.unique(['portfolio_id', 'signoff_id']);
  });
  await knex.raw(byPortfolioId(true));
  for (const [event, side] of EVENTS) {
    await knex.raw(
      `create trigger supervision_practice_entries_revision_${event} after ${event} on supervision_practice_entries referencing ${side} table as changed_rows_${side} for each statement execute function bump_revision_by_portfolio_id()`,
    );
  }
  await knex.schema.alterTable('supervision_entries', (t) => {
    t.text('about'); // practice (also when null: records from before) | supervision
  });
  await knex.schema.alterTable('reflections', (t) => {
    t.specificType('supervision_competences', 'text[]').notNullable().defaultTo('{}');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reflections', (t) => t.dropColumn('supervision_competences'));
  await knex.schema.alterTable('supervision_entries', (t) => t.dropColumn('about'));
  for (const [event] of EVENTS) await knex.raw(`drop trigger supervision_practice_entries_revision_${event} on supervision_practice_entries`);
  await knex.raw(byPortfolioId(false));
  await knex.schema.dropTable('supervision_practice_entries');
}

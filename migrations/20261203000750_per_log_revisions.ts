import type { Knex } from 'knex';

/**
 * portfolios.log_revisions counts changes per log ({"practice": 12, "supervision": 3, …}), moved
 * by the same triggers and in the same statement as portfolios.revision, so a process holding a
 * portfolio's evidence in memory re-reads only the logs that changed after a write, not all of
 * them. Requests and answers count as changes to the supervision log (they change its records'
 * confirmation statuses); a change to the portfolio's own settings moves only the revision.
 */
const bump = (changed: string) => `
  update portfolios
     set revision = revision + 1,
         log_revisions = log_revisions || jsonb_build_object(log, coalesce((log_revisions ->> log)::bigint, 0) + 1)
   where id in (${changed})`;

const byPortfolioId = (body: (side: 'old' | 'new') => string) => `
  create or replace function bump_revision_by_portfolio_id() returns trigger language plpgsql as $$
  declare
    log text := case tg_table_name
      when 'practice_entries' then 'practice'
      when 'supervision_entries' then 'supervision'
      when 'cpd_entries' then 'cpd'
      when 'feedback_items' then 'feedback'
      when 'reflections' then 'reflection'
      when 'contributions' then 'contribution'
      else 'supervision' -- signoff_requests
    end;
  begin
    if tg_op = 'DELETE' then ${body('old')}; else ${body('new')}; end if;
    return null;
  end $$`;

const byRequestId = (body: (side: 'old' | 'new') => string) => `
  create or replace function bump_revision_by_request_id() returns trigger language plpgsql as $$
  declare
    log text := 'supervision'; -- signoffs, signoff_request_records
  begin
    if tg_op = 'DELETE' then ${body('old')}; else ${body('new')}; end if;
    return null;
  end $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('portfolios', (t) => {
    t.jsonb('log_revisions').notNullable().defaultTo('{}');
  });
  await knex.raw(byPortfolioId((side) => bump(`select distinct portfolio_id from changed_rows_${side}`)));
  await knex.raw(byRequestId((side) => bump(`select portfolio_id from signoff_requests where id in (select request_id from changed_rows_${side})`)));
}

/** Back to the functions of 20261125002400_add_portfolio_revision, which move the revision only. */
export async function down(knex: Knex): Promise<void> {
  const revisionOnly = (changed: string) => `update portfolios set revision = revision + 1 where id in (${changed})`;
  await knex.raw(byPortfolioId((side) => revisionOnly(`select distinct portfolio_id from changed_rows_${side}`)));
  await knex.raw(byRequestId((side) => revisionOnly(`select portfolio_id from signoff_requests where id in (select request_id from changed_rows_${side})`)));
  await knex.schema.alterTable('portfolios', (t) => t.dropColumn('log_revisions'));
}

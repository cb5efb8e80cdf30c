import type { Knex } from 'knex';

/**
 * A supervision record's confirmation status also depends on the requests about it (awaiting an
 * answer, revoked, sent again), so changes to requests move the portfolio's revision too, as
 * answers already do (see 20261125002400_add_portfolio_revision).
 */
const EVENTS = [
  ['insert', 'new'],
  ['update', 'new'],
  ['delete', 'old'],
] as const;
const TRIGGERS = [
  ['signoff_requests', 'bump_revision_by_portfolio_id'],
  ['signoff_request_records', 'bump_revision_by_request_id'],
] as const;

export async function up(knex: Knex): Promise<void> {
  for (const [table, fn] of TRIGGERS) {
    for (const [event, side] of EVENTS) {
      await knex.raw(`create trigger ${table}_revision_${event} after ${event} on ${table} referencing ${side} table as changed_rows_${side} for each statement execute function ${fn}()`);
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [table] of TRIGGERS) for (const [event] of EVENTS) await knex.raw(`drop trigger ${table}_revision_${event} on ${table}`);
}

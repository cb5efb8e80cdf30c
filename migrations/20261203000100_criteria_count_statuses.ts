import type { Knex } from 'knex';

/**
 * Supervision requirements now say which confirmation statuses count (`countStatuses`) instead
 * of the yes/no `requireConfirmation`. Uploaded criteria sets are rewritten to what they meant,
 * except that declined supervision no longer counts where unconfirmed supervision did: a
 * supervisor's "no" is not "not yet".
 */
const CONFIRMED = ['confirmed', 'correction_accepted'];
const ALL_BUT_DECLINED = ['confirmed', 'correction_accepted', 'awaiting_answer', 'correction_proposed', 'changed_after_answer', 'request_expired', 'request_revoked', 'never_asked'];

interface Requirement {
  kind: string;
  params: Record<string, unknown>;
}
interface Definition {
  levels: { requirements: Requirement[] }[];
}

function rewrite(definition: Definition, change: (params: Record<string, unknown>) => void): Definition {
  for (const level of definition.levels) for (const requirement of level.requirements) if (requirement.kind.startsWith('supervision_')) change(requirement.params);
  return definition;
}

async function eachSet(knex: Knex, change: (params: Record<string, unknown>) => void): Promise<void> {
  const rows: { id: string; definition: Definition }[] = await knex('criteria_sets').select('id', 'definition');
  for (const row of rows)
    await knex('criteria_sets')
      .where('id', row.id)
      .update({ definition: JSON.stringify(rewrite(row.definition, change)) });
}

export async function up(knex: Knex): Promise<void> {
  await eachSet(knex, (params) => {
    params.countStatuses = params.requireConfirmation === true ? CONFIRMED : ALL_BUT_DECLINED;
    delete params.requireConfirmation;
  });
}

export async function down(knex: Knex): Promise<void> {
  await eachSet(knex, (params) => {
    const counted = (params.countStatuses as string[] | undefined) ?? [];
    params.requireConfirmation = counted.every((state) => CONFIRMED.includes(state));
    delete params.countStatuses;
  });
}

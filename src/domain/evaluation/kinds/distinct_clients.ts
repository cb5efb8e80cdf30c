import type { RecordRef } from '../evaluation';
import type { EvaluationContext, Excluded } from '../context';
import { gapTexts, notes, reasons } from '../gap-text';
import { gapOf } from '../numbers';
import type { KindEvaluator } from './kind';

interface ClientTally {
  clients: number;
  /** Clients first seen in the 6-month pace window (with their weight). */
  paceClients: number;
  counted: RecordRef[];
  excluded: Excluded[];
}

function tallyClients(ctx: EvaluationContext, groupCounting: 'members' | 'one'): ClientTally {
  return ctx.memo(`clients|${groupCounting}`, () => {
    // Per code: how many clients it stands for, and when it was first seen (one map lookup per record).
    const seen = new Map<string, { members: number; first: string }>();
    const counted: RecordRef[] = [];
    const excluded: Excluded[] = [];
    const { records, refs, dates } = ctx.practice;
    for (let i = 0; i < records.length; i += 1) {
      const entry = records[i]!;
      // Trimmed and lower-cased, so " C-017" and "c-017" are one client.
      const code = entry.clientCode.trim().toLowerCase();
      if (dates[i]! > ctx.asOf) excluded.push({ ref: refs[i]!, reason: reasons.afterAsOf });
      else if (!code) excluded.push({ ref: refs[i]!, reason: reasons.noClientCode });
      else {
        counted.push(refs[i]!);
        // ICF counts group members: the largest group recorded for a code, not the sum of its
        // sessions (the same group meeting ten times is still the same people). A group record
        // without a size (possible in old imports) stands for at least its one code.
        const members = groupCounting === 'members' && entry.format !== 'one_to_one' ? Math.max(1, entry.groupSize ?? 1) : 1;
        const client = seen.get(code);
        if (client === undefined) seen.set(code, { members, first: dates[i]! });
        else {
          if (members > client.members) client.members = members;
          if (dates[i]! < client.first) client.first = dates[i]!;
        }
      }
    }
    let clients = 0;
    let paceClients = 0;
    for (const client of seen.values()) {
      clients += client.members;
      if (client.first >= ctx.paceWindow.from) paceClients += client.members;
    }
    return { clients, paceClients, counted, excluded };
  });
}

/** Distinct client codes on or before asOf; group and team codes as their largest size ('members'). */
export const distinctClients: KindEvaluator<'distinct_clients'> = ({ clients, groupCounting = 'members' }, ctx) => {
  const tally = tallyClients(ctx, groupCounting);
  const met = tally.clients >= clients;
  return {
    met,
    required: clients,
    actual: tally.clients,
    unit: 'clients',
    gapText: met ? '' : gapTexts.clients(gapOf(clients, tally.clients)),
    notes: [notes.clientsDated(ctx.asOf), groupCounting === 'members' ? notes.clientsMembers : notes.clientsOne],
    counted: tally.counted,
    excluded: tally.excluded,
    paceAdded: tally.paceClients,
  };
};

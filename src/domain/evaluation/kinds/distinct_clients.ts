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
    for (const entry of ctx.practice) {
      if (entry.date > ctx.asOf) excluded.push({ ref: entry.ref, reason: reasons.afterAsOf });
      else if (!entry.client) excluded.push({ ref: entry.ref, reason: reasons.noClientCode });
      else {
        counted.push(entry.ref);
        // ICF counts group members: the largest group recorded for a code, not the sum of
        // its sessions (the same group meeting ten times is still the same people).
        const members = groupCounting === 'members' && entry.grouped ? entry.members : 1;
        const client = seen.get(entry.client);
        if (client === undefined) seen.set(entry.client, { members, first: entry.date });
        else {
          if (members > client.members) client.members = members;
          if (entry.date < client.first) client.first = entry.date;
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

import type { RecordRef } from '../evaluation';
import { refListFor, type EvaluationContext, type Excluded } from '../context';
import { gapTexts, notes, reasons } from '../gap-text';
import { gapOf } from '../numbers';
import { dateKey } from '../windows';
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
    // Per client: how many people it stands for, and the day it was first seen (0: not yet).
    const { refs, dateKeys, clientIds, clientCount, groupSizes } = ctx.practice;
    const members = new Int32Array(clientCount);
    const first = new Int32Array(clientCount);
    const counted = refListFor(refs.length);
    let countedLength = 0;
    const excluded: Excluded[] = [];
    const asOf = dateKey(ctx.asOf);
    for (let i = 0; i < dateKeys.length; i += 1) {
      const client = clientIds[i]!;
      const date = dateKeys[i]!;
      if (date > asOf) excluded.push({ ref: refs[i]!, reason: reasons.afterAsOf });
      else if (client < 0) excluded.push({ ref: refs[i]!, reason: reasons.noClientCode });
      else {
        counted[countedLength++] = refs[i]!;
        // ICF counts group members: the largest group recorded for a code, not the sum of its
        // sessions (the same group meeting ten times is still the same people). A group record
        // without a size (possible in old imports) stands for at least its one code.
        const size = groupCounting === 'members' ? groupSizes[i]! : 1;
        if (size > members[client]!) members[client] = size;
        if (first[client] === 0 || date < first[client]!) first[client] = date;
      }
    }
    counted.length = countedLength;
    let clients = 0;
    let paceClients = 0;
    const paceFrom = dateKey(ctx.paceWindow.from);
    for (let client = 0; client < clientCount; client += 1) {
      clients += members[client]!;
      if (first[client] !== 0 && first[client]! >= paceFrom) paceClients += members[client]!;
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

import type { RecordRef } from '../evaluation';
import type { EvaluationContext, Excluded } from '../context';
import { reasons } from '../gap-text';

/**
 * One pass over the supervision practice log (the supervision a person gives), shared by
 * years_supervising, distinct_supervisees and supervision_practice_hours: sessions dated on or
 * before asOf count. A group session is one record, so its hours count once; its code stands for
 * the group's members (the largest size recorded for it), as distinct_clients counts groups.
 */
export interface SupervisionPracticeTally {
  hours: number;
  paceHours: number;
  /** Distinct supervisees: each code once, a group code as its largest group size. */
  supervisees: number;
  paceSupervisees: number;
  /** The earliest session on or before asOf, or null. */
  first: string | null;
  counted: RecordRef[];
  excluded: Excluded[];
}

export function tallySupervisionPractice(ctx: EvaluationContext): SupervisionPracticeTally {
  return ctx.memo('supervision-practice', () => {
    const { records, refs } = ctx.supervisionPractice;
    const pace = ctx.paceWindow;
    const tally: SupervisionPracticeTally = { hours: 0, paceHours: 0, supervisees: 0, paceSupervisees: 0, first: null, counted: [], excluded: [] };
    const seen = new Map<string, { members: number; first: string }>();
    for (let i = 0; i < records.length; i += 1) {
      const record = records[i]!;
      const code = record.superviseeCode.trim().toLowerCase();
      if (record.date > ctx.asOf) {
        tally.excluded.push({ ref: refs[i]!, reason: reasons.afterAsOf });
        continue;
      }
      if (!code) {
        tally.excluded.push({ ref: refs[i]!, reason: reasons.noSuperviseeCode });
        continue;
      }
      tally.counted.push(refs[i]!);
      tally.hours += record.hours;
      if (record.date >= pace.from) tally.paceHours += record.hours;
      if (tally.first === null || record.date < tally.first) tally.first = record.date;
      const members = record.format === 'group' ? Math.max(1, record.groupSize ?? 1) : 1;
      const known = seen.get(code);
      if (known === undefined) seen.set(code, { members, first: record.date });
      else {
        if (members > known.members) known.members = members;
        if (record.date < known.first) known.first = record.date;
      }
    }
    for (const supervisee of seen.values()) {
      tally.supervisees += supervisee.members;
      if (supervisee.first >= pace.from) tally.paceSupervisees += supervisee.members;
    }
    return tally;
  });
}

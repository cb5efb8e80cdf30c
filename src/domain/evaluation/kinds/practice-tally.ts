import type { RecordRef } from '../evaluation';
import { refListFor, type EvaluationContext, type Excluded } from '../context';
import { reasons } from '../gap-text';
import { dateKey, type DateWindow } from '../windows';

export interface PracticeTally {
  hours: number;
  /** Hours the same rules count in the 6-month pace window. */
  paceHours: number;
  counted: RecordRef[];
  excluded: Excluded[];
}

/**
 * Client practice hours by effective date, lifetime (window null: up to asOf) or in a window.
 * Shared by practice_hours at every level asking the same question, so the 10,000-record log
 * is walked once per distinct question, not once per level.
 * The first reason that applies is given: the date, then the payment.
 */
export function tallyPractice(ctx: EvaluationContext, window: DateWindow | null, paidOnly: boolean): PracticeTally {
  return ctx.memo(`practice|${window?.from ?? 'lifetime'}|${paidOnly}`, () => {
    const { refs, dateKeys, hours: hoursOf, paid } = ctx.practice;
    const from = dateKey(window?.from ?? '');
    const to = dateKey(ctx.asOf);
    const dateReason = window ? reasons.outsideWindow(window) : reasons.afterAsOf;
    const paceFrom = dateKey(ctx.paceWindow.from);
    const paceTo = dateKey(ctx.paceWindow.to);
    const tally: PracticeTally = { hours: 0, paceHours: 0, counted: refListFor(refs.length), excluded: [] };
    let countedLength = 0;
    for (let i = 0; i < dateKeys.length; i += 1) {
      const date = dateKeys[i]!;
      const hours = hoursOf[i]!;
      const eligible = !paidOnly || paid[i] === 1;
      if (eligible && date >= paceFrom && date <= paceTo) tally.paceHours += hours;
      if (date > to || date < from) tally.excluded.push({ ref: refs[i]!, reason: dateReason });
      else if (!eligible) tally.excluded.push({ ref: refs[i]!, reason: reasons.proBono });
      else {
        tally.counted[countedLength++] = refs[i]!;
        tally.hours += hours;
      }
    }
    tally.counted.length = countedLength;
    return tally;
  });
}

/**
 * Only the hours in a window, for supervision_ratio: it needs the figure, not the list of
 * practice records, so it skips building 10,000 refs and reasons.
 */
export function practiceHoursIn(ctx: EvaluationContext, window: DateWindow): number {
  return ctx.memo(`practice-hours|${window.from}|${window.to}`, () => {
    const { dateKeys, hours: hoursOf } = ctx.practice;
    const from = dateKey(window.from);
    const to = dateKey(window.to);
    let hours = 0;
    for (let i = 0; i < dateKeys.length; i += 1) if (dateKeys[i]! >= from && dateKeys[i]! <= to) hours += hoursOf[i]!;
    return hours;
  });
}

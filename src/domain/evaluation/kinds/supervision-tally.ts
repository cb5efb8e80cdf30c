import type { SupervisionFormat } from '../../criteria/criteria-set';
import type { Evidence, RecordRef } from '../evaluation';
import type { EvaluationContext, Excluded } from '../context';
import { notes, reasons } from '../gap-text';
import type { DateWindow } from '../windows';

/** What the three supervision kinds share: which records are accepted, and their hours. */
export interface SupervisionRules {
  formats: SupervisionFormat[];
  requireConfirmation: boolean;
}

export interface SupervisionTally {
  hours: number;
  confirmed: number;
  unconfirmed: number;
  /** Accepted hours in the 6-month pace window. */
  paceHours: number;
  /** The accepted records in the window, for the per-period split. */
  accepted: Evidence['supervision'][number][];
  counted: RecordRef[];
  excluded: Excluded[];
}

const FORMAT_ORDER: readonly SupervisionFormat[] = ['individual', 'group', 'peer'];

/**
 * Defaults: EMCC's minimum is one-to-one supervision (group supervision is a recognised format
 * but does not count toward it), and an unconfirmed record counts (confirmation can come later;
 * the result shows it as unconfirmed). An empty formats list is treated as the default, as a
 * requirement that no supervision could meet is a data mistake, not a rule.
 */
export function supervisionRules(params: { formats?: SupervisionFormat[]; requireConfirmation?: boolean }): SupervisionRules {
  const asked = params.formats && params.formats.length > 0 ? params.formats : ['individual'];
  return { formats: FORMAT_ORDER.filter((f) => asked.includes(f)), requireConfirmation: params.requireConfirmation ?? false };
}

export const supervisionNotes = (rules: SupervisionRules) => [notes.supervisionFormats(rules.formats), rules.requireConfirmation ? notes.confirmationRequired : notes.unconfirmedCounts];

/** Accepted supervision in a window. The first reason that applies is given: date, format, confirmation. */
export function tallySupervision(ctx: EvaluationContext, window: DateWindow, rules: SupervisionRules): SupervisionTally {
  return ctx.memo(`supervision|${window.from}|${window.to}|${rules.formats.join(',')}|${rules.requireConfirmation}`, () => {
    const outside = reasons.outsideWindow(window);
    const tally: SupervisionTally = { hours: 0, confirmed: 0, unconfirmed: 0, paceHours: 0, accepted: [], counted: [], excluded: [] };
    const pace = ctx.paceWindow;
    const { records, refs } = ctx.supervision;
    for (let i = 0; i < records.length; i += 1) {
      const record = records[i]!;
      const formatOk = rules.formats.includes(record.format);
      const confirmationOk = record.confirmed || !rules.requireConfirmation;
      if (formatOk && confirmationOk && record.date >= pace.from && record.date <= pace.to) tally.paceHours += record.hours;
      if (record.date < window.from || record.date > window.to) tally.excluded.push({ ref: refs[i]!, reason: outside });
      else if (!formatOk) tally.excluded.push({ ref: refs[i]!, reason: reasons.formatNotAccepted(record.format) });
      else if (!confirmationOk) tally.excluded.push({ ref: refs[i]!, reason: reasons.unconfirmed });
      else {
        tally.counted.push(refs[i]!);
        tally.accepted.push(record);
        tally.hours += record.hours;
        if (record.confirmed) tally.confirmed += record.hours;
        else tally.unconfirmed += record.hours;
      }
    }
    return tally;
  });
}

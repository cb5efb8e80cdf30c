import type { SupervisionFormat, SupervisionParams } from '../../criteria/criteria-set';
import { CONFIRMATION_STATES, isConfirmedState, type ConfirmationState } from '../../vocabulary';
import type { Evidence, RecordRef, RequirementResult } from '../evaluation';
import type { EvaluationContext, Excluded } from '../context';
import { notes, reasons } from '../gap-text';
import { round2 } from '../numbers';
import type { DateWindow } from '../windows';

/** What the three supervision kinds share: which records are accepted, and their hours. */
export interface SupervisionRules {
  formats: SupervisionFormat[];
  /** The confirmation statuses the criteria set counts, in CONFIRMATION_STATES order. */
  countStatuses: ConfirmationState[];
  /** Only supervision about this (absent: any). */
  about?: 'practice' | 'supervision';
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
  /** Records in the window and of an accepted format, by status. */
  byStatus: Map<ConfirmationState, { records: number; hours: number }>;
}

const FORMAT_ORDER: readonly SupervisionFormat[] = ['individual', 'group', 'peer'];

/**
 * EMCC's minimum is one-to-one supervision (group supervision is a recognised format but does
 * not count toward it), so an absent or empty formats list means individual only: a requirement
 * that no supervision could meet is a data mistake, not a rule. Which confirmation statuses
 * count has no default: the criteria set says so for every supervision requirement.
 */
export function supervisionRules(params: SupervisionParams): SupervisionRules {
  const asked = params.formats && params.formats.length > 0 ? params.formats : ['individual'];
  return { formats: FORMAT_ORDER.filter((f) => asked.includes(f)), countStatuses: CONFIRMATION_STATES.ids.filter((state) => params.countStatuses.includes(state)), ...(params.about ? { about: params.about } : {}) };
}

export const supervisionNotes = (rules: SupervisionRules) => [...(rules.about ? [notes.supervisionAbout(rules.about)] : []), notes.supervisionFormats(rules.formats), notes.confirmationStatuses(rules.countStatuses)];

/** Accepted supervision in a window. The first reason that applies is given: date, format, confirmation status. */
export function tallySupervision(ctx: EvaluationContext, window: DateWindow, rules: SupervisionRules): SupervisionTally {
  return ctx.memo(`supervision|${window.from}|${window.to}|${rules.formats.join(',')}|${rules.countStatuses.join(',')}|${rules.about ?? ''}`, () => {
    const outside = reasons.outsideWindow(window);
    const counts = new Set(rules.countStatuses);
    const tally: SupervisionTally = { hours: 0, confirmed: 0, unconfirmed: 0, paceHours: 0, accepted: [], counted: [], excluded: [], byStatus: new Map() };
    const pace = ctx.paceWindow;
    const { records, refs } = ctx.supervision;
    for (let i = 0; i < records.length; i += 1) {
      const record = records[i]!;
      // Supervision about something else is not part of this question at all (not even its pace).
      if (rules.about && (record.about ?? 'practice') !== rules.about) {
        tally.excluded.push({ ref: refs[i]!, reason: rules.about === 'supervision' ? reasons.aboutPractice : reasons.aboutSupervision });
        continue;
      }
      const formatOk = rules.formats.includes(record.format);
      const statusOk = counts.has(record.confirmation);
      if (formatOk && statusOk && record.date >= pace.from && record.date <= pace.to) tally.paceHours += record.hours;
      if (record.date < window.from || record.date > window.to) {
        tally.excluded.push({ ref: refs[i]!, reason: outside });
        continue;
      }
      if (!formatOk) {
        tally.excluded.push({ ref: refs[i]!, reason: reasons.formatNotAccepted(record.format) });
        continue;
      }
      const status = tally.byStatus.get(record.confirmation) ?? { records: 0, hours: 0 };
      status.records += 1;
      status.hours += record.hours;
      tally.byStatus.set(record.confirmation, status);
      if (!statusOk) tally.excluded.push({ ref: refs[i]!, reason: reasons.notCountedStatus(record.confirmation, record.confirmationOn) });
      else {
        tally.counted.push(refs[i]!);
        tally.accepted.push(record);
        tally.hours += record.hours;
        if (isConfirmedState(record.confirmation)) tally.confirmed += record.hours;
        else tally.unconfirmed += record.hours;
      }
    }
    return tally;
  });
}

/** What every supervision result carries beside its figure: counted hours by confirmation, and every status seen. */
export function supervisionDetail(tally: SupervisionTally, rules: SupervisionRules): Pick<RequirementResult, 'supervisionHours' | 'confirmations'> {
  const counts = new Set(rules.countStatuses);
  return {
    supervisionHours: { confirmed: round2(tally.confirmed), unconfirmed: round2(tally.unconfirmed) },
    confirmations: CONFIRMATION_STATES.ids
      .filter((state) => tally.byStatus.has(state))
      .map((state) => ({ state, counted: counts.has(state), records: tally.byStatus.get(state)!.records, hours: round2(tally.byStatus.get(state)!.hours) })),
  };
}

import type { RequirementResult } from '../domain/evaluation/evaluation';
import { CONFIRMATION_STATES, type ConfirmationState } from '../domain/vocabulary';
import { formatHours } from '../domain/dates';

/**
 * How a supervision requirement's hours stand by confirmation status, in the words every
 * surface uses (dashboard, requirement page, assessor's page, PDF), so the figures agree to
 * the hundredth of an hour wherever they are read.
 */

const part = (entry: { state: ConfirmationState; hours: number }) => `${formatHours(entry.hours)} ${CONFIRMATION_STATES.labels[entry.state].toLowerCase()}`;

/** "Counted: 3 h confirmed, 1 h awaiting the supervisor’s answer. Not counted: 1 h declined by the supervisor." (empty when no supervision is in the window). */
export function confirmationBreakdown(result: Pick<RequirementResult, 'confirmations'>): string {
  const entries = result.confirmations ?? [];
  const counted = entries.filter((entry) => entry.counted);
  const left = entries.filter((entry) => !entry.counted);
  return [counted.length ? `Counted: ${counted.map(part).join(', ')}.` : '', left.length ? `Not counted: ${left.map(part).join(', ')}.` : ''].filter(Boolean).join(' ');
}

/** The colour a status is shown in (with its words, never colour alone): ok, warn, bad, or none. */
export function confirmationTone(state: ConfirmationState): 'ok' | 'warn' | 'bad' | 'none' {
  if (state === 'confirmed' || state === 'correction_accepted') return 'ok';
  if (state === 'declined' || state === 'changed_after_answer') return 'bad';
  if (state === 'never_asked') return 'none';
  return 'warn';
}

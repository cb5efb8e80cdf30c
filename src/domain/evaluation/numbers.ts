/**
 * Figures are rounded to 2 decimals before they are compared or shown: hours are entered with at
 * most 2 decimals, and summing thousands of them in binary floating point leaves noise such as
 * 0.30000000000000004 that must not decide whether a requirement is met.
 */

/** The nudge is far below a hundredth and far above the noise of summing ≤ 10^6 hours. */
const NUDGE = 1e-7;

export const round2 = (value: number) => {
  const rounded = Math.round(value * 100 + (value >= 0 ? NUDGE : -NUDGE)) / 100;
  return rounded === 0 ? 0 : rounded; // no "-0"
};

/** Rounded UP to 2 decimals (the supervision hours needed must never be understated). */
export const ceil2 = (value: number) => {
  const rounded = Math.ceil(value * 100 - NUDGE) / 100;
  return rounded === 0 ? 0 : rounded;
};

/** What is still missing: max(0, required − actual), rounded. */
export const gapOf = (required: number, actual: number) => Math.max(0, round2(required - actual));

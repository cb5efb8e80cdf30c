import { gapTexts, notes } from '../gap-text';
import type { KindEvaluator } from './kind';

/** A portfolio setting is filled in (spaces alone do not count). No records are involved. */
export const fieldPresent: KindEvaluator<'field_present'> = ({ field }, ctx) => {
  const value = ctx.portfolio[field];
  const present = typeof value === 'string' && value.trim() !== '';
  return {
    met: present,
    required: 1,
    actual: present ? 1 : 0,
    unit: 'field',
    gapText: present ? '' : gapTexts.field[field],
    notes: [notes.field],
    counted: [],
    excluded: [],
  };
};

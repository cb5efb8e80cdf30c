import { notes } from '../gap-text';
import type { KindEvaluator } from './kind';

/**
 * A requirement the app shows but does not judge: the awarding body publishes no figure, or
 * asks for something only its assessor can check. It never blocks a level (met), counts no
 * record, and its unit tells every page to show it as guidance rather than as met.
 */
export const guidance: KindEvaluator<'guidance'> = ({ figure }) => ({
  met: true,
  required: 0,
  actual: 0,
  unit: 'guidance',
  gapText: '',
  notes: [notes.guidance[figure]],
  counted: [],
  excluded: [],
});

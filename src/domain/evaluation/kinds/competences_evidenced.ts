import type { RecordRef } from '../evaluation';
import type { EvaluationContext, Excluded } from '../context';
import { COMPETENCES, SUPERVISION_COMPETENCES } from '../../vocabulary';
import { gapTexts, notes, reasons } from '../gap-text';
import type { KindEvaluator } from './kind';

interface CompetenceTally {
  counts: Map<string, number>;
  counted: RecordRef[];
  excluded: Excluded[];
}

function tallyCompetences(ctx: EvaluationContext, categories: readonly string[]): CompetenceTally {
  return ctx.memo(`competences|${categories.join(',')}`, () => {
    const counts = new Map(categories.map((id) => [id, 0]));
    const counted: RecordRef[] = [];
    const excluded: Excluded[] = [];
    const { records, refs } = ctx.reflections;
    for (let i = 0; i < records.length; i += 1) {
      const record = records[i]!;
      if (record.date > ctx.asOf) {
        excluded.push({ ref: refs[i]!, reason: reasons.afterAsOf });
        continue;
      }
      let tagged = false;
      const tags = record.competences;
      for (let t = 0; t < tags.length; t += 1) {
        const count = counts.get(tags[t]!);
        // indexOf: a category tagged twice on one record still counts that record once.
        if (count !== undefined && tags.indexOf(tags[t]!) === t) {
          counts.set(tags[t]!, count + 1);
          tagged = true;
        }
      }
      if (tagged) counted.push(refs[i]!);
      else excluded.push({ ref: refs[i]!, reason: reasons.noAskedCompetence });
    }
    return { counts, counted, excluded };
  });
}

/** EMCC competence categories and supervision competences (their ids differ) by label. */
const LABELS: Record<string, string> = { ...COMPETENCES.labels, ...SUPERVISION_COMPETENCES.labels };
const label = (id: string) => LABELS[id] ?? id;

/** Each asked category (default: the 8 of the EMCC Competence Framework) needs one tagged reflection or case study. */
export const competencesEvidenced: KindEvaluator<'competences_evidenced'> = ({ categories = [...COMPETENCES.ids] }, ctx) => {
  const asked = [...new Set(categories)];
  const tally = tallyCompetences(ctx, asked);
  const list = asked.map((id) => ({ id, count: tally.counts.get(id) ?? 0 }));
  const covered = list.filter((c) => c.count > 0).length;
  const met = covered >= asked.length;
  // Missing categories by label, alphabetically: a stable order that reads as a list of names.
  const missing = list
    .filter((c) => c.count === 0)
    .map((c) => label(c.id))
    .sort((a, b) => a.localeCompare(b, 'en'));
  return {
    met,
    required: asked.length,
    actual: covered,
    unit: 'categories',
    gapText: met ? '' : gapTexts.competences(missing),
    notes: [notes.competences(ctx.asOf)],
    counted: tally.counted,
    excluded: tally.excluded,
    categories: list,
  };
};

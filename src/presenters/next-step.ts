import type { Evaluation, LevelResult, RequirementResult } from '../domain/evaluation/evaluation';
import { formatIsoDate, formatIsoMonth } from '../domain/dates';
import { figure } from '../domain/evaluation/gap-text';

/**
 * The dashboard's first sentence: what the applicant can do next, computed from the evaluation
 * alone (no database, no clock), so it says the same thing as the rows below it.
 */
export interface NextStep {
  /** The highest level met: the applicant can apply for it now. */
  apply?: { levelId: string; label: string; href: string };
  /** The level worked towards (the aimed one, else the next one) and what it still needs, in one sentence. */
  towards?: { levelId: string; label: string; sentence: string };
}

/** How many gaps the sentence names before pointing at the list below; more would not be read. */
const GAPS_NAMED = 3;

const plural = (value: number, one: string, many: string) => `${figure(value)} ${figure(value) === '1' ? one : many}`;

/** "A case study" → "a case study"; "EMCC membership" stays as it is. */
const inSentence = (label: string) => (/^[A-Z](?![A-Z])/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label);

/** One gap as the object of "you still need …", with when it closes where the evaluation knows. */
export function gapPhrase(result: RequirementResult): string {
  const date = result.forecast?.date;
  if (result.kind === 'years_of_practice' && date) return `${plural(result.gap, 'more year', 'more years')} of practice (on ${formatIsoDate(date)})`;
  // Gap texts that are instructions or absences ("add your EMCC membership number…", "no
  // individual supervision between…") do not follow "you still need": the requirement's name does.
  const phrase = /^\d/.test(result.gapText) ? result.gapText : inSentence(result.label);
  return date ? `${phrase} (at your pace, about ${formatIsoMonth(date)})` : phrase;
}

/** "a, b and c" */
function listed(parts: string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** "For Practitioner you still need 42.5 more client hours (at your pace, about March 2027), 1 more client and 2 other requirements listed below." */
export function gapSentence(level: LevelResult): string {
  const unmet = level.requirements.filter((requirement) => !requirement.met);
  const named = unmet.slice(0, unmet.length > GAPS_NAMED ? GAPS_NAMED - 1 : GAPS_NAMED).map(gapPhrase);
  const others = unmet.length - named.length;
  const parts = others > 0 ? [...named, `${plural(others, 'other requirement', 'other requirements')} listed below`] : named;
  return `For ${level.label} you still need ${listed(parts)}.`;
}

/**
 * The highest level met is offered to apply for; the level to work towards is the aimed one when
 * it is above that, else the next level up (none when the top level is met).
 */
export function nextStep(evaluation: Evaluation, aimedId: string | null): NextStep {
  const levels = evaluation.levels;
  const highestIndex = levels.findIndex((level) => level.id === evaluation.highestLevelMet);
  const aimedIndex = levels.findIndex((level) => level.id === aimedId);
  const step: NextStep = {};
  if (highestIndex >= 0) {
    const highest = levels[highestIndex]!;
    step.apply = { levelId: highest.id, label: highest.label, href: `/submit?level=${encodeURIComponent(highest.id)}` };
  }
  const towardsIndex = aimedIndex > highestIndex ? aimedIndex : highestIndex + 1;
  const towards = levels[towardsIndex];
  if (towards && !towards.met) step.towards = { levelId: towards.id, label: towards.label, sentence: gapSentence(towards) };
  return step;
}

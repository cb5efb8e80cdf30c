import type { StoredRecord } from '../../../domain/records';
import type { Evidence } from '../../../domain/evaluation/evaluation';
import type { Portfolio } from '../../../domain/portfolio/portfolio-service';
import type { CriteriaSet } from '../../../domain/criteria/criteria-set';
import { COMPETENCES, LEVELS } from '../../../domain/vocabulary';
import { COMPETENCE_GUIDANCE, isEmccLevel } from '../../../domain/competence-guidance';
import { formatIsoDate } from '../../../domain/dates';

/** The 8 categories against the reflections and case studies tagged with them. */
export function competenceMap(reflections: StoredRecord[], evidence: Evidence, portfolio: Portfolio, set: CriteriaSet) {
  const guidanceLevel = isEmccLevel(portfolio.targetLevel) ? portfolio.targetLevel : 'practitioner';
  const categories = COMPETENCES.ids.map((id) => {
    const tagged = reflections.filter((record) => ((record.values.competences as string[]) ?? []).includes(id));
    return {
      id,
      label: COMPETENCES.labels[id],
      guidance: COMPETENCE_GUIDANCE[id][guidanceLevel],
      evidence: tagged.map((record) => ({
        href: `/reflections/${record.id}`,
        title: String(record.values.title),
        kind: record.values.kind === 'case_study' ? 'Case study' : 'Reflection',
        date: formatIsoDate(String(record.values.date)),
      })),
    };
  });
  return {
    categories,
    emptyCount: categories.filter((category) => !category.evidence.length).length,
    guidanceLevelLabel: LEVELS.labels[guidanceLevel],
    guidanceIsAim: isEmccLevel(portfolio.targetLevel),
    setTitle: set.title,
    reflectionCount: evidence.reflections.length,
  };
}

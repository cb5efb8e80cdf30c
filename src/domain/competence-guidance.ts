import type { Competence } from './vocabulary';

type EmccLevel = 'foundation' | 'practitioner' | 'senior_practitioner' | 'master_practitioner';

/**
 * What each competence category looks like at each EIA level: a paraphrase of summaries of the
 * EMCC Competence Framework V2 (medium confidence, not EMCC's wording). Indicators guide; EMCC
 * works on equivalence (../shared/reference/competence-framework.md).
 */
export const COMPETENCE_GUIDANCE: Record<Competence, Record<EmccLevel, string>> = {
  understanding_self: {
    foundation: 'Acts in line with own values and can say what they are; aware of diversity.',
    practitioner: 'Understands self through an established model of behaviour and regular reflection; notices when own reactions interfere.',
    senior_practitioner: 'Draws on several theoretical models and structured outside input; manages own state actively.',
    master_practitioner: 'Integrates theory with personal evidence; fully present moment to moment; questions the paradigms of practice.',
  },
  self_development: {
    foundation: 'Practises and reviews own skills.',
    practitioner: 'Plans own development; takes part in regular supervision and evaluates it.',
    senior_practitioner: 'Runs structured gap analyses of own practice; turns learning into practice; invites peer feedback.',
    master_practitioner: 'Keeps up with and evaluates research; shapes own development strategy.',
  },
  managing_contract: {
    foundation: 'Explains the role and its benefits; agrees confidentiality; closes sessions well.',
    practitioner: 'Works to the EMCC Code of Ethics; clear contracts with all stakeholders; knows own limits and refers on; manages endings.',
    senior_practitioner: 'Contracts ethically in ambiguous or conflicted situations; recognises when a need is therapeutic.',
    master_practitioner: 'Supports self-referral; acts when a need lies beyond safe boundaries.',
  },
  building_relationship: {
    foundation: 'Shows respect; uses at least one way of building rapport; builds trust.',
    practitioner: 'Empathic; works with emotions; keeps the client from becoming dependent.',
    senior_practitioner: 'Works flexibly with emotions, patterns and beliefs; attentive in the moment.',
    master_practitioner: 'Can describe own choices in response to the client’s signals at every moment.',
  },
  enabling_insight: {
    foundation: 'Listens actively; asks open questions; gives feedback.',
    practitioner: 'Works with patterns of thinking; wide range of questions; challenges while keeping rapport.',
    senior_practitioner: 'Uses a range of techniques; reframes; sees the whole person; responds to all the client communicates.',
    master_practitioner: 'Works with complex needs; enables fundamental shifts; adapts in the moment.',
  },
  outcome_action: {
    foundation: 'Helps set goals and explore options; the client chooses; notes actions.',
    practitioner: 'Action planning; works through barriers; secures commitment; reviews progress.',
    senior_practitioner: 'Considers the wider context; varied methods; works with resistance to change.',
    master_practitioner: 'As Senior Practitioner, with a method of one’s own.',
  },
  models_techniques: {
    foundation: 'Bases the approach on a model or framework.',
    practitioner: 'A coherent approach built on established models; several tools.',
    senior_practitioner: 'Integrates models and can justify own approach.',
    master_practitioner: 'A unique approach of one’s own; designs own tools.',
  },
  evaluation: {
    foundation: 'Asks for and accepts feedback.',
    practitioner: 'A formal client feedback process; evaluates outcomes with stakeholders.',
    senior_practitioner: 'Critiques approaches to evaluation.',
    master_practitioner: 'Contributes to knowledge about evaluation.',
  },
};

export const isEmccLevel = (level: string | null): level is EmccLevel => level === 'foundation' || level === 'practitioner' || level === 'senior_practitioner' || level === 'master_practitioner';

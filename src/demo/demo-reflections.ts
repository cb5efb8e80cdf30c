import type { RecordValues } from '../domain/records';
import type { Competence } from '../domain/vocabulary';
import { daysBefore } from './demo-dates';
import { EQA_COURSE_TITLE } from './demo-logs';

/** A record of the demo plan, by type and position, turned into "type:id" once stored. */
export interface DemoLink {
  type: 'practice' | 'supervision' | 'cpd' | 'contribution' | 'feedback';
  index: number;
}

interface ReflectionPlan {
  kind: 'reflection' | 'case_study';
  daysAgo: number;
  title: string;
  text: string;
  competences: Competence[];
  /** Link to the latest supervision of this format on or before the reflection, or to a CPD record by title. */
  supervision?: 'individual' | 'group';
  cpdTitle?: string;
}

const REFLECTIONS: readonly ReflectionPlan[] = [
  {
    kind: 'reflection',
    daysAgo: 655,
    title: 'Noticing my urge to rescue',
    text: 'In two sessions this month I offered solutions before the client had finished thinking. In supervision I traced this to my own discomfort with a client’s distress. I will pause, name what I notice, and ask what the client needs from me before offering anything.',
    competences: ['understanding_self', 'building_relationship'],
    supervision: 'individual',
  },
  {
    kind: 'reflection',
    daysAgo: 596,
    title: 'What the team coaching course changed in my contracting',
    text: 'The course showed me how much I had left implicit with sponsors. I now agree in writing who the client is, what the sponsor will hear, and how we will know the work has helped. I have redrafted my contract template accordingly.',
    competences: ['self_development', 'managing_contract'],
    cpdTitle: EQA_COURSE_TITLE,
  },
  {
    kind: 'reflection',
    daysAgo: 518,
    title: 'Three-way contracting with a sponsor',
    text: 'A sponsor asked for a progress report. Because the contract was clear, I could invite the client to write it with me rather than report on them. The conversation strengthened the client’s ownership of their goals.',
    competences: ['managing_contract', 'evaluation'],
    supervision: 'individual',
  },
  {
    kind: 'case_study',
    daysAgo: 322,
    title: 'Case study: C-005, from firefighting to delegation',
    text: 'Context: a newly appointed ward manager (C-005), sponsored by their employer, overwhelmed by operational demands. Contract: fourteen sessions over eight months, goals agreed three ways, content confidential. Approach: I used a GROW structure early on for focus, then moved to a more open, thinking-environment style once trust was established. Turning point: session six, when the client noticed that taking on every problem kept their team dependent. Outcome: the client delegated two areas of work and reported fewer late evenings; the sponsor saw improved team engagement scores. Learning: I held on to structure longer than the client needed; supervision helped me see this.',
    competences: ['building_relationship', 'enabling_insight', 'outcome_action', 'models_techniques', 'evaluation'],
    supervision: 'individual',
  },
  {
    kind: 'reflection',
    daysAgo: 300,
    title: 'Silence as an intervention',
    text: 'After reading Kline I tried leaving longer silences. Clients often went further on their own than my questions would have taken them. I am learning to tolerate not knowing where a session is going.',
    competences: ['enabling_insight', 'understanding_self'],
    cpdTitle: 'Reading: Nancy Kline, Time to Think',
  },
  {
    kind: 'reflection',
    daysAgo: 258,
    title: 'First team coaching session: holding the whole system',
    text: 'With six people in the room I found myself coaching individuals in turn. In group supervision a peer suggested I work with the patterns between them instead. In the next session I reflected back the team’s way of deciding, which opened a useful conversation.',
    competences: ['models_techniques', 'building_relationship'],
    supervision: 'group',
  },
  {
    kind: 'reflection',
    daysAgo: 190,
    title: 'Pro bono is still a contract',
    text: 'I had been more relaxed about boundaries with pro bono mentees. A missed session without notice made me realise that a clear agreement serves them as much as paying clients. I now use the same contracting conversation for both.',
    competences: ['managing_contract', 'self_development'],
  },
  {
    kind: 'reflection',
    daysAgo: 55,
    title: 'Using a simple outcomes review with clients',
    text: 'Following the webinar on evaluating outcomes, I introduced a short review at the third and final sessions: what has changed, how the client knows, and what to keep doing. Clients found it energising, and it gives me better evidence of impact.',
    competences: ['evaluation', 'outcome_action'],
    cpdTitle: 'Evaluating coaching outcomes',
  },
  {
    kind: 'case_study',
    daysAgo: 36,
    title: 'Case study: C-013, a career transition',
    text: 'Context: a mid-career professional (C-013) considering a move they had postponed for two years. Contract: eight sessions, self-funded, with a review at the midpoint. Approach: values exploration, then small experiments between sessions to test options in real life. I noticed my own enthusiasm for one option and named it, so the client could set it aside. Outcome: the client applied for and accepted a new role. Learning: experiments gave the client evidence where reflection alone had kept them stuck.',
    competences: ['understanding_self', 'enabling_insight', 'outcome_action', 'models_techniques'],
  },
  {
    kind: 'reflection',
    daysAgo: 6,
    title: 'Feedback from supervision on my questioning',
    text: 'My supervisor pointed out that many of my questions carry a hidden suggestion. I listened back to a recorded session (with consent) and counted them. I will practise shorter, cleaner questions and review this again next month.',
    competences: ['understanding_self', 'self_development', 'enabling_insight'],
    supervision: 'individual',
  },
];

/** Index of the latest supervision of a format on or before a date. */
function supervisionBefore(supervision: readonly RecordValues[], date: string, format: 'individual' | 'group'): number {
  let found = -1;
  supervision.forEach((record, index) => {
    if (record.format === format && String(record.date) <= date) found = index;
  });
  if (found < 0) throw new Error(`The demo has no supervision before ${date}.`);
  return found;
}

/** Reflections and case studies, oldest first, with the records each one reflects on. */
export function demoReflections(today: string, supervision: readonly RecordValues[], cpd: readonly RecordValues[]): { values: RecordValues; links: DemoLink[] }[] {
  return REFLECTIONS.map((plan) => {
    const date = daysBefore(today, plan.daysAgo);
    const links: DemoLink[] = [];
    if (plan.supervision) links.push({ type: 'supervision', index: supervisionBefore(supervision, date, plan.supervision) });
    if (plan.cpdTitle) {
      const index = cpd.findIndex((record) => record.title === plan.cpdTitle);
      if (index < 0 || String(cpd[index]!.endDate) > date) throw new Error(`The demo reflection “${plan.title}” must follow its CPD.`);
      links.push({ type: 'cpd', index });
    }
    return { values: { kind: plan.kind, date, title: plan.title, text: plan.text, competences: plan.competences }, links };
  });
}

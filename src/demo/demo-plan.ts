import type { RecordValues } from '../domain/records';
import type { Level } from '../domain/vocabulary';
import { DemoRandom } from './demo-random';
import { daysBefore, yearsBefore } from './demo-dates';
import { demoFeedback, demoPractice } from './demo-practice';
import { DEMO_SUPERVISOR, EQA_COURSE_PROVIDER, EQA_COURSE_TITLE, demoContributions, demoCpd, demoSupervision } from './demo-logs';
import { demoReflections, type DemoLink } from './demo-reflections';
import { certificatePdf, supervisionNotesText, surveyChartPng } from './demo-files';

export type { DemoLink } from './demo-reflections';

/** The logs a reflection or an evidence file may point to, in the order they are stored. */
export const DEMO_LOGS = ['practice', 'supervision', 'cpd', 'contribution', 'feedback'] as const;
export type DemoLog = (typeof DEMO_LOGS)[number];

export interface DemoPlan {
  person: { name: string; emccMembershipNumber: string; practiceRole: 'mentor' | 'coach' | 'both'; targetLevel: Level };
  firstPracticeDate: string;
  logs: Record<DemoLog, RecordValues[]>;
  reflections: { values: RecordValues; links: DemoLink[] }[];
  files: { name: string; bytes: Buffer; link: DemoLink }[];
}

// Any fixed number will do: the same seed gives the same portfolio on every run.
const SEED = 20_240_917;

const PERSON = { name: 'Alex Morgan', emccMembershipNumber: 'DEMO-0001', practiceRole: 'both', targetLevel: 'practitioner' } as const;

/**
 * A plausible two-year portfolio of a coach and mentor at about Practitioner level, every
 * date counted back from `today`: the same `today` always gives the same plan.
 */
export function demoPlan(today: string): DemoPlan {
  const random = new DemoRandom(SEED);
  const practice = demoPractice(today, random);
  const supervision = demoSupervision(today, random);
  const cpd = demoCpd(today);
  const feedback = demoFeedback(practice);
  const logs = { practice, supervision, cpd, contribution: demoContributions(today), feedback };
  for (const record of [...practice, ...supervision, ...feedback]) {
    if (String(record.endDate ?? record.date) >= today) throw new Error(`The demo plan placed a record on ${String(record.date)}, not before ${today}.`);
  }

  const course = cpd.findIndex((record) => record.title === EQA_COURSE_TITLE);
  const survey = feedback.findIndex((record) => record.clientCode === 'C-009');
  const lastSupervision = supervision.map((record) => record.format).lastIndexOf('individual');
  const courseRecord = cpd[course]!;
  const supervisionRecord = supervision[lastSupervision]!;
  return {
    person: PERSON,
    firstPracticeDate: daysBefore(yearsBefore(today, 4), 40),
    logs,
    reflections: demoReflections(today, supervision, cpd),
    files: [
      {
        name: 'certificate-working-with-teams.pdf',
        bytes: certificatePdf({
          holder: PERSON.name,
          course: EQA_COURSE_TITLE,
          provider: EQA_COURSE_PROVIDER,
          hours: Number(courseRecord.hours),
          accreditation: String(courseRecord.accreditation),
          endDate: String(courseRecord.endDate),
        }),
        link: { type: 'cpd', index: course },
      },
      { name: 'sponsor-survey-C-009.png', bytes: surveyChartPng([4.8, 4.4, 4.6, 4.4, 4.8]), link: { type: 'feedback', index: survey } },
      {
        name: `supervision-notes-${String(supervisionRecord.date)}.txt`,
        bytes: supervisionNotesText({ date: String(supervisionRecord.date), supervisor: DEMO_SUPERVISOR.name, themes: String(supervisionRecord.themes) }),
        link: { type: 'supervision', index: lastSupervision },
      },
    ],
  };
}

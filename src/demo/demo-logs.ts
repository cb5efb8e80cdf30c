import type { RecordValues } from '../domain/records';
import type { DemoRandom } from './demo-random';
import { daysAfter, daysBefore, workingDayOnOrBefore } from './demo-dates';

export const DEMO_SUPERVISOR = { name: 'Dr Helen Marsh', email: 'helen.marsh@example.org' } as const;
const GROUP_SUPERVISOR = { name: 'Tomasz Wilk', email: 'tomasz.wilk@example.org' } as const;

const THEMES = [
  'Contracting with a new sponsor; the limits of confidentiality in a three-way relationship.',
  'My pull to give advice to a client whose career resembles my own.',
  'Ending a mentoring relationship well; planning the closing session.',
  'Working with strong emotion in a session, and when to refer on.',
  'Reviewing my caseload and energy; the balance of paid and pro bono work.',
  'Using a values card sort: when a tool helps and when it distracts.',
  'Preparing for a first team coaching session: who is the client?',
  'A sponsor asking what was said in sessions: what I may share, and how to say so.',
  'Noticing a parallel process with a client under pressure.',
  'Setting goals that stay open to what emerges.',
  'What my clients’ feedback says about my style.',
  'Choosing the case studies for my accreditation portfolio.',
];

// The latest session's theme matches the supervision notes kept as an evidence file.
const LATEST_THEME = 'Questioning: noticing when my questions carry my own answer; clients who agree actions and then do not act.';

// Two months without supervision (summer breaks) keep the log realistic.
const SKIPPED_MONTHS = new Set([8, 20]);

/** The supervision log, oldest first: monthly individual supervision and two group sessions. */
export function demoSupervision(today: string, random: DemoRandom): RecordValues[] {
  const records: RecordValues[] = [];
  for (let month = 0; month < 24; month++) {
    const daysAgo = 12 + Math.round(month * 30.44) + random.int(-3, 3);
    if (SKIPPED_MONTHS.has(month)) continue;
    records.push({
      date: workingDayOnOrBefore(daysBefore(today, daysAgo)),
      hours: 1,
      supervisorName: DEMO_SUPERVISOR.name,
      supervisorEmail: DEMO_SUPERVISOR.email,
      format: 'individual',
      themes: month === 0 ? LATEST_THEME : THEMES[month % THEMES.length],
    });
  }
  const group = (daysAgo: number, themes: string) => ({
    date: workingDayOnOrBefore(daysBefore(today, daysAgo)),
    hours: 2,
    supervisorName: GROUP_SUPERVISOR.name,
    supervisorEmail: GROUP_SUPERVISOR.email,
    format: 'group',
    themes,
  });
  records.push(group(262, 'Group supervision, four coaches: I presented a stalled engagement; peers questioned how I had contracted for it.'));
  records.push(group(78, 'Group supervision: ethical dilemmas in internal mentoring schemes; dual relationships.'));
  return records.sort((a, b) => String(a.date).localeCompare(String(b.date)));
}

interface CpdPlan {
  title: string;
  provider?: string;
  startDaysAgo: number;
  /** Days from the first to the last day (0 for a single day). */
  spanDays: number;
  hours: number;
  kind: string;
  accreditation?: string;
}

/** The EMCC EQA course: its certificate is one of the demo's evidence files. */
export const EQA_COURSE_TITLE = 'Advanced Certificate in Coaching Practice: Working with Teams';
export const EQA_COURSE_PROVIDER = 'Ashworth Coaching Academy';

// About 20 hours a year, of several kinds.
const CPD: readonly CpdPlan[] = [
  { title: 'Ethics in practice: applying the Global Code of Ethics', provider: 'EMCC Global', startDaysAgo: 684, spanDays: 0, hours: 1.5, kind: 'webinar' },
  { title: EQA_COURSE_TITLE, provider: EQA_COURSE_PROVIDER, startDaysAgo: 611, spanDays: 1, hours: 12, kind: 'training_course', accreditation: 'EMCC EQA' },
  { title: 'Reading: Nancy Kline, Time to Think', startDaysAgo: 540, spanDays: 60, hours: 4, kind: 'reading' },
  { title: 'Regional coaching and mentoring conference', provider: 'EMCC UK North', startDaysAgo: 446, spanDays: 0, hours: 6, kind: 'conference' },
  { title: 'Contracting in three-way coaching relationships', provider: 'Coaching Supervision Network', startDaysAgo: 334, spanDays: 0, hours: 3.5, kind: 'workshop' },
  { title: 'Trauma-aware coaching: an introduction', provider: 'EMCC Global', startDaysAgo: 268, spanDays: 0, hours: 2, kind: 'webinar' },
  { title: 'Peer learning triad: four meetings on questioning skills', startDaysAgo: 226, spanDays: 98, hours: 6, kind: 'peer_learning' },
  { title: 'Reading: Peter Hawkins, Leadership Team Coaching', startDaysAgo: 200, spanDays: 45, hours: 4, kind: 'reading' },
  { title: 'Evaluating coaching outcomes', provider: 'Association for Coaching', startDaysAgo: 96, spanDays: 0, hours: 1.5, kind: 'webinar' },
  { title: 'Team coaching practice day', provider: EQA_COURSE_PROVIDER, startDaysAgo: 33, spanDays: 0, hours: 3, kind: 'workshop' },
];

/** The CPD log, oldest first. */
export function demoCpd(today: string): RecordValues[] {
  return CPD.map((plan) => {
    const startDate = workingDayOnOrBefore(daysBefore(today, plan.startDaysAgo));
    return {
      title: plan.title,
      ...(plan.provider ? { provider: plan.provider } : {}),
      startDate,
      endDate: daysAfter(startDate, plan.spanDays),
      hours: plan.hours,
      kind: plan.kind,
      ...(plan.accreditation ? { accreditation: plan.accreditation } : {}),
    };
  });
}

/** Community contributions, oldest first. */
export function demoContributions(today: string): RecordValues[] {
  return [
    {
      kind: 'pro_bono_programme',
      title: 'Volunteer mentor and coordinator, Riverside Mentoring Trust',
      date: daysBefore(today, 600),
      hours: 12,
      description: 'Matched volunteer mentors with young managers and ran two briefing evenings for new mentors.',
    },
    {
      kind: 'article',
      title: 'What newly promoted managers ask of a mentor',
      date: daysBefore(today, 497),
      hours: 5,
      description: 'A short article for a practitioner newsletter on the first ninety days of a manager’s role.',
      link: 'https://example.org/articles/new-managers-and-mentors',
    },
    {
      kind: 'talk',
      title: 'Introducing coaching supervision to HR partners',
      date: daysBefore(today, 281),
      hours: 3,
      description: 'A 45-minute talk with questions at a regional HR network meeting.',
    },
    {
      kind: 'committee_role',
      title: 'Events team member, local EMCC chapter',
      date: daysBefore(today, 92),
      hours: 8,
      description: 'Planning the chapter’s quarterly practice evenings.',
    },
  ];
}

import type { RecordValues } from '../domain/records';
import type { DemoRandom } from './demo-random';
import { daysAfter, daysBefore, workingDayOnOrBefore } from './demo-dates';

/** A series of sessions with one client (or one group or team), counted back from today. */
interface Engagement {
  client: string;
  practiceKind: 'coaching' | 'mentoring';
  payment: 'paid' | 'pro_bono';
  sponsor?: string;
  delivery: 'remote' | 'in_person';
  format?: 'group' | 'team';
  groupSize?: number;
  firstDaysAgo: number;
  sessions: number;
  everyDays: number;
  /** Session lengths to choose from. */
  hours: readonly number[];
}

/** Several sessions logged as one record over a date range. */
interface RangeEngagement {
  client: string;
  practiceKind: 'coaching' | 'mentoring';
  payment: 'paid' | 'pro_bono';
  sponsor?: string;
  fromDaysAgo: number;
  toDaysAgo: number;
  hours: number;
  notes: string;
}

const NORTHBRIDGE = 'Northbridge Housing Association';
const CALDER = 'Calder Valley NHS Trust';
const HALDEN = 'Halden Engineering Ltd';
const RIVERSIDE = 'Riverside Mentoring Trust';

// Fourteen clients over two years: mostly one-to-one coaching, some pro bono mentoring through
// a charity, one team, one group, and two engagements logged as date ranges.
const ENGAGEMENTS: readonly Engagement[] = [
  { client: 'C-001', practiceKind: 'coaching', payment: 'paid', sponsor: NORTHBRIDGE, delivery: 'remote', firstDaysAgo: 720, sessions: 12, everyDays: 18, hours: [1.5] },
  { client: 'C-002', practiceKind: 'coaching', payment: 'paid', sponsor: NORTHBRIDGE, delivery: 'remote', firstDaysAgo: 690, sessions: 8, everyDays: 21, hours: [1, 1.5, 1.5] },
  { client: 'C-003', practiceKind: 'mentoring', payment: 'pro_bono', sponsor: RIVERSIDE, delivery: 'in_person', firstDaysAgo: 665, sessions: 11, everyDays: 28, hours: [1] },
  { client: 'C-004', practiceKind: 'coaching', payment: 'paid', delivery: 'remote', firstDaysAgo: 160, sessions: 8, everyDays: 21, hours: [1, 1.5] },
  { client: 'C-005', practiceKind: 'coaching', payment: 'paid', sponsor: CALDER, delivery: 'remote', firstDaysAgo: 610, sessions: 14, everyDays: 18, hours: [1.5] },
  { client: 'C-006', practiceKind: 'mentoring', payment: 'pro_bono', sponsor: RIVERSIDE, delivery: 'in_person', firstDaysAgo: 470, sessions: 8, everyDays: 28, hours: [1] },
  { client: 'C-007', practiceKind: 'coaching', payment: 'paid', delivery: 'remote', firstDaysAgo: 380, sessions: 7, everyDays: 21, hours: [1, 1.5] },
  { client: 'C-009', practiceKind: 'coaching', payment: 'paid', sponsor: CALDER, delivery: 'remote', firstDaysAgo: 340, sessions: 9, everyDays: 18, hours: [1, 1.5] },
  { client: 'C-010', practiceKind: 'coaching', payment: 'paid', sponsor: HALDEN, delivery: 'in_person', format: 'team', groupSize: 6, firstDaysAgo: 300, sessions: 6, everyDays: 48, hours: [2] },
  { client: 'C-011', practiceKind: 'mentoring', payment: 'pro_bono', sponsor: RIVERSIDE, delivery: 'remote', format: 'group', groupSize: 5, firstDaysAgo: 250, sessions: 3, everyDays: 28, hours: [1.5] },
  { client: 'C-013', practiceKind: 'coaching', payment: 'paid', delivery: 'remote', firstDaysAgo: 175, sessions: 8, everyDays: 18, hours: [1.5] },
  { client: 'C-014', practiceKind: 'coaching', payment: 'paid', sponsor: NORTHBRIDGE, delivery: 'remote', firstDaysAgo: 118, sessions: 9, everyDays: 14, hours: [1, 1.5] },
];

const RANGES: readonly RangeEngagement[] = [
  {
    client: 'C-008',
    practiceKind: 'coaching',
    payment: 'paid',
    sponsor: HALDEN,
    fromDaysAgo: 400,
    toDaysAgo: 316,
    hours: 9,
    notes: 'Six fortnightly sessions of 1.5 h in a leadership programme, logged as one engagement.',
  },
  { client: 'C-012', practiceKind: 'mentoring', payment: 'pro_bono', sponsor: RIVERSIDE, fromDaysAgo: 215, toDaysAgo: 152, hours: 6, notes: 'Six monthly mentoring conversations of 1 h, logged as one engagement.' },
];

const FIRST_SESSION_NOTE = 'Chemistry session and contracting: goals, confidentiality, how we review progress.';
const LAST_SESSION_NOTE = 'Closing review: progress against goals, what the client takes forward.';

/** The client practice log, oldest first. */
export function demoPractice(today: string, random: DemoRandom): RecordValues[] {
  const records: RecordValues[] = [];
  for (const engagement of ENGAGEMENTS) {
    for (let session = 0; session < engagement.sessions; session++) {
      const daysAgo = engagement.firstDaysAgo - session * engagement.everyDays + random.int(-2, 2);
      const notes = session === 0 ? FIRST_SESSION_NOTE : session === engagement.sessions - 1 && engagement.sessions > 4 ? LAST_SESSION_NOTE : undefined;
      records.push({
        clientCode: engagement.client,
        date: workingDayOnOrBefore(daysBefore(today, daysAgo)),
        hours: random.pick(engagement.hours),
        format: engagement.format ?? 'one_to_one',
        ...(engagement.groupSize ? { groupSize: engagement.groupSize } : {}),
        practiceKind: engagement.practiceKind,
        payment: engagement.payment,
        ...(engagement.sponsor ? { sponsor: engagement.sponsor } : {}),
        delivery: engagement.delivery,
        ...(notes ? { notes } : {}),
      });
    }
  }
  for (const range of RANGES) {
    records.push({
      clientCode: range.client,
      date: workingDayOnOrBefore(daysBefore(today, range.fromDaysAgo)),
      endDate: workingDayOnOrBefore(daysBefore(today, range.toDaysAgo)),
      hours: range.hours,
      format: 'one_to_one',
      practiceKind: range.practiceKind,
      payment: range.payment,
      ...(range.sponsor ? { sponsor: range.sponsor } : {}),
      delivery: 'remote',
      notes: range.notes,
    });
  }
  return records.sort((a, b) => String(a.date).localeCompare(String(b.date)));
}

const FEEDBACK: readonly { client: string; daysAfterLastSession: number; channel: 'written' | 'survey' | 'recorded_verbal'; summary: string }[] = [
  { client: 'C-003', daysAfterLastSession: 14, channel: 'survey', summary: 'End-of-programme survey: 5 of 5 for feeling listened to, 4 of 5 for progress on goals. Comment: “Practical and kind.”' },
  { client: 'C-005', daysAfterLastSession: 6, channel: 'written', summary: '“The sessions helped me stop firefighting. My team now brings me options, not problems.”' },
  { client: 'C-007', daysAfterLastSession: 12, channel: 'recorded_verbal', summary: 'Closing conversation, noted with consent: the client valued the challenge on their assumptions about promotion.' },
  { client: 'C-009', daysAfterLastSession: 7, channel: 'survey', summary: 'Sponsor survey: average 4.6 of 5 across five questions (chart attached). “Clear contracting, steady pace.”' },
  { client: 'C-011', daysAfterLastSession: 5, channel: 'written', summary: 'Group member: “Hearing how others handle the same worries was as useful as the mentor’s questions.”' },
  { client: 'C-012', daysAfterLastSession: 10, channel: 'written', summary: '“I have a plan for my first year as a manager and the confidence to ask for support.”' },
  { client: 'C-010', daysAfterLastSession: 10, channel: 'written', summary: 'Team lead, after the team’s closing review: “We now disagree in the meeting rather than after it, and decide faster.”' },
  { client: 'C-013', daysAfterLastSession: 8, channel: 'survey', summary: 'Post-engagement survey: 5 of 5 for trust and safety, 5 of 5 for usefulness. “I made the move I had postponed for two years.”' },
];

/** Client feedback, each dated shortly after the client's last session. */
export function demoFeedback(practice: readonly RecordValues[]): RecordValues[] {
  const lastSession = new Map<string, string>();
  for (const record of practice) {
    const last = String(record.endDate ?? record.date);
    const client = String(record.clientCode);
    if (last > (lastSession.get(client) ?? '')) lastSession.set(client, last);
  }
  return FEEDBACK.map((item) => ({
    date: daysAfter(lastSession.get(item.client)!, item.daysAfterLastSession),
    clientCode: item.client,
    channel: item.channel,
    summary: item.summary,
  })).sort((a, b) => a.date.localeCompare(b.date));
}

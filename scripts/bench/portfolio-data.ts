import { CPD_KINDS, COMPETENCES, FEEDBACK_CHANNELS } from '../../src/domain/vocabulary';
import type { RecordValues } from '../../src/domain/records';
import { seededRandom, type Random } from './prng';

/** How many records of each log; practice varies, the other logs are the fixed sizes. */
export interface PortfolioSizes {
  practice: number;
  supervision: number;
  cpd: number;
  feedback: number;
  reflections: number;
}

export const sizesFor = (practice: number): PortfolioSizes => ({ practice, supervision: 500, cpd: 300, feedback: 200, reflections: 300 });

export interface PortfolioData {
  practice: RecordValues[];
  supervision: RecordValues[];
  cpd: RecordValues[];
  feedback: RecordValues[];
  reflections: RecordValues[];
  expected: PracticeFacts;
}

/**
 * What the evaluation must find in the practice log, worked out here from the generated
 * values and not by the app's code: an independent check that it read and counted the data.
 */
export class PracticeFacts {
  /** Per entry: its effective date (end of a range, else the date) and its hours × 100 (exact). */
  private readonly entries: { date: string; hundredths: number; code: string }[] = [];
  /** Per client code, the people it stands for (a group's size, else 1): fixed per code. */
  private readonly members = new Map<string, number>();

  add(date: string, hundredths: number, code: string, members: number): void {
    this.entries.push({ date, hundredths, code });
    this.members.set(code, members);
  }

  /** Entries, hours and clients (groups as their size) with an effective date on or before asOf. */
  upTo(asOf: string): { entries: number; hours: number; clients: number } {
    const included = this.entries.filter((entry) => entry.date <= asOf);
    const codes = new Set(included.map((entry) => entry.code));
    return {
      entries: included.length,
      hours: included.reduce((sum, entry) => sum + entry.hundredths, 0) / 100,
      clients: [...codes].reduce((sum, code) => sum + this.members.get(code)!, 0),
    };
  }
}

const DAY_MS = 86_400_000;
/** The three years up to the bench's "today" (BENCH_NOW, 2026-01-15): nothing is in the future. */
export const FIRST_DAY = '2023-01-16';
export const LAST_DAY = '2026-01-15';
const first = Date.parse(FIRST_DAY) / DAY_MS;
const last = Date.parse(LAST_DAY) / DAY_MS;
const iso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

const SUPERVISORS = [{ name: 'Dr Maria Oyelaran', email: 'maria.oyelaran@example.org' }, { name: 'Jon Backstrom', email: 'jon@supervision.example' }, { name: 'Priya Nair' }];
const CPD_TITLES = ['Advanced coaching supervision', 'Team coaching intensive', 'EMCC annual conference', 'Ethics in mentoring', 'Neuroscience for coaches', 'Reading: Co-Active Coaching'];
const THEMES = ['Boundaries with a sponsor', 'Parallel process in a team engagement', 'Working with a stuck client', ''];

/**
 * A realistic portfolio of the given sizes, the same for a seed on every machine: practice
 * over the last three years, about one client code per 20 sessions (15 % of codes are groups
 * or teams of 3 to 12 people), a few multi-week ranges, paid and pro bono; individual, group
 * and peer supervision; CPD; client feedback; reflections and case studies tagged with
 * competences. Hours are whole quarter hours, so the expected totals are exact.
 */
export function portfolioData(sizes: PortfolioSizes, seed = 7): PortfolioData {
  const random = seededRandom(seed);
  const day = () => random.int(first, last);
  const quarters = (min: number, max: number) => random.int(min, max) / 4;
  const clients = Array.from({ length: Math.max(5, Math.round(sizes.practice / 20)) }, (_, index) => {
    const format = random.chance(0.85) ? 'one_to_one' : random.chance(0.6) ? 'group' : 'team';
    return { code: `C-${String(index + 1).padStart(4, '0')}`, format, groupSize: format === 'one_to_one' ? undefined : random.int(3, 12) };
  });
  const expected = new PracticeFacts();

  const practice = Array.from({ length: sizes.practice }, () => {
    const client = random.pick(clients);
    const start = day();
    const isRange = client.format === 'one_to_one' && random.chance(0.03);
    const end = isRange ? Math.min(start + random.int(7, 90), last) : undefined;
    const hours = isRange ? quarters(24, 80) : client.format === 'one_to_one' ? quarters(2, 12) : quarters(4, 16);
    expected.add(iso(end ?? start), Math.round(hours * 100), client.code, client.groupSize ?? 1);
    return {
      clientCode: client.code,
      date: iso(start),
      ...(end === undefined ? {} : { endDate: iso(end) }),
      hours,
      format: client.format,
      ...(client.groupSize === undefined ? {} : { groupSize: client.groupSize }),
      practiceKind: random.chance(0.7) ? 'coaching' : 'mentoring',
      payment: random.chance(0.8) ? 'paid' : 'pro_bono',
      ...(random.chance(0.4) ? { sponsor: random.pick(['Acme Ltd', 'Northwind Traders', 'City Council']) } : {}),
      ...(random.chance(0.8) ? { delivery: random.pick(['remote', 'in_person']) } : {}),
      ...(random.chance(0.2) ? { notes: 'Follow-up on goals agreed in the previous session.' } : {}),
    };
  });

  const supervision = Array.from({ length: sizes.supervision }, () => {
    const supervisor = random.pick(SUPERVISORS);
    const theme = random.pick(THEMES);
    return {
      date: iso(day()),
      hours: quarters(4, 8),
      supervisorName: supervisor.name,
      ...(supervisor.email ? { supervisorEmail: supervisor.email } : {}),
      format: random.chance(0.65) ? 'individual' : random.chance(0.7) ? 'group' : 'peer',
      ...(theme ? { themes: theme } : {}),
    };
  });

  const cpd = Array.from({ length: sizes.cpd }, () => {
    const start = day();
    return {
      title: random.pick(CPD_TITLES),
      ...(random.chance(0.6) ? { provider: random.pick(['EMCC UK', 'Coaching Academy', 'Henley Business School']) } : {}),
      startDate: iso(start),
      endDate: iso(Math.min(start + random.int(0, 2), last)),
      hours: quarters(4, 28),
      kind: random.pick(CPD_KINDS.ids),
    };
  });

  const feedback = Array.from({ length: sizes.feedback }, () => ({
    date: iso(day()),
    clientCode: random.pick(clients).code,
    channel: random.pick(FEEDBACK_CHANNELS.ids),
    summary: random.pick(['Helped me find my own answer.', 'Clear contracting, safe space.', 'I now delegate far more.']),
  }));

  const reflections = Array.from({ length: sizes.reflections }, (_, index) => ({
    kind: random.chance(0.1) ? 'case_study' : 'reflection',
    date: iso(day()),
    title: `Reflection ${index + 1}`,
    text: 'What happened, what I noticed in myself, and what I will do differently next time.',
    competences: someOf(random, COMPETENCES.ids, random.int(1, 3)),
  }));

  return { practice, supervision, cpd, feedback, reflections, expected };
}

/** `count` different items, in the list's order. */
function someOf<T>(random: Random, items: readonly T[], count: number): T[] {
  const chosen = new Set<T>();
  while (chosen.size < count) chosen.add(random.pick(items));
  return items.filter((item) => chosen.has(item));
}

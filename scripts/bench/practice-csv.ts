import { templateColumns } from '../../src/domain/import/layouts';
import { seededRandom, type Random } from './prng';

/** What a correct import of the file must store, computed while writing it. */
export interface PracticeExpectation {
  rows: number;
  /** Total hours × 100: every generated duration is a whole number of quarter hours, so this is exact. */
  hundredthsOfHours: number;
  /** Sum over rows of (date − 2000-01-01) in days: catches a day and month read the wrong way round. */
  dayNumberSum: number;
  /** Rows with a group size (group and team sessions). */
  grouped: number;
}

export interface PracticeCsv {
  bytes: Buffer;
  expected: PracticeExpectation;
}

const DAY_MS = 86_400_000;
const EPOCH_2000 = Date.UTC(2000, 0, 1) / DAY_MS;
const FIRST_DAY = Date.UTC(2019, 0, 1) / DAY_MS;
const LAST_DAY = Date.UTC(2025, 11, 31) / DAY_MS;

const CLIENTS = Array.from({ length: 180 }, (_, index) => `C-${String(index + 1).padStart(3, '0')}`);
const SPONSORS = ['Acme Ltd', 'Northwind Traders', 'Contoso, Inc.', 'City Council', 'St Mary’s Hospital'];
const NOTES = ['Follow-up on goals', 'Chemistry session', 'Reviewed 360 feedback, agreed next steps', 'Client said "this was the turning point"', 'Three-way meeting with sponsor'];

/**
 * A practice log in the app's template layout, as a spreadsheet program would save it
 * (UTF-8 with BOM, CRLF). It mixes the forms people really type: ISO and day-first dates,
 * hours as 1.5, 1,5, 1:30 and 90 min, choices as ids or labels; mostly one-to-one sessions,
 * some group and team sessions with a group size, a few date ranges.
 */
export function practiceCsv(rows: number, seed: number): PracticeCsv {
  const random = seededRandom(seed);
  const columns = templateColumns('practice');
  const expected: PracticeExpectation = { rows, hundredthsOfHours: 0, dayNumberSum: 0, grouped: 0 };
  const lines = [columns.map(csvCell).join(',')];
  for (let index = 0; index < rows; index++) {
    const row = practiceRow(random, expected);
    lines.push(columns.map((column) => csvCell(row[column] ?? '')).join(','));
  }
  return { bytes: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'), expected };
}

function practiceRow(random: Random, expected: PracticeExpectation): Record<string, string> {
  const format = random.chance(0.85) ? 'one_to_one' : random.chance(0.67) ? 'group' : 'team';
  const day = random.int(FIRST_DAY, LAST_DAY);
  const isRange = format === 'one_to_one' && random.chance(0.03);
  const endDay = isRange ? Math.min(day + random.int(7, 90), LAST_DAY) : undefined;
  // Quarter hours: sessions of 30 min to 3 h, group sessions up to 4 h, ranges 6 to 20 h.
  const quarters = isRange ? random.int(24, 80) : format === 'one_to_one' ? random.int(2, 12) : random.int(4, 16);
  const dayFirst = random.chance(0.35);

  expected.hundredthsOfHours += quarters * 25;
  expected.dayNumberSum += day - EPOCH_2000;
  if (format !== 'one_to_one') expected.grouped += 1;

  return {
    client_code: random.pick(CLIENTS),
    date: dateText(day, dayFirst),
    end_date: endDay === undefined ? '' : dateText(endDay, dayFirst),
    hours: hoursText(random, quarters * 15),
    format: random.chance(0.5) ? format : { one_to_one: 'One-to-one', group: 'Group', team: 'Team' }[format],
    group_size: format === 'one_to_one' ? '' : String(random.int(3, 12)),
    practice_kind: random.chance(0.7) ? random.pick(['coaching', 'Coaching']) : random.pick(['mentoring', 'Mentoring']),
    payment: random.chance(0.75) ? random.pick(['paid', 'Paid']) : random.pick(['pro_bono', 'Pro bono']),
    sponsor: random.chance(0.4) ? random.pick(SPONSORS) : '',
    delivery: random.chance(0.8) ? random.pick(['remote', 'Remote', 'in_person', 'In person']) : '',
    notes: random.chance(0.2) ? random.pick(NOTES) : '',
  };
}

function dateText(epochDay: number, dayFirst: boolean): string {
  const iso = new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
  if (!dayFirst) return iso;
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

function hoursText(random: Random, minutes: number): string {
  const decimal = String(minutes / 60);
  const form = random.next();
  if (form < 0.45) return decimal;
  if (form < 0.6) return decimal.replace('.', ',');
  if (form < 0.8) return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
  return `${minutes} min`;
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

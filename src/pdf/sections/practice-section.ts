import type { PortfolioSnapshot, SnapshotRecord } from '../../domain/snapshot/snapshot';
import { formatIsoDate } from '../../domain/dates';
import type { PdfBlock, PdfSection } from '../document-model';
import type { EvidenceRefs } from '../evidence-refs';
import { totalHours } from '../../domain/evaluation/hours';
import { citation, count, dateRange, field, hours } from '../text';

/**
 * Client hours in the order of EMCC's client log template: totals, the hours by year, one line
 * per client (first and last session, sessions, hours paid and pro bono), then every session.
 */

const where = (records: SnapshotRecord[], key: string, value: string) => records.filter((record) => record[key] === value);
const endOf = (record: SnapshotRecord) => String(record.endDate ?? record.date);

function byYear(practice: SnapshotRecord[]): PdfBlock {
  const years = new Map<string, SnapshotRecord[]>();
  for (const record of practice) {
    const year = endOf(record).slice(0, 4);
    const ofYear = years.get(year);
    if (ofYear) ofYear.push(record);
    else years.set(year, [record]);
  }
  const split = (records: SnapshotRecord[]) => [
    hours(totalHours(where(records, 'format', 'one_to_one'))),
    hours(totalHours(where(records, 'format', 'group'))),
    hours(totalHours(where(records, 'format', 'team'))),
    hours(totalHours(where(records, 'payment', 'paid'))),
    hours(totalHours(where(records, 'payment', 'pro_bono'))),
    hours(totalHours(records)),
  ];
  return {
    kind: 'table',
    caption: 'Client hours by year',
    columns: [{ header: 'Year', width: 0.16 }, ...['One-to-one', 'Group', 'Team', 'Paid', 'Pro bono', 'Total'].map((header) => ({ header, width: 0.14, align: 'right' as const }))],
    rows: [...[...years.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([year, records]) => ({ cells: [year, ...split(records)] })), ...(practice.length ? [{ cells: ['All years', ...split(practice)] }] : [])],
    empty: 'No client practice is recorded.',
  };
}

/** One line per client code (compared ignoring case and surrounding spaces, as the evaluation does), by first session. */
function byClient(practice: SnapshotRecord[]): PdfBlock {
  const clients = new Map<string, { code: string; records: SnapshotRecord[] }>();
  for (const record of practice) {
    const key = String(record.clientCode).trim().toLowerCase();
    const client = clients.get(key) ?? { code: String(record.clientCode).trim(), records: [] };
    client.records.push(record);
    clients.set(key, client);
  }
  const rows = [...clients.values()]
    .map(({ code, records }) => ({
      code,
      first: records.map((record) => String(record.date)).sort()[0]!,
      last: records.map(endOf).sort().pop()!,
      records,
    }))
    .sort((a, b) => a.first.localeCompare(b.first) || a.code.localeCompare(b.code))
    .map(({ code, first, last, records }) => ({
      cells: [
        code,
        formatIsoDate(first),
        formatIsoDate(last),
        String(records.length),
        hours(totalHours(records)),
        hours(totalHours(where(records, 'payment', 'paid'))),
        hours(totalHours(where(records, 'payment', 'pro_bono'))),
      ],
    }));
  return {
    kind: 'table',
    caption: 'Clients',
    columns: [
      { header: 'Client', width: 0.16 },
      { header: 'First session', width: 0.19 },
      { header: 'Last session', width: 0.19 },
      { header: 'Sessions', width: 0.1, align: 'right' },
      { header: 'Hours', width: 0.12, align: 'right' },
      { header: 'Paid', width: 0.12, align: 'right' },
      { header: 'Pro bono', width: 0.12, align: 'right' },
    ],
    rows,
    empty: 'No client practice is recorded.',
  };
}

function sessions(practice: SnapshotRecord[], refs: EvidenceRefs): PdfBlock {
  return {
    kind: 'table',
    caption: 'Client log',
    columns: [
      { header: 'Date', width: 0.17 },
      { header: 'Client', width: 0.1 },
      { header: 'Hours', width: 0.08, align: 'right' },
      { header: 'Format', width: 0.15 },
      { header: 'Practice', width: 0.11 },
      { header: 'Payment', width: 0.1 },
      { header: 'Sponsor', width: 0.18 },
      { header: 'Evidence', width: 0.11 },
    ],
    rows: practice.map((record) => ({
      cells: [
        dateRange(record.date, record.endDate),
        String(record.clientCode),
        field('practice', 'hours', record),
        [record.format === 'one_to_one' ? 'One-to-one' : `${field('practice', 'format', record)} of ${String(record.groupSize ?? '?')}`, field('practice', 'delivery', record).toLowerCase()].filter(Boolean).join(', '),
        field('practice', 'practiceKind', record),
        field('practice', 'payment', record),
        field('practice', 'sponsor', record),
        citation(refs.citedBy(`practice:${record.id}`)),
      ],
    })),
    empty: 'No client practice is recorded.',
  };
}

/** Client hours: totals, by year, by client, then the full client log. */
export function practiceSection(snapshot: PortfolioSnapshot, distinctClients: number | undefined, refs: EvidenceRefs): PdfSection {
  const practice = snapshot.records.practice;
  const facts = [
    { label: 'Client contact hours', value: hours(totalHours(practice)) },
    ...(distinctClients === undefined ? [] : [{ label: 'Distinct clients', value: String(distinctClients) }]),
    { label: 'Paid', value: hours(totalHours(where(practice, 'payment', 'paid'))) },
    { label: 'Pro bono', value: hours(totalHours(where(practice, 'payment', 'pro_bono'))) },
    { label: 'Records', value: String(practice.length) },
  ];
  return {
    id: 'practice',
    title: 'Client hours and client log',
    blocks: [
      {
        kind: 'paragraph',
        text: `Client contact hours on or before ${formatIsoDate(snapshot.asOf)}. A range of sessions counts in the year it ends; a group or team counts as its size of clients. Clients are named by pseudonymous codes only.`,
        tone: 'muted',
      },
      { kind: 'facts', items: facts },
      byYear(practice),
      {
        kind: 'paragraph',
        text: `${count(new Set(practice.map((record) => String(record.clientCode).trim().toLowerCase())).size, 'client code', 'client codes')}, by first session. A range of sessions logged as one record counts as one session here and runs to its end date.`,
        tone: 'muted',
      },
      byClient(practice),
      sessions(practice, refs),
    ],
  };
}

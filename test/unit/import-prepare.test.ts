import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ImportFileError, readTable, type Table } from '../../src/domain/import/read-table';
import { detectLayout, templateColumns, templateCsv, type ImportKind } from '../../src/domain/import/layouts';
import { prepareImport, type PreparedImport } from '../../src/domain/import/prepare-import';
import { definitionOf } from '../../src/domain/records';
import { DEFAULT_PARSE_LIMITS } from '../../src/validation/parse-limits';

const TODAY = '2026-06-30';
const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/import', name));
const options = (kind: ImportKind = 'practice', overrides: Partial<Parameters<typeof prepareImport>[1]> = {}) => ({
  kind,
  clientCodeRule: 'initials' as const,
  salt: 'portfolio-7-salt',
  today: TODAY,
  ...overrides,
});
const prepareFixture = async (name: string, kind: ImportKind = 'practice', overrides = {}) => prepareImport(await readTable(fixture(name), name, DEFAULT_PARSE_LIMITS), options(kind, overrides));
const table = (headers: string[], ...rows: string[][]): Table => ({ headers, rows: rows.map((cells, index) => ({ rowNumber: index + 2, cells })) });
const totalHours = (result: PreparedImport, payment?: string) => result.rows.filter((row) => !payment || row.values.payment === payment).reduce((sum, row) => sum + (row.values.hours as number), 0);

const ICF_HEADERS = ['Client Name', 'Contact Email', 'Individual/Group', 'Number in Group', 'Start Date', 'End Date', 'Paid Hours', 'Pro Bono Hours'];

describe('prepareImport with the app template', () => {
  test('the practice fixture gives 12 records, typed, with how its day-first dates and hours were read', async () => {
    const result = await prepareFixture('practice-template.csv');
    expect(result.layout).toBe('app');
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(12);
    expect(result.rows[0]).toEqual({
      rowNumber: 2,
      values: { clientCode: 'C-001', date: '2025-09-02', hours: 1.5, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid', sponsor: 'Acme Ltd', delivery: 'remote', notes: 'Goals agreed' },
      interpretations: [],
    });
    expect(result.rows[2]).toEqual({
      rowNumber: 4,
      values: { clientCode: 'C-002', date: '2025-10-03', hours: 1.5, format: 'one_to_one', practiceKind: 'mentoring', payment: 'paid', delivery: 'in_person' },
      interpretations: ['Date 03/10/2025 read as 3 October 2025', 'Hours 90 min read as 1.5 h'],
    });
    expect(result.rows[5]!.values).toEqual({
      clientCode: 'C-004',
      date: '2025-11-05',
      endDate: '2025-11-26',
      hours: 4.5,
      format: 'team',
      groupSize: 5,
      practiceKind: 'coaching',
      payment: 'paid',
      sponsor: 'Contoso',
      delivery: 'remote',
      notes: 'Four sessions, one record',
    });
    expect(result.rows[6]).toMatchObject({ rowNumber: 9, values: { date: '2025-11-12', payment: 'pro_bono', format: 'one_to_one' } });
    expect(result.rows.filter((row) => row.values.format !== 'one_to_one').map((row) => row.values.groupSize)).toEqual([6, 6, 5, 12]);
    expect(result.rows.map((row) => row.values.hours)).toEqual([1.5, 1.5, 1.5, 2, 2, 4.5, 1, 0.75, 1.25, 1.5, 2, 1]);
  });

  test('the supervision fixture gives 4 records, the email kept as the supervisor’s', async () => {
    const result = await prepareFixture('supervision-template.csv', 'supervision');
    expect(result.errors).toEqual([]);
    expect(result.rows.map((row) => row.values)).toEqual([
      { date: '2025-10-07', hours: 1, supervisorName: 'Maria Rossi', supervisorEmail: 'maria.rossi@example.org', format: 'individual', themes: 'Contracting with a new sponsor' },
      { date: '2025-11-21', hours: 1.5, supervisorName: 'Maria Rossi', supervisorEmail: 'maria.rossi@example.org', format: 'individual', themes: 'Boundaries, endings' },
      { date: '2025-12-15', hours: 2, supervisorName: 'Jonas Berg', format: 'group', themes: 'Group supervision: ethics' },
      { date: '2026-01-16', hours: 1.5, supervisorName: 'Peer circle', format: 'peer' },
    ]);
  });

  test('the CPD fixture gives 4 records with choice labels read as ids', async () => {
    const result = await prepareFixture('cpd-template.csv', 'cpd');
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(4);
    expect(result.rows[1]!.values).toEqual({
      title: 'Team coaching diploma module 1',
      provider: 'Academy of Executive Coaching',
      startDate: '2025-03-13',
      endDate: '2025-03-15',
      hours: 21,
      kind: 'training_course',
      accreditation: 'EMCC EQA',
    });
    expect(result.rows[2]!.values.title).toBe('Reading: "The Coaching Habit"');
  });

  test('a Windows-1252 file keeps “Société Générale” intact', async () => {
    const result = await prepareFixture('practice-windows-1252.csv');
    expect(result.errors).toEqual([]);
    expect(result.rows.map((row) => row.values.sponsor)).toEqual(['Société Générale', 'Société Générale']);
    expect(result.rows[0]!.values.notes).toBe('Client’s goals: clarté');
  });

  test('a semicolon file with a BOM reads 1,5 as 1.5 and leaves absent optional columns out', async () => {
    const result = await prepareFixture('practice-semicolon-bom.csv');
    expect(result.errors).toEqual([]);
    expect(result.rows.map((row) => row.values)).toEqual([
      { clientCode: 'C-101', date: '2026-01-15', hours: 1.5, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid', sponsor: 'Zürich Versicherung' },
      { clientCode: 'C-102', date: '2026-01-20', hours: 0.75, format: 'group', groupSize: 4, practiceKind: 'mentoring', payment: 'pro_bono' },
      { clientCode: 'C-101', date: '2026-01-22', hours: 2, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid', sponsor: 'Zürich Versicherung' },
    ]);
    expect(result.rows[0]!.interpretations).toEqual(['Date 15/01/2026 read as 15 January 2026', 'Hours 1,5 read as 1.5 h']);
  });

  test('headers match whatever their case and surrounding spaces, and unknown extra columns are listed as ignored', () => {
    const result = prepareImport(table([' Client_Code ', 'DATE', 'Hours', 'Format', 'Practice_Kind', 'PAYMENT', 'Comments'], ['C-1', '2026-01-05', '1', 'one_to_one', 'coaching', 'paid', 'great session']), options());
    expect(result.errors).toEqual([]);
    expect(result.ignoredColumns).toEqual(['Comments']);
    expect(result.rows[0]!.values).toEqual({ clientCode: 'C-1', date: '2026-01-05', hours: 1, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
  });

  test('a row with any error is left out, and each error names the row, the header as written and the fix', () => {
    const result = prepareImport(
      table(
        ['Client_Code', 'Date', 'Hours', 'Format', 'Group_Size', 'Practice_Kind', 'Payment'],
        ['C-1', '2026-01-05', '1', 'one_to_one', '', 'coaching', 'paid'],
        ['C-2', '2026-07-01', '0', 'group', '', 'coaching', 'unpaid'],
        ['', '2026-01-06', '1', 'Skype', '', 'coaching', 'paid'],
      ),
      options(),
    );
    expect(result.rows.map((row) => row.rowNumber)).toEqual([2]);
    expect(result.errors).toEqual([
      { rowNumber: 3, column: 'Date', message: 'Date cannot be after today (30 June 2026): this log records what has happened.' },
      { rowNumber: 3, column: 'Hours', message: 'Enter the client contact hours as a number greater than 0 and at most 1000, with at most two decimals, e.g. 1.5.' },
      { rowNumber: 3, column: 'Group_Size', message: 'Enter how many people took part: group and team sessions count each member as a client.' },
      { rowNumber: 3, column: 'Payment', message: '“unpaid” is not one of the choices: write Paid or Pro bono.' },
      { rowNumber: 4, column: 'Client_Code', message: 'Enter a client code, such as C-017.' },
      { rowNumber: 4, column: 'Format', message: '“Skype” is not one of the choices: write One-to-one, Group or Team.' },
    ]);
  });

  test('an error on a column the file does not have is reported under the template’s column name', () => {
    const result = prepareImport(table(['client_code', 'date', 'hours', 'format', 'practice_kind', 'payment'], ['C-1', '2026-01-05', '1', 'team', 'coaching', 'paid']), options());
    expect(result.errors).toEqual([{ rowNumber: 2, column: 'group_size', message: expect.stringMatching(/how many people took part/) }]);
  });

  test('a swappable date in a column with no day-first evidence is an error; another date column’s evidence settles it', () => {
    const headers = ['title', 'start_date', 'end_date', 'hours', 'kind'];
    const alone = prepareImport(table(headers, ['Webinar', '03/04/2025', '03/04/2025', '1', 'webinar']), options('cpd'));
    expect(alone.errors).toEqual([
      { rowNumber: 2, column: 'start_date', message: '03/04/2025 could be 3 April or 4 March 2025: write it as 2025-04-03 (year-month-day).' },
      { rowNumber: 2, column: 'end_date', message: '03/04/2025 could be 3 April or 4 March 2025: write it as 2025-04-03 (year-month-day).' },
    ]);
    const settled = prepareImport(table(headers, ['Course', '13/03/2025', '03/04/2025', '10', 'training_course']), options('cpd'));
    expect(settled.errors).toEqual([]);
    expect(settled.rows[0]).toMatchObject({ values: { startDate: '2025-03-13', endDate: '2025-04-03' }, interpretations: expect.arrayContaining(['End date 03/04/2025 read as 3 April 2025']) });
  });

  test('a month-first date column is refused row by row, asking for day-first or year-month-day dates', () => {
    const result = prepareImport(
      table(['date', 'hours', 'supervisor_name', 'format'], ['12/25/2025', '1', 'Maria Rossi', 'individual'], ['01/02/2026', '1', 'Maria Rossi', 'individual'], ['2026-02-03', '1', 'Maria Rossi', 'individual']),
      options('supervision'),
    );
    expect(result.rows.map((row) => row.rowNumber)).toEqual([4]);
    expect(result.errors.map((error) => [error.rowNumber, error.column])).toEqual([
      [2, 'date'],
      [3, 'date'],
    ]);
    expect(result.errors[1]!.message).toMatch(/month-first.*if you meant 2 January 2026, write 2026-01-02/);
  });
});

describe('prepareImport with an ICF client log', () => {
  test('the .xlsx fixture gives 24 records from 20 rows: rows with paid and pro bono hours split in two', async () => {
    const result = await prepareFixture('icf-client-log.xlsx');
    expect(result.layout).toBe('icf');
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(24);
    expect(new Set(result.rows.map((row) => row.rowNumber)).size).toBe(20);
    expect(totalHours(result, 'paid')).toBe(109);
    expect(totalHours(result, 'pro_bono')).toBe(20.5);
    expect(result.rows.every((row) => row.values.practiceKind === 'coaching')).toBe(true);

    const split = result.rows.filter((row) => row.rowNumber === 4);
    expect(split.map((row) => row.values)).toEqual([
      { clientCode: expect.stringMatching(/^LC-\d{4}$/), date: '2025-05-06', endDate: '2025-07-29', hours: 12, format: 'group', groupSize: 8, practiceKind: 'coaching', payment: 'paid' },
      { clientCode: split[0]!.values.clientCode, date: '2025-05-06', endDate: '2025-07-29', hours: 3, format: 'group', groupSize: 8, practiceKind: 'coaching', payment: 'pro_bono' },
    ]);
  });

  test('an end date equal to the start is left out, and a time-formatted 1:30 is read as 1.5 hours', async () => {
    const result = await prepareFixture('icf-client-log.xlsx');
    expect(result.rows.find((row) => row.rowNumber === 3)!.values).toEqual({
      clientCode: expect.stringMatching(/^BK-\d{4}$/),
      date: '2025-04-15',
      hours: 1.5,
      format: 'one_to_one',
      practiceKind: 'coaching',
      payment: 'paid',
    });
    expect(result.rows.find((row) => row.rowNumber === 9)).toMatchObject({ values: { hours: 1.5 }, interpretations: ['Paid Hours 1:30 read as 1.5 h'] });
  });

  test('Individual, Group and Team become one_to_one, group and team; a 1 in Number in Group for an individual is ignored', async () => {
    const result = await prepareFixture('icf-client-log.xlsx');
    const formatOf = (rowNumber: number) => result.rows.find((row) => row.rowNumber === rowNumber)!.values;
    expect(formatOf(2)).toMatchObject({ format: 'one_to_one' });
    expect(formatOf(5)).toEqual(expect.not.objectContaining({ groupSize: expect.anything() }));
    expect(formatOf(8)).toMatchObject({ format: 'team', groupSize: 6 });
    expect(formatOf(11)).toMatchObject({ format: 'group', groupSize: 5, payment: 'pro_bono' });
  });

  test('client codes are stable: the same name in several rows, cases and spacings gives one code, and a re-import gives the same', async () => {
    const first = await prepareFixture('icf-client-log.xlsx');
    const again = await prepareFixture('icf-client-log.xlsx');
    const codeAt = (result: PreparedImport, rowNumber: number) => result.rows.find((row) => row.rowNumber === rowNumber)!.values.clientCode;
    expect(new Set([2, 7, 18].map((rowNumber) => codeAt(first, rowNumber))).size).toBe(1); // Ana Novak
    expect(codeAt(first, 9)).toBe(codeAt(first, 21)); // "Élodie Martin" (rich text) and "élodie  martin"
    expect(codeAt(first, 9)).toMatch(/^ÉM-\d{4}$/);
    expect(again.rows.map((row) => row.values.clientCode)).toEqual(first.rows.map((row) => row.values.clientCode));
    expect(new Set(first.rows.map((row) => row.values.clientCode)).size).toBe(12);
  });

  test('the hash rule gives C- codes, the same on re-import and different with another portfolio’s salt', async () => {
    const hashed = await prepareFixture('icf-client-log.xlsx', 'practice', { clientCodeRule: 'hash' });
    const again = await prepareFixture('icf-client-log.xlsx', 'practice', { clientCodeRule: 'hash' });
    const otherSalt = await prepareFixture('icf-client-log.xlsx', 'practice', { clientCodeRule: 'hash', salt: 'portfolio-8-salt' });
    expect(hashed.rows.every((row) => /^C-[0-9A-F]{8}$/.test(String(row.values.clientCode)))).toBe(true);
    expect(again.rows.map((row) => row.values.clientCode)).toEqual(hashed.rows.map((row) => row.values.clientCode));
    expect(otherSalt.rows[0]!.values.clientCode).not.toBe(hashed.rows[0]!.values.clientCode);
  });

  test('no email address or client name appears anywhere in the result', async () => {
    for (const rule of ['initials', 'hash'] as const) {
      const text = JSON.stringify(await prepareFixture('icf-client-log.xlsx', 'practice', { clientCodeRule: rule }));
      expect(text).not.toMatch(/@|example\.org|mailto/);
      expect(text).not.toMatch(/Novak|Keller|Leadership|Okafor|Martin|王小明/);
    }
  });

  test('the two bad rows are reported with row number, column and reason, and the four good rows give six records', async () => {
    const result = await prepareFixture('icf-client-log-two-bad-rows.csv');
    expect(result.layout).toBe('icf');
    expect(result.errors).toEqual([
      { rowNumber: 3, column: 'Start Date', message: '31/02/2026 is not a date: February 2026 has 28 days. Check the day and the month.' },
      { rowNumber: 5, column: 'Paid Hours', message: '“abc” is not a number of hours: write it as 1.5 (or 1,5), 1:30, 90 min or 2 h.' },
    ]);
    expect(result.rows.map((row) => [row.rowNumber, row.values.payment, row.values.hours])).toEqual([
      [2, 'paid', 6],
      [4, 'paid', 10],
      [4, 'pro_bono', 2],
      [6, 'pro_bono', 3],
      [7, 'paid', 1.5],
      [7, 'pro_bono', 1],
    ]);
    expect(result.rows[0]).toEqual({
      rowNumber: 2,
      values: { clientCode: expect.stringMatching(/^AN-\d{4}$/), date: '2026-01-15', endDate: '2026-03-15', hours: 6, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' },
      interpretations: ['Start Date 15/01/2026 read as 15 January 2026', 'End Date 15/03/2026 read as 15 March 2026'],
    });
    expect(JSON.stringify(result)).not.toMatch(/@/);
  });

  test('a row with neither paid nor pro bono hours is an error on the hours', () => {
    const result = prepareImport(table(ICF_HEADERS, ['Ana Novak', '', 'Individual', '', '2026-01-05', '', '0', '']), options());
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([{ rowNumber: 2, column: 'Paid Hours', message: 'Enter the paid or the pro bono hours (or both): this row has neither.' }]);
  });

  test('a group without its number, a missing name and an unknown type are each reported under the ICF header', () => {
    const result = prepareImport(table(ICF_HEADERS, ['Peer group', '', 'Group', '', '2026-01-05', '', '2', ''], ['', 'x@example.org', 'Workshop', '', '2026-01-06', '', '1', '']), options());
    expect(result.errors).toEqual([
      { rowNumber: 2, column: 'Number in Group', message: 'Enter how many people took part: group and team sessions count each member as a client.' },
      { rowNumber: 3, column: 'Client Name', message: expect.stringMatching(/^Enter the client’s name: it becomes a client code/) },
      { rowNumber: 3, column: 'Individual/Group', message: '“Workshop” is not one of the choices: write Individual, Group or Team.' },
    ]);
    expect(JSON.stringify(result)).not.toMatch(/@/);
  });

  test('header spellings vary: lower case, Email, Pro-Bono Hours and Probono hours are recognised', () => {
    for (const proBono of ['Pro-Bono Hours', 'Probono hours', 'pro bono hours']) {
      const headers = ['client name', 'Email', 'Individual / Group', 'No. in group', 'start date', 'END DATE', 'Paid hours', proBono];
      expect(detectLayout(headers, 'practice')).toBe('icf');
      const result = prepareImport(table(headers, ['Ana Novak', 'ana@example.org', 'individual', '', '15/01/2026', '', '', '1:30']), options());
      expect(result.rows.map((row) => row.values)).toEqual([{ clientCode: expect.stringMatching(/^AN-/), date: '2026-01-15', hours: 1.5, format: 'one_to_one', practiceKind: 'coaching', payment: 'pro_bono' }]);
      expect(result.ignoredColumns).toEqual([]);
    }
  });

  test('a log with only a paid hours column and no email column is still an ICF log', () => {
    expect(detectLayout(['Client Name', 'Individual/Group', 'Start Date', 'Paid Hours'], 'practice')).toBe('icf');
  });
});

describe('detectLayout', () => {
  const layoutError = (headers: string[], kind: ImportKind = 'practice') => {
    try {
      detectLayout(headers, kind);
    } catch (error) {
      expect(error).toBeInstanceOf(ImportFileError);
      return (error as Error).message;
    }
    throw new Error('expected an ImportFileError');
  };

  test('the wrong-headers fixture is refused, naming the missing and the unrecognised columns', async () => {
    const { headers } = await readTable(fixture('wrong-headers.csv'), 'wrong-headers.csv', DEFAULT_PARSE_LIMITS);
    expect(layoutError(headers)).toBe(
      'The column names in row 1 do not match the template. Missing columns: hours, format. Not recognised: Duration, Typ. Download the template from this page, or use the ICF client log layout.',
    );
    expect(() => prepareImport(table(headers, ['C-1']), options())).toThrow(ImportFileError);
  });

  test('headers closer to the ICF log are reported against the ICF log', () => {
    expect(layoutError(['Client Name', 'Email', 'Start Date', 'Hours'])).toBe(
      'The column names in row 1 do not match the template. Missing columns: Individual/Group, Paid Hours or Pro Bono Hours. Not recognised: Hours. Download the template from this page, or use the ICF client log layout.',
    );
  });

  test('for supervision and CPD only the template is offered', () => {
    expect(layoutError(['date', 'duration', 'supervisor'], 'supervision')).toBe(
      'The column names in row 1 do not match the template. Missing columns: hours, supervisor_name, format. Not recognised: duration, supervisor. Download the template from this page.',
    );
  });

  test('a column given twice is refused, naming it', () => {
    expect(layoutError(['client_code', 'date', 'hours', 'format', 'practice_kind', 'payment', 'Date'])).toBe('The column “Date” appears twice in row 1: keep one of each, then upload the file again.');
  });
});

describe('the downloadable template', () => {
  test.each(['practice', 'supervision', 'cpd'] as const)('the %s columns are the CSV columns of its record definition, in order', (kind) => {
    const expected = definitionOf(kind)
      .fields.filter((field) => !field.notInCsv)
      .map((field) => field.column);
    expect(templateColumns(kind)).toEqual(expected);
    expect(templateCsv(kind).split('\r\n')[0]).toBe(expected.join(','));
  });

  test.each(['practice', 'supervision', 'cpd'] as const)('the %s template’s example row imports without errors', async (kind) => {
    const result = prepareImport(await readTable(Buffer.from(templateCsv(kind)), `${kind}.csv`, DEFAULT_PARSE_LIMITS), options(kind));
    expect(result.layout).toBe('app');
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(1);
  });
});

describe('a 10,000-row file', () => {
  test('an app-layout file generated with mixed forms parses and prepares every row correctly', async () => {
    const lines = ['client_code,date,hours,format,group_size,practice_kind,payment'];
    for (let n = 0; n < 10_000; n++) {
      const day = (n % 28) + 1;
      const date = n % 2 ? `${day}/03/2025` : `2025-03-${String(day).padStart(2, '0')}`;
      const hours = ['1.5', '1:30', '90 min', '"1,5"'][n % 4];
      const group = n % 5 === 0 ? 'group,4' : 'one_to_one,';
      lines.push(`C-${n},${date},${hours},${group},coaching,${n % 3 ? 'paid' : 'pro_bono'}`);
    }
    const result = prepareImport(await readTable(Buffer.from(lines.join('\n')), 'big.csv', DEFAULT_PARSE_LIMITS), options());
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(10_000);
    expect(totalHours(result)).toBe(15_000);
    expect(result.rows[9_999]).toMatchObject({ rowNumber: 10_001, values: { clientCode: 'C-9999', date: '2025-03-04', hours: 1.5, format: 'one_to_one', payment: 'pro_bono' } });
    expect(result.rows[5]!.values).toMatchObject({ date: '2025-03-06', format: 'group', groupSize: 4, payment: 'paid' });
  });

  test('an ICF file of 10,000 rows with 500 clients (hash rule) gives one code per client and splits every paid-and-pro-bono row', async () => {
    const lines = [ICF_HEADERS.join(',')];
    for (let n = 0; n < 10_000; n++) {
      lines.push(`Client ${n % 500} Person,c${n % 500}@example.org,Individual,,${(n % 28) + 1}/02/2026,,1,${n % 2 ? '0.5' : ''}`);
    }
    const result = prepareImport(await readTable(Buffer.from(lines.join('\n')), 'icf.csv', DEFAULT_PARSE_LIMITS), options('practice', { clientCodeRule: 'hash' }));
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(15_000);
    expect(new Set(result.rows.map((row) => row.values.clientCode)).size).toBe(500);
    expect(totalHours(result, 'pro_bono')).toBe(2_500);
    expect(JSON.stringify(result.rows.slice(0, 50))).not.toMatch(/@/);
  });
});

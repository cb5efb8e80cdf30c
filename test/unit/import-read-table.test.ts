import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { ImportFileError, readTable } from '../../src/domain/import/read-table';
import { DEFAULT_PARSE_LIMITS } from '../../src/validation/parse-limits';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/import', name));
const csv = (text: string) => Buffer.from(text, 'utf8');

async function fileError(promise: Promise<unknown>): Promise<ImportFileError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImportFileError);
  return error as ImportFileError;
}

describe('readTable with CSV', () => {
  test('a comma file gives its headers and rows, numbered as in the spreadsheet, skipping blank rows', async () => {
    const table = await readTable(fixture('practice-template.csv'), 'practice-template.csv', DEFAULT_PARSE_LIMITS);
    expect(table.headers).toEqual(['client_code', 'date', 'end_date', 'hours', 'format', 'group_size', 'practice_kind', 'payment', 'sponsor', 'delivery', 'notes']);
    expect(table.rows).toHaveLength(12);
    expect(table.rows.map((row) => row.rowNumber)).toEqual([2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14]);
    expect(table.rows[5]!.cells).toEqual(['C-004', '2025-11-05', '2025-11-26', '4,5', 'team', '5', 'coaching', 'paid', 'Contoso', 'remote', 'Four sessions, one record']);
  });

  test('a UTF-8 file with a BOM and semicolons loses the BOM and splits on semicolons', async () => {
    const table = await readTable(fixture('practice-semicolon-bom.csv'), 'log.csv', DEFAULT_PARSE_LIMITS);
    expect(table.headers[0]).toBe('client_code');
    expect(table.rows[0]!.cells).toEqual(['C-101', '15/01/2026', '1,5', 'one_to_one', '', 'coaching', 'paid', 'Zürich Versicherung']);
  });

  test('a Windows-1252 file is decoded with its accents, curly apostrophe and en dash', async () => {
    const table = await readTable(fixture('practice-windows-1252.csv'), 'log.csv', DEFAULT_PARSE_LIMITS);
    expect(table.rows[0]!.cells[6]).toBe('Société Générale');
    expect(table.rows[0]!.cells[7]).toBe('Client’s goals: clarté');
    expect(table.rows[1]!.cells[7]).toBe('Suivi – deuxième séance');
  });

  test('a tab-separated file splits on tabs', async () => {
    const table = await readTable(csv('title\tkind\nA, B and C\twebinar\n'), 'cpd.tsv', DEFAULT_PARSE_LIMITS);
    expect(table).toEqual({ headers: ['title', 'kind'], rows: [{ rowNumber: 2, cells: ['A, B and C', 'webinar'] }] });
  });

  test('a line break inside quotes stays in its cell, and the next row keeps its spreadsheet number', async () => {
    const table = await readTable(csv('a,b\n"two\nlines",1\nx,2\n'), 'x.csv', DEFAULT_PARSE_LIMITS);
    expect(table.rows).toEqual([
      { rowNumber: 2, cells: ['two\nlines', '1'] },
      { rowNumber: 3, cells: ['x', '2'] },
    ]);
  });

  test('a short row is kept as it is, for the row checks to report', async () => {
    const table = await readTable(csv('a,b,c\n1\n'), 'x.csv', DEFAULT_PARSE_LIMITS);
    expect(table.rows).toEqual([{ rowNumber: 2, cells: ['1'] }]);
  });

  test('an empty file is refused, saying there are no rows below the header', async () => {
    const error = await fileError(readTable(fixture('empty.csv'), 'empty.csv', DEFAULT_PARSE_LIMITS));
    expect(error.message).toMatch(/^The file has no rows below the header/);
  });

  test('a header with only blank rows below is refused the same way', async () => {
    const error = await fileError(readTable(csv('client_code,date\n,\n\n'), 'x.csv', DEFAULT_PARSE_LIMITS));
    expect(error.message).toMatch(/^The file has no rows below the header/);
  });

  test('an unclosed quotation mark is refused, naming the line', async () => {
    const error = await fileError(readTable(csv('a,b\n1,2\n"3,4\n'), 'x.csv', DEFAULT_PARSE_LIMITS));
    expect(error.message).toMatch(/^Line \d+ of the file could not be read: a quotation mark \(\"\) there is not closed/);
  });

  test('more than 10,000 rows is refused, asking to split the file', async () => {
    const error = await fileError(readTable(csv('a\n' + '1\n'.repeat(10_001)), 'x.csv', DEFAULT_PARSE_LIMITS));
    expect(error.message).toBe('The file has more than 10,000 rows: we import at most 10,000 rows per file. Split it into several files and import them one after another.');
  });

  test('exactly 10,000 rows is accepted', async () => {
    const table = await readTable(csv('a\n' + '1\n'.repeat(10_000)), 'x.csv', DEFAULT_PARSE_LIMITS);
    expect(table.rows).toHaveLength(10_000);
    expect(table.rows.at(-1)!.rowNumber).toBe(10_001);
  });
});

describe('readTable with Excel files', () => {
  test('an .xlsx file gives dates as ISO days, numbers, formula results, rich text and hyperlink text', async () => {
    const table = await readTable(fixture('icf-client-log.xlsx'), 'icf-client-log.xlsx', DEFAULT_PARSE_LIMITS);
    expect(table.headers).toEqual(['Client Name', 'Contact Email', 'Individual/Group', 'Number in Group', 'Start Date', 'End Date', 'Paid Hours', 'Pro Bono Hours']);
    expect(table.rows).toHaveLength(20);
    expect(table.rows[0]).toEqual({ rowNumber: 2, cells: ['Ana Novak', 'ana.novak@example.org', 'Individual', '', '2025-04-08', '2025-06-24', '8', ''] });
    expect(table.rows[3]!.cells.slice(4)).toEqual(['15/07/2025', '', '0', '4']);
    expect(table.rows[7]!.cells[0]).toBe('Élodie Martin');
    expect(table.rows[7]!.cells[6]).toBe('1:30');
    expect(table.rows[8]!.cells[6]).toBe('6');
  });

  test('an .xlsx file is recognised by its content whatever its name', async () => {
    const table = await readTable(fixture('icf-client-log.xlsx'), 'upload', DEFAULT_PARSE_LIMITS);
    expect(table.rows).toHaveLength(20);
  });

  test('random bytes named .xlsx are refused as not a valid Excel file', async () => {
    const error = await fileError(readTable(fixture('not-really.xlsx'), 'not-really.xlsx', DEFAULT_PARSE_LIMITS));
    expect(error.message).toMatch(/^This does not look like a valid Excel \(\.xlsx\) file.*save it again as \.xlsx or CSV/);
  });

  test('a legacy .xls file is refused, asking to save it as .xlsx or CSV', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    for (const [bytes, name] of [
      [ole, 'log.xls'],
      [ole, 'log.bin'],
      [csv('a,b\n1,2\n'), 'LOG.XLS'],
    ] as const) {
      const error = await fileError(readTable(bytes, name, DEFAULT_PARSE_LIMITS));
      expect(error.message).toMatch(/old Excel \(\.xls\) file.*save it as \.xlsx or CSV/);
    }
  });

  test('a workbook whose first sheet has only a header is refused for having no rows', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Log').addRow(['Client Name', 'Start Date']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const error = await fileError(readTable(bytes, 'log.xlsx', DEFAULT_PARSE_LIMITS));
    expect(error.message).toMatch(/^The file has no rows below the header/);
  });
});

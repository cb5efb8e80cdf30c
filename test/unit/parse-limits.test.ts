import { deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { readTable, ImportFileError } from '../../src/domain/import';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from '../../src/validation/parse-limits';
import { imageTooLarge, pdfTooLarge } from '../../src/pdf/appendix-limits';
import { xlsxBomb } from '../support/zip-bomb';

const limits = (overrides: Partial<ParseLimits> = {}): ParseLimits => ({ ...DEFAULT_PARSE_LIMITS, ...overrides });
const csv = (text: string) => Buffer.from(text, 'utf8');

async function fileError(promise: Promise<unknown>): Promise<ImportFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImportFileError) return error;
    throw error;
  }
  throw new Error('expected an ImportFileError');
}

async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet('Log'));
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('CSV within limits', () => {
  test('a column beyond the limit is refused, naming the first column too many', async () => {
    const error = await fileError(readTable(csv(`${Array.from({ length: 11 }, (_, i) => `h${i}`).join(',')}\n1\n`), 'log.csv', limits({ columns: 10 })));
    expect(error.message).toBe('The sheet has a cell in column K, beyond the 10 columns we read. Delete the columns that are not part of the log, then upload the file again.');
  });

  test('a cell longer than the limit is refused, naming its column and line', async () => {
    const error = await fileError(readTable(csv(`code,notes\nC-1,${'x'.repeat(101)}\n`), 'log.csv', limits({ cellChars: 100 })));
    expect(error.message).toBe('Column B on line 2 holds more than 100 characters, more than any field of a log takes. Shorten it, then upload the file again.');
  });

  test('the rows are counted as they are read: past the limit the file is refused', async () => {
    const error = await fileError(readTable(csv(`code\n${'C-1\n'.repeat(6)}`), 'log.csv', limits({ rows: 5 })));
    expect(error.message).toMatch(/^The file has more than 5 rows: we import at most 5 rows per file/);
    expect((await readTable(csv(`code\n${'C-1\n'.repeat(5)}\n\n\n`), 'log.csv', limits({ rows: 5 }))).rows).toHaveLength(5);
  });

  test('UTF-16 files with their byte order mark (Excel’s “Unicode text”) are read, tabs and accents included', async () => {
    const text = 'Client code\tNotes\nC-1\tSéance à Łódź\n';
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const big = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    for (const bytes of [little, big]) {
      const table = await readTable(bytes, 'log.txt', DEFAULT_PARSE_LIMITS);
      expect(table.headers).toEqual(['Client code', 'Notes']);
      expect(table.rows[0]!.cells).toEqual(['C-1', 'Séance à Łódź']);
    }
  });

  test('a file with NUL characters (UTF-16 without its mark, a binary file) is refused with what to do', async () => {
    const error = await fileError(readTable(Buffer.from('Client code,Hours\nC-1,1\n', 'utf16le'), 'log.csv', DEFAULT_PARSE_LIMITS));
    expect(error.message).toMatch(/^The file holds NUL characters.*Save it from your spreadsheet program as “CSV UTF-8”/);
  });
});

describe('Excel within limits, read as a stream', () => {
  test('rows, columns and a cell’s length are each refused past their limit, the cell named', async () => {
    const rows = await workbook((sheet) => {
      sheet.addRow(['Client code', 'Hours']);
      for (let i = 0; i < 6; i += 1) sheet.addRow([`C-${i}`, 1]);
    });
    expect((await fileError(readTable(rows, 'log.xlsx', limits({ rows: 5 })))).message).toMatch(/^The file has more than 5 rows/);
    expect((await readTable(rows, 'log.xlsx', limits({ rows: 6 }))).rows).toHaveLength(6);

    const wide = await workbook((sheet) => {
      sheet.addRow(['Client code']);
      sheet.getCell('L2').value = 'far out';
    });
    expect((await fileError(readTable(wide, 'log.xlsx', limits({ columns: 11 })))).message).toMatch(/^The sheet has a cell in column L, beyond the 11 columns we read/);

    const long = await workbook((sheet) => {
      sheet.addRow(['Client code', 'Notes']);
      sheet.addRow(['C-1', 'y'.repeat(150)]);
    });
    expect((await fileError(readTable(long, 'log.xlsx', limits({ cellChars: 100 })))).message).toBe('Cell B2 holds more than 100 characters, more than any field of a log takes. Shorten it, then upload the file again.');
  });

  test('a sheet that declares more than the budget is refused before a byte of it is inflated', async () => {
    const started = Date.now();
    const bomb = xlsxBomb({ unpacksTo: 2e9 });
    expect(bomb.length).toBeLessThan(8 * 1024 * 1024);
    const error = await fileError(readTable(bomb, 'log.xlsx', DEFAULT_PARSE_LIMITS));
    expect(error.message).toMatch(/^The spreadsheet unpacks to more than 50 MB, more than any log needs \(the limit is set by IMPORT_MAX_UNPACKED_MB\)/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('a 2 GB sheet that says it is 8 MB stops at the first limit reached while streaming, with little memory', async () => {
    const bomb = xlsxBomb({ unpacksTo: 2e9, declares: 8 * 1024 * 1024 });
    const before = process.memoryUsage().rss;
    // The row limit comes first: 10,000 rows are about 1 MB of XML.
    expect((await fileError(readTable(bomb, 'log.xlsx', DEFAULT_PARSE_LIMITS))).message).toMatch(/^The file has more than 10,000 rows/);
    // Without a row limit in reach, the part stops at the size it declared (within the budget): a damaged file.
    expect((await fileError(readTable(bomb, 'log.xlsx', limits({ rows: 1_000_000 })))).message).toMatch(/^This does not look like a valid Excel/);
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });
});

describe('evidence files within limits', () => {
  const pdfWithStream = (inflated: Buffer) => {
    const data = deflateSync(inflated);
    return Buffer.concat([Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`), data, Buffer.from('\nendstream\nendobj\n%%EOF\n')]);
  };

  test('a PDF whose streams inflate beyond the limit is refused with the reason; one within is not', async () => {
    expect(await pdfTooLarge(pdfWithStream(Buffer.alloc(3 * 1024 * 1024)), { pdfInflatedBytes: 2 * 1024 * 1024, imagePixels: 1e6 })).toBe(
      'it unpacks to more than 2 MB (the limit is set by EVIDENCE_MAX_UNPACKED_MB); save it again from the program that made it, or print it to a new PDF',
    );
    expect(await pdfTooLarge(pdfWithStream(Buffer.alloc(1024 * 1024)), { pdfInflatedBytes: 2 * 1024 * 1024, imagePixels: 1e6 })).toBeUndefined();
  });

  test('a PNG wider and taller than the pixel limit is refused from its header alone', () => {
    const header = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
    header.writeUInt32BE(40_000, 16);
    header.writeUInt32BE(30_000, 20);
    expect(imageTooLarge(header, { pdfInflatedBytes: 1, imagePixels: 50_000_000 })).toBe('the image is 40,000 × 30,000 pixels, too large to place in the PDF; save a smaller copy');
    header.writeUInt32BE(4_000, 16);
    header.writeUInt32BE(3_000, 20);
    expect(imageTooLarge(header, { pdfInflatedBytes: 1, imagePixels: 50_000_000 })).toBeUndefined();
  });
});

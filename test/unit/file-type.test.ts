import JSZip from 'jszip';
import { parse as parseContentDisposition } from 'content-disposition';
import { ALLOWED_TYPES_DESCRIPTION, contentDisposition, detectFileType, sanitiseFileName } from '../../src/domain/evidence/file-type';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

// A complete 1×1 PNG and a tiny JPEG start; the detector reads only the signature but real files are the honest input.
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const JPEG_START = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
const PDF_MINIMAL = bytes('%PDF-1.4\n%', [0xe2, 0xe3, 0xcf, 0xd3], '\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n', 'trailer << /Root 1 0 R >>\n%%EOF\n');
const ELF_HEADER = bytes([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00], new Array(56).fill(0));

async function zip(entries: Record<string, string>, options: { streamFiles?: boolean; store?: boolean } = {}): Promise<Buffer> {
  const archive = new JSZip();
  for (const [name, content] of Object.entries(entries)) archive.file(name, content);
  return archive.generateAsync({
    type: 'nodebuffer',
    compression: options.store ? 'STORE' : 'DEFLATE',
    streamFiles: options.streamFiles ?? false,
  });
}

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const docxEntries = {
  '[Content_Types].xml': CONTENT_TYPES,
  '_rels/.rels': '<Relationships/>',
  'word/document.xml': '<w:document><w:body><w:p><w:r><w:t>Certificate</w:t></w:r></w:p></w:body></w:document>',
};

/** Offset of the central directory, read from the end-of-central-directory record. */
const centralDirectoryOffset = (archive: Buffer) => archive.readUInt32LE(archive.lastIndexOf(bytes([0x50, 0x4b, 0x05, 0x06])) + 16);

describe('detectFileType', () => {
  test('exports the allowed types for messages', () => {
    expect(ALLOWED_TYPES_DESCRIPTION).toBe('PDF, PNG, JPEG, Word (DOCX) or plain text');
  });

  test('a PDF header at the start is a PDF', () => {
    expect(detectFileType(PDF_MINIMAL)).toEqual({ mediaType: 'application/pdf', extension: 'pdf', label: expect.any(String) });
  });

  test('a PDF after up to 1024 bytes of binary junk is a PDF, after 1025 bytes it is refused', () => {
    const junk = (length: number) => Buffer.alloc(length, 0x00);
    expect(detectFileType(Buffer.concat([junk(1024), PDF_MINIMAL]))?.extension).toBe('pdf');
    expect(detectFileType(Buffer.concat([junk(1025), PDF_MINIMAL]))).toBeUndefined();
  });

  test('an ELF executable renamed .pdf is refused, even with a PDF header inside its first KiB', () => {
    expect(detectFileType(ELF_HEADER)).toBeUndefined();
    expect(detectFileType(Buffer.concat([ELF_HEADER, PDF_MINIMAL]))).toBeUndefined();
  });

  test('a Windows executable (MZ) with a PDF header inside is refused', () => {
    expect(detectFileType(Buffer.concat([bytes('MZ', [0x90, 0x00, 0x03, 0x00]), PDF_MINIMAL]))).toBeUndefined();
  });

  test('a PNG is a PNG and a JPEG is a JPEG', () => {
    expect(detectFileType(PNG_1X1)).toEqual({ mediaType: 'image/png', extension: 'png', label: expect.any(String) });
    expect(detectFileType(JPEG_START)).toEqual({ mediaType: 'image/jpeg', extension: 'jpg', label: expect.any(String) });
  });

  test('a GIF is refused', () => {
    const gif = bytes('GIF89a', [0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00], '!', [0xf9, 0x04, 0x01, 0x00]);
    expect(detectFileType(gif)).toBeUndefined();
  });

  test('an empty file is refused', () => {
    expect(detectFileType(Buffer.alloc(0))).toBeUndefined();
  });

  describe('ZIP packages', () => {
    test('a Word document is DOCX', async () => {
      expect(detectFileType(await zip(docxEntries))).toEqual({
        mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        extension: 'docx',
        label: expect.any(String),
      });
    });

    test('a Word document written with data descriptors is DOCX', async () => {
      expect(detectFileType(await zip(docxEntries, { streamFiles: true }))?.extension).toBe('docx');
    });

    test('a Word document whose central directory is missing is still read from its local headers', async () => {
      const archive = await zip(docxEntries, { store: true });
      expect(detectFileType(archive.subarray(0, centralDirectoryOffset(archive)))?.extension).toBe('docx');
    });

    test('an Excel workbook (.xlsx) is refused', async () => {
      const xlsx = await zip({ '[Content_Types].xml': CONTENT_TYPES, 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': '<worksheet/>' });
      expect(detectFileType(xlsx)).toBeUndefined();
    });

    test('a plain zip is refused, even one holding a word/ folder', async () => {
      expect(detectFileType(await zip({ 'notes.txt': 'hello' }))).toBeUndefined();
      expect(detectFileType(await zip({ 'word/notes.txt': 'hello' }))).toBeUndefined();
    });

    test('a macro-enabled Word document (vbaProject.bin) is refused', async () => {
      expect(detectFileType(await zip({ ...docxEntries, 'word/vbaProject.bin': 'macro' }))).toBeUndefined();
    });

    test('a Word document cut short at any length never throws', async () => {
      const archive = await zip(docxEntries);
      for (let length = 0; length <= archive.length; length++) {
        expect(() => detectFileType(archive.subarray(0, length))).not.toThrow();
      }
    });

    test('malformed zips (lying lengths, offsets past the end, random bytes) never throw and are refused', () => {
      let seed = 42;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const lyingLocal = bytes('PK', [3, 4], new Array(14).fill(0), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
      const lyingEnd = bytes('PK', [3, 4], new Array(40).fill(0), 'PK', [5, 6], new Array(4).fill(0), [0xff, 0xff, 0xff, 0xff], [0xff, 0xff, 0xff, 0xff, 0xf0, 0xff, 0xff, 0xff], [0, 0]);
      const samples = [lyingLocal, lyingEnd, bytes('PK', [3, 4])];
      for (let i = 0; i < 2000; i++) {
        samples.push(Buffer.concat([bytes('PK', [3, 4]), Buffer.from(Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256)))]));
      }
      for (const sample of samples) expect(detectFileType(sample)).toBeUndefined();
    });

    test('a large zip full of end-record signatures is judged quickly', () => {
      const adversarial = Buffer.concat([bytes('PK', [3, 4]), Buffer.alloc(4 * 1024 * 1024, bytes('PK', [5, 6]))]);
      const started = Date.now();
      expect(detectFileType(adversarial)).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  describe('plain text', () => {
    test.each([
      ['ASCII with tab, CR, LF and form feed', Buffer.from('Reflection\tweek 1\r\nSupervision notes\f\n')],
      ['UTF-8 with a BOM', Buffer.concat([bytes([0xef, 0xbb, 0xbf]), Buffer.from('Réflexion — Łódź ✓ 証明書\n', 'utf8')])],
      ['UTF-8 without a BOM', Buffer.from('Супервизия: 2 часа\n', 'utf8')],
      ['Windows-1252 with é and curly quotes', bytes('Caf', [0xe9], ' ', [0x93], 'quoted', [0x94], '\r\n')],
      ['UTF-8 cut in the middle of a character (a 64 KiB head)', Buffer.from('Łódź', 'utf8').subarray(0, 4)],
      ['HTML', Buffer.from('<!doctype html><script>alert(1)</script>')],
      ['a note that mentions %PDF-', Buffer.from('Every PDF file starts with %PDF-1.7, see the spec.\n')],
    ])('%s is plain text', (_name, content) => {
      expect(detectFileType(content)).toEqual({ mediaType: 'text/plain', extension: 'txt', label: expect.any(String) });
    });

    test.each([
      ['a NUL byte', bytes('hello', [0x00], 'world')],
      ['an escape character', bytes('hello ', [0x1b], '[31mred')],
      ['a vertical tab', bytes('a', [0x0b], 'b')],
      ['DEL', bytes('a', [0x7f], 'b')],
      ['a byte undefined in Windows-1252', bytes('abc', [0x81], 'def')],
      ['UTF-16 (full of NULs)', Buffer.from('\ufeffhello', 'utf16le')],
    ])('text with %s is refused', (_name, content) => {
      expect(detectFileType(content)).toBeUndefined();
    });
  });
});

describe('sanitiseFileName', () => {
  test.each([
    ['Сертификат EMCC (2024).pdf', 'pdf', 'Сертификат EMCC (2024).pdf'],
    ['証明書_最終-版.pdf', 'pdf', '証明書_最終-版.pdf'],
    ['प्रमाणपत्र.pdf', 'pdf', 'प्रमाणपत्र.pdf'],
    ['می\u200cخواهم.txt', 'txt', 'می\u200cخواهم.txt'],
  ])('keeps letters of any script, digits and . - _ ( ): %s', (name, extension, expected) => {
    expect(sanitiseFileName(name, extension)).toBe(expected);
  });

  test.each([
    ['../../etc/passwd', 'txt', 'passwd.txt'],
    ['C:\\Users\\ana\\Desktop\\cert.pdf', 'pdf', 'cert.pdf'],
    ['folder/sub\\..\\feedback.pdf', 'pdf', 'feedback.pdf'],
  ])('strips path components: %s', (name, extension, expected) => {
    expect(sanitiseFileName(name, extension)).toBe(expected);
  });

  test('strips control and bidi characters, so a right-to-left override cannot disguise the extension', () => {
    expect(sanitiseFileName('invoice\u202Efdp.exe', 'pdf')).toBe('invoicefdp.exe.pdf');
    expect(sanitiseFileName('a\u0000b\u0007c.txt', 'txt')).toBe('abc.txt');
  });

  test('strips leading dots and collapses whitespace', () => {
    expect(sanitiseFileName('.htaccess', 'txt')).toBe('htaccess.txt');
    expect(sanitiseFileName('...  my \t\n  certificate   .pdf', 'pdf')).toBe('my certificate.pdf');
  });

  test('replaces other characters with a space', () => {
    expect(sanitiseFileName('a<b>:"c"|?*.pdf', 'pdf')).toBe('a b c.pdf');
    expect(sanitiseFileName('CPD #3 & notes.txt', 'txt')).toBe('CPD 3 notes.txt');
  });

  test('ends with the detected extension: adds it, normalises its case, shows a false one', () => {
    expect(sanitiseFileName('certificate', 'pdf')).toBe('certificate.pdf');
    expect(sanitiseFileName('scan.PDF', 'pdf')).toBe('scan.pdf');
    expect(sanitiseFileName('photo.jpeg', 'jpg')).toBe('photo.jpg');
    expect(sanitiseFileName('cv.exe', 'pdf')).toBe('cv.exe.pdf');
    expect(sanitiseFileName('report.docx.', 'docx')).toBe('report.docx');
  });

  test.each(['', '   ', '///', '.pdf', '...', '💾🔥', '\u202E'])('falls back to evidence.<ext> when nothing is left: %j', (name) => {
    expect(sanitiseFileName(name, 'pdf')).toBe('evidence.pdf');
  });

  test('cuts a long name to 120 characters, keeping the extension', () => {
    const long = sanitiseFileName(`${'a'.repeat(300)}.pdf`, 'pdf');
    expect(long).toHaveLength(120);
    expect(long.endsWith('a.pdf')).toBe(true);
  });

  test('counts characters, not UTF-16 units, and never splits one', () => {
    const name = sanitiseFileName('𝒜'.repeat(200), 'txt');
    expect(Array.from(name)).toHaveLength(120);
    expect(name).toBe(`${'𝒜'.repeat(116)}.txt`);
  });
});

describe('contentDisposition', () => {
  test('an ASCII name is an attachment with that filename', () => {
    const header = contentDisposition('report 2024.pdf');
    expect(header).toBe('attachment; filename="report 2024.pdf"');
    expect(parseContentDisposition(header)).toEqual({ type: 'attachment', parameters: { filename: 'report 2024.pdf' } });
  });

  test('a non-ASCII name has an unaccented ASCII fallback and the UTF-8 name percent-encoded', () => {
    const header = contentDisposition('café résumé.pdf');
    expect(header).toBe(`attachment; filename="cafe resume.pdf"; filename*=UTF-8''caf%C3%A9%20r%C3%A9sum%C3%A9.pdf`);
    expect(parseContentDisposition(header).parameters.filename).toBe('café résumé.pdf');
  });

  test('a name in another script still gives a pure ASCII header that decodes back to the name', () => {
    const header = contentDisposition('証明書 2024.pdf');
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(header).toContain('filename="_ 2024.pdf"');
    expect(parseContentDisposition(header).parameters.filename).toBe('証明書 2024.pdf');
  });

  test('control characters cannot split the header', () => {
    const header = contentDisposition('a.pdf\r\nSet-Cookie: x=1');
    expect(header).not.toMatch(/[\r\n]/);
  });
});

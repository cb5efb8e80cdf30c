import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { ZipParts } from './zip-reader';

/**
 * The parts of an .xlsx workbook the import needs besides the sheet itself (ECMA-376): which
 * sheet comes first, its shared strings and which cell styles are dates. Each part is read as
 * a stream of XML events, never built into a document.
 */

export interface SaxHandlers {
  open?(tag: SaxesTagPlain): void;
  close?(name: string): void;
  text?(text: string): void;
}

/** Streams a part through a SAX parser; a handler may throw to stop. */
export async function parsePart(zip: ZipParts, name: string, handlers: SaxHandlers): Promise<void> {
  const parser = new SaxesParser();
  if (handlers.open) parser.on('opentag', handlers.open);
  if (handlers.close) parser.on('closetag', (tag) => handlers.close!(tag.name));
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  parser.on('error', (error) => {
    throw error;
  });
  await zip.read(name, (chunk) => void parser.write(chunk));
  parser.close();
}

/** "xl/worksheets/sheet1.xml": the first sheet of the workbook, and whether its dates count from 1904. */
export async function firstSheet(zip: ZipParts): Promise<{ path: string; date1904: boolean } | undefined> {
  let sheetRelation: string | undefined;
  let date1904 = false;
  await parsePart(zip, 'xl/workbook.xml', {
    open(tag) {
      if (tag.name === 'workbookPr') date1904 = tag.attributes.date1904 === '1' || tag.attributes.date1904 === 'true';
      if (tag.name === 'sheet' && sheetRelation === undefined) sheetRelation = tag.attributes['r:id'];
    },
  });
  if (!sheetRelation || !zip.has('xl/_rels/workbook.xml.rels')) return undefined;
  let target: string | undefined;
  await parsePart(zip, 'xl/_rels/workbook.xml.rels', {
    open(tag) {
      if (tag.name === 'Relationship' && tag.attributes.Id === sheetRelation) target = tag.attributes.Target;
    },
  });
  if (!target) return undefined;
  // Targets are relative to xl/ (or absolute from the package root).
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  return { path, date1904 };
}

/** A shared string too long to import: kept as its length, so a cell that uses it can be reported. */
export interface LongString {
  length: number;
}

/**
 * The workbook's shared strings in order (rich text runs joined; phonetic guides left out).
 * A string longer than `maxChars` is kept as its length only.
 */
export async function sharedStrings(zip: ZipParts, maxChars: number): Promise<(string | LongString)[]> {
  const strings: (string | LongString)[] = [];
  if (!zip.has('xl/sharedStrings.xml')) return strings;
  let current: string[] | undefined;
  let length = 0;
  let inText = false;
  let inPhonetic = false;
  await parsePart(zip, 'xl/sharedStrings.xml', {
    open(tag) {
      if (tag.name === 'si') [current, length] = [[], 0];
      else if (tag.name === 'rPh') inPhonetic = true;
      else if (tag.name === 't') inText = !inPhonetic;
    },
    text(text) {
      if (!inText || !current) return;
      length += text.length;
      if (length <= maxChars) current.push(text);
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si' && current) {
        strings.push(length > maxChars ? { length } : current.join(''));
        current = undefined;
      }
    },
  });
  return strings;
}

/** Built-in number formats that show a date or a time (ECMA-376 Part 1, 18.8.30). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a custom format code shows a date or time: d, m, y, h or s outside quotes, escapes and [colour] sections. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[(?!h\]|m\]|s\])[^\]]*\]/gi, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** The indices of cell styles (the `s` attribute of a cell) that format a number as a date or time. */
export async function dateStyles(zip: ZipParts): Promise<Set<number>> {
  const styles = new Set<number>();
  if (!zip.has('xl/styles.xml')) return styles;
  const customDates = new Set<number>();
  let inCellXfs = false;
  let index = 0;
  await parsePart(zip, 'xl/styles.xml', {
    open(tag) {
      if (tag.name === 'numFmt' && isDateFormatCode(tag.attributes.formatCode ?? '')) customDates.add(Number(tag.attributes.numFmtId));
      else if (tag.name === 'cellXfs') inCellXfs = true;
      else if (tag.name === 'xf' && inCellXfs) {
        const id = Number(tag.attributes.numFmtId ?? 0);
        if (BUILT_IN_DATE_FORMATS.has(id) || customDates.has(id)) styles.add(index);
        index += 1;
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styles;
}

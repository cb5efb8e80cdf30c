import { create as createContentDisposition } from 'content-disposition';

// Evidence files are judged by their content only: a name or a browser's type is a claim,
// the first bytes are a fact. Only the types an assessor can open safely are allowed.

export type EvidenceExtension = 'pdf' | 'png' | 'jpg' | 'docx' | 'txt';

export interface DetectedType {
  readonly mediaType: string;
  readonly extension: EvidenceExtension;
  readonly label: string;
}

/** The allowed types, worded for messages to users. */
export const ALLOWED_TYPES_DESCRIPTION = 'PDF, PNG, JPEG, Word (DOCX) or plain text';

const PDF: DetectedType = Object.freeze({ mediaType: 'application/pdf', extension: 'pdf', label: 'PDF document' });
const PNG: DetectedType = Object.freeze({ mediaType: 'image/png', extension: 'png', label: 'PNG image' });
const JPEG: DetectedType = Object.freeze({ mediaType: 'image/jpeg', extension: 'jpg', label: 'JPEG image' });
const DOCX: DetectedType = Object.freeze({
  mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  extension: 'docx',
  label: 'Word document',
});
const TXT: DetectedType = Object.freeze({ mediaType: 'text/plain', extension: 'txt', label: 'plain text' });

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
// PDF readers look for the header within the first 1024 bytes, so some producers put junk first.
const PDF_MAX_JUNK = 1024;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_CENTRAL_HEADER = 0x02014b50;
const ZIP_END_OF_DIRECTORY = 0x06054b50;
// A program with a PDF header in its first KiB is still a program: never let the junk rule admit it.
const EXECUTABLE_MAGICS = [
  Buffer.from([0x7f, 0x45, 0x4c, 0x46]), // ELF
  Buffer.from('MZ', 'latin1'), // Windows PE / DOS
  Buffer.from([0xfe, 0xed, 0xfa, 0xce]), // Mach-O 32
  Buffer.from([0xfe, 0xed, 0xfa, 0xcf]), // Mach-O 64
  Buffer.from([0xce, 0xfa, 0xed, 0xfe]),
  Buffer.from([0xcf, 0xfa, 0xed, 0xfe]),
  Buffer.from([0xca, 0xfe, 0xba, 0xbe]), // Mach-O universal, Java class
];

/**
 * The type of a file judged from its first bytes (for a ZIP, pass the whole file so the
 * central directory is visible), or undefined when it is not an allowed type. Never throws.
 */
export function detectFileType(head: Buffer): DetectedType | undefined {
  if (head.length === 0) return undefined;
  if (startsWith(head, PDF_MAGIC)) return PDF;
  if (startsWith(head, PNG_MAGIC)) return PNG;
  if (startsWith(head, JPEG_MAGIC)) return JPEG;
  if (head.length >= 4 && head.readUInt32LE(0) === ZIP_LOCAL_HEADER) return isWordDocument(zipEntryNames(head)) ? DOCX : undefined;
  // Text before the junk-prefixed PDF rule, so a note that merely mentions "%PDF-" stays text.
  if (isPlainText(head)) return TXT;
  const pdfAt = head.subarray(0, PDF_MAX_JUNK + PDF_MAGIC.length).indexOf(PDF_MAGIC);
  if (pdfAt > 0 && !EXECUTABLE_MAGICS.some((magic) => startsWith(head, magic))) return PDF;
  return undefined;
}

const startsWith = (buffer: Buffer, prefix: Buffer) => buffer.length >= prefix.length && buffer.subarray(0, prefix.length).equals(prefix);

/** A Word document is an OPC package with a word/ part; macros (vbaProject.bin) make it a .docm: refused. */
function isWordDocument(names: string[]): boolean {
  const lower = names.map((name) => name.toLowerCase());
  return lower.includes('[content_types].xml') && lower.some((name) => name.startsWith('word/')) && !lower.some((name) => name.endsWith('vbaproject.bin'));
}

/**
 * Entry names of a ZIP: from the central directory when the end record is found (what real
 * readers trust), else by walking the local headers. Every step moves forward and checks
 * bounds first, so malformed input ends the walk instead of throwing or looping.
 */
function zipEntryNames(zip: Buffer): string[] {
  return centralDirectoryNames(zip) ?? localHeaderNames(zip);
}

function centralDirectoryNames(zip: Buffer): string[] | undefined {
  // The end record is 22 bytes plus a comment of at most 65535 bytes, so search only that tail.
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  let end = -1;
  for (let at = zip.length - 22; at >= lowest; at--) {
    if (zip.readUInt32LE(at) === ZIP_END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count && at + 46 <= zip.length && zip.readUInt32LE(at) === ZIP_CENTRAL_HEADER; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (next > zip.length) break;
    names.push(zip.toString('latin1', at + 46, at + 46 + nameLength));
    at = next;
  }
  // Zip64 or an offset shifted by prepended data: fall back to the local headers.
  return names.length > 0 ? names : undefined;
}

function localHeaderNames(zip: Buffer): string[] {
  const names: string[] = [];
  let at = 0;
  while (at + 30 <= zip.length && zip.readUInt32LE(at) === ZIP_LOCAL_HEADER) {
    const flags = zip.readUInt16LE(at + 6);
    const compressedSize = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const dataStart = at + 30 + nameLength + zip.readUInt16LE(at + 28);
    if (dataStart > zip.length) break;
    names.push(zip.toString('latin1', at + 30, at + 30 + nameLength));
    // With a data descriptor (flag bit 3) the size comes after the data: the next header cannot be found.
    if (flags & 0x08 && compressedSize === 0) break;
    at = dataStart + compressedSize;
  }
  return names;
}

// Windows-1252 leaves these bytes undefined (browsers map them to C1 controls).
const WINDOWS_1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** UTF-8 (BOM or not) or Windows-1252 without NULs or control characters other than tab, LF, FF, CR. */
function isPlainText(head: Buffer): boolean {
  for (const byte of head) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) return false;
  }
  const utf8 = decodeUtf8(head);
  if (utf8 !== undefined) return !/[\u0080-\u009f]/.test(utf8);
  return !head.some((byte) => WINDOWS_1252_UNDEFINED.has(byte));
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    // stream: true tolerates a character cut in half at the end of a 64 KiB head.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return undefined;
  }
}

const MAX_NAME_LENGTH = 120;
const EXTENSION_ALIASES: Partial<Record<string, string[]>> = { jpg: ['jpeg', 'jpe'] };
// Bidi overrides and other invisible format characters can disguise a name ("report\u202Efdp.exe");
// zero-width (non-)joiners stay because Persian and Indic names need them.
const INVISIBLE = /(?![\u200c\u200d])[\p{Cc}\p{Cf}]/gu;
const NOT_ALLOWED = /[^\p{L}\p{M}\p{N}\u200c\u200d ._()-]/gu;
const EDGE_DOTS_AND_SPACES = /^[. ]+|[. ]+$/g;

/**
 * A safe display and download name for an uploaded file: letters of any script, digits,
 * spaces and . - _ ( ); no path, no leading dot; at most 120 characters; always ending
 * with the detected extension (a renamed file shows what it really is: "cv.exe.pdf").
 */
export function sanitiseFileName(name: string, extension: string): string {
  const ext = extension.toLowerCase();
  let base = name
    .normalize('NFC')
    .split(/[\\/]/)
    .pop()!
    .replace(/\s/gu, ' ')
    .replace(INVISIBLE, '')
    .replace(NOT_ALLOWED, ' ')
    .replace(/ {2,}/g, ' ')
    .replace(/^ +|[. ]+$/g, ''); // leading dots wait until the extension is off: ".pdf" has no name
  const dot = base.lastIndexOf('.');
  if (dot >= 0 && [ext, ...(EXTENSION_ALIASES[ext] ?? [])].includes(base.slice(dot + 1).toLowerCase())) {
    base = base.slice(0, dot);
  }
  // Count code points, not UTF-16 units, so a cut never splits a character in two.
  base = Array.from(base)
    .slice(0, MAX_NAME_LENGTH - ext.length - 1)
    .join('')
    .replace(EDGE_DOTS_AND_SPACES, '');
  return `${base || 'evidence'}.${ext}`;
}

/** A Content-Disposition header value (attachment, or inline to open in the browser) with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function contentDisposition(name: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const clean = name.replace(/[\p{Cc}\p{Cf}]/gu, '');
  if (!clean) return type;
  // Old clients read only filename=: strip accents ("é" → "e"); avoid characters they mis-decode.
  const fallback = clean
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]+/g, '_')
    .replace(/[%"\\]/g, '_');
  return createContentDisposition(clean, { fallback, type });
}

import { decodeWindows1252 } from './windows-1252';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];
const startsWith = (bytes: Uint8Array, marker: number[]) => marker.every((byte, index) => bytes[index] === byte);

/**
 * The text of a CSV file: UTF-16 when it starts with a UTF-16 byte order mark (Excel's "Unicode
 * text"); else UTF-8 (a leading BOM is dropped) when the bytes are valid UTF-8, otherwise
 * Windows-1252, which is what Excel on Windows saves as "CSV" and which any byte sequence
 * decodes as. Valid UTF-8 is almost never accidental, so the order is safe.
 */
export function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, UTF16LE_BOM)) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, UTF16BE_BOM)) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

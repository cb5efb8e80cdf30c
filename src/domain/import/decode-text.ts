import { decodeWindows1252 } from './windows-1252';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of a CSV file: UTF-8 (a leading BOM is dropped) when the bytes are valid UTF-8,
 * otherwise Windows-1252, which is what Excel on Windows saves as "CSV" and which any byte
 * sequence decodes as. Valid UTF-8 is almost never accidental, so the order is safe.
 */
export function decodeText(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

// Node 20.18.3+ decodes 'windows-1252' as Latin-1 (nodejs/node#60888), which turns the curly
// quotes, dashes and € that Excel writes into invisible control characters. The 32 bytes where
// the two encodings differ are mapped here, following the WHATWG index.
const HIGH_CONTROL_RANGE = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161,
  0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

/** Text from Windows-1252 bytes (the "ANSI" CSV that Excel saves on Windows). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 8192) {
    const codes = Array.from(bytes.subarray(start, start + 8192), (byte) => (byte >= 0x80 && byte <= 0x9f ? HIGH_CONTROL_RANGE[byte - 0x80]! : byte));
    text += String.fromCharCode(...codes);
  }
  return text;
}

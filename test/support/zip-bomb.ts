import { constants, deflateRawSync } from 'node:zlib';

/**
 * Hostile .xlsx files for the import's limits, built in memory without ever holding what they
 * inflate to: a sheet's rows are one compressed chunk (flushed so it stands alone) repeated,
 * so a few megabytes of zip unpack to gigabytes of well-formed XML.
 */

interface ZipPart {
  name: string;
  /** Stored bytes: raw deflate data, or the plain bytes when `deflated` is false. */
  data: Buffer;
  deflated: boolean;
  /** What the zip says the part unpacks to (a hostile file may lie). */
  declaredSize: number;
}

/** A zip file of these parts (no CRC: yauzl, which the import uses, does not check it). */
function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.deflated ? 8 : 0, 8);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(part.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(part.deflated ? 8 : 0, 10);
    central.writeUInt32LE(part.data.length, 20);
    central.writeUInt32LE(part.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.data);
    centrals.push(central, name);
    offset += local.length + name.length + part.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const stored = (name: string, text: string): ZipPart => ({ name, data: Buffer.from(text), deflated: false, declaredSize: Buffer.byteLength(text) });

const WORKBOOK_PARTS = [
  stored('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
  stored(
    'xl/workbook.xml',
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Log" sheetId="1" r:id="rId1"/></sheets></workbook>',
  ),
  stored(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  ),
];

export interface BombOptions {
  /** Roughly how many bytes the sheet unpacks to. */
  unpacksTo: number;
  /** What the zip declares the sheet unpacks to; the truth by default (capped at 4 GB). */
  declares?: number;
}

/**
 * An .xlsx whose one sheet is a header row then the same data row, again and again, until it
 * unpacks to about `unpacksTo` bytes: at 4 GB, about 6 MB of file.
 */
export function xlsxBomb({ unpacksTo, declares }: BombOptions): Buffer {
  const row = '<row><c t="inlineStr"><is><t>C-001</t></is></c><c t="inlineStr"><is><t>2026-03-12</t></is></c><c><v>1.5</v></c></row>';
  const unit = Buffer.from(row.repeat(Math.ceil((1024 * 1024) / row.length)));
  const flushed = (bytes: Buffer) => deflateRawSync(bytes, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const head =
    '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>Client code</t></is></c><c t="inlineStr"><is><t>Date</t></is></c><c t="inlineStr"><is><t>Hours</t></is></c></row>';
  const tail = '</sheetData></worksheet>';
  const copies = Math.max(1, Math.floor(unpacksTo / unit.length));
  const chunk = flushed(unit);
  const data = Buffer.concat([flushed(Buffer.from(head)), ...Array.from({ length: copies }, () => chunk), deflateRawSync(Buffer.from(tail))]);
  const size = head.length + copies * unit.length + tail.length;
  return zipOf([...WORKBOOK_PARTS, { name: 'xl/worksheets/sheet1.xml', data, deflated: true, declaredSize: Math.min(declares ?? size, 0xffffffff) }]);
}

import {
  EncryptedPDFError,
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument as LibDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFPageEmbedder,
  PDFRef,
  PDFStream,
  PDFString,
  type PDFObject,
  type PDFPage,
} from '@cantoo/pdf-lib';

/**
 * Evidence PDFs placed in the submission PDF page by page. pdf-lib reads the evidence file and
 * turns each page into a Form XObject (its own page embedder); the objects it reaches are then
 * copied into the pdfkit document as they are, object by object, and written out at once. So
 * the submission PDF keeps streaming: only one evidence file is in memory at a time.
 */

const FONT_FILES = ['FontFile', 'FontFile2', 'FontFile3'].map((key) => PDFName.of(key));
const SIMPLE_FONTS = new Set(['/Type1', '/MMType1', '/TrueType', '/CIDFontType0', '/CIDFontType2']);

/** A font dictionary whose glyphs are not in the file (the standard 14, or any without a font file). */
function isUnembeddedFont(dict: PDFDict): boolean {
  const type = dict.get(PDFName.of('Type'));
  const subtype = dict.get(PDFName.of('Subtype'));
  if (!(type instanceof PDFName) || type.asString() !== '/Font' || !(subtype instanceof PDFName) || !SIMPLE_FONTS.has(subtype.asString())) return false;
  const descriptor = dict.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
  return !descriptor || !FONT_FILES.some((key) => descriptor.has(key));
}

/** Why an evidence PDF cannot be placed, worded for the evidence index. */
export class UnreadablePdfError extends Error {}

/** pdfkit's reference with the two fields this copier sets before writing it. */
type PdfkitRef = { data: unknown; compress: boolean; end(chunk?: Buffer): void };

// Keys that point back into the evidence file's page tree or structure tree: meaningless here.
const SKIPPED_KEYS = new Set(['Parent', 'StructParent', 'StructParents']);

const messages = {
  encrypted: 'it is encrypted (password-protected); upload a copy without a password',
  damaged: 'it is damaged or not really a PDF (it could not be read)',
  noPages: 'it has no pages',
};

/** Opens an evidence PDF, or throws UnreadablePdfError saying why it cannot be placed. */
export async function openEvidencePdf(bytes: Uint8Array): Promise<LibDocument> {
  let source: LibDocument;
  try {
    source = await LibDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    // pdf-lib's error classes are compiled to ES5, so instanceof misses them: its message tells.
    if (error instanceof EncryptedPDFError || /is encrypted/.test(String((error as Error).message))) throw new UnreadablePdfError(messages.encrypted);
    throw new UnreadablePdfError(messages.damaged);
  }
  let pages: number;
  try {
    pages = source.getPageCount();
  } catch {
    throw new UnreadablePdfError(messages.damaged);
  }
  if (pages === 0) throw new UnreadablePdfError(messages.noPages);
  return source;
}

export interface PlacedPage {
  /** The page as a Form XObject in the pdfkit document. */
  xobject: PDFKit.PDFKitReference;
  /** The page as displayed (after its /Rotate), in points. */
  width: number;
  height: number;
  /** Maps the XObject's space (unrotated page) to the displayed page, y up. */
  rotation: [number, number, number, number, number, number];
}

/** Copies pdf-lib objects into a pdfkit document; one copier per evidence file, so shared resources are copied once. */
export class PdfObjectCopier {
  private readonly copied = new Map<string, PdfkitRef>();
  /** True once a copied font was found that the evidence file does not embed (PDF/A forbids that). */
  unembeddedFonts = false;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly source: LibDocument,
  ) {}

  /** Page `index` of the evidence file as a Form XObject in the pdfkit document. */
  async placePage(page: PDFPage, pageNumber: number): Promise<PlacedPage> {
    try {
      // A page without content is a valid blank page: give it an empty content stream to embed.
      if (!page.node.Contents()) page.node.set(PDFName.of('Contents'), this.source.context.register(this.source.context.flateStream('')));
      const box = page.getCropBox();
      const embedder = await PDFPageEmbedder.for(page.node, { left: box.x, bottom: box.y, right: box.x + box.width, top: box.y + box.height });
      const ref = await embedder.embedIntoContext(this.source.context);
      const xobject = this.refFor(ref) as unknown as PDFKit.PDFKitReference;
      const angle = ((page.getRotation().angle % 360) + 360) % 360;
      const { width, height } = box;
      const turned = angle === 90 || angle === 270;
      const rotation: PlacedPage['rotation'] = angle === 90 ? [0, -1, 1, 0, 0, width] : angle === 180 ? [-1, 0, 0, -1, width, height] : angle === 270 ? [0, 1, -1, 0, height, 0] : [1, 0, 0, 1, 0, 0];
      return { xobject, width: turned ? height : width, height: turned ? width : height, rotation };
    } catch (error) {
      if (error instanceof UnreadablePdfError) throw error;
      throw new UnreadablePdfError(`page ${pageNumber} could not be read (${error instanceof Error ? error.message.split('\n')[0]!.slice(0, 80) : 'unknown error'})`);
    }
  }

  private refFor(ref: PDFRef): PdfkitRef {
    const key = ref.tag;
    const known = this.copied.get(key);
    if (known) return known;
    const target = this.doc.ref({} as never) as unknown as PdfkitRef;
    this.copied.set(key, target); // before recursing: objects may refer to each other
    const object = this.source.context.lookup(ref);
    if (object instanceof PDFStream) {
      const data = this.convertDict(object.dict, ['Length']);
      target.data = data;
      // Already-encoded bytes keep their filter; pdfkit compresses only what has none.
      target.compress = target.compress && data.Filter === undefined;
      const contents = object.getContents();
      target.end(contents.length ? Buffer.from(contents) : Buffer.from('\n'));
    } else {
      target.data = object === undefined ? null : this.convert(object);
      target.end();
    }
    return target;
  }

  private convertDict(dict: PDFDict, skip: string[] = []): Record<string, unknown> {
    if (isUnembeddedFont(dict)) this.unembeddedFonts = true;
    const out: Record<string, unknown> = {};
    for (const [name, value] of dict.entries()) {
      const key = name.asString().slice(1);
      if (SKIPPED_KEYS.has(key) || skip.includes(key)) continue;
      out[key] = this.convert(value);
    }
    return out;
  }

  /** A pdf-lib value as pdfkit writes it: names as strings, strings as bytes, refs as pdfkit refs. */
  private convert(value: PDFObject): unknown {
    if (value instanceof PDFRef) return this.refFor(value);
    if (value instanceof PDFDict) return this.convertDict(value);
    if (value instanceof PDFArray) return value.asArray().map((item) => this.convert(item));
    if (value instanceof PDFName) return value.asString().slice(1);
    if (value instanceof PDFNumber) return value.asNumber();
    if (value instanceof PDFString || value instanceof PDFHexString) return value.asBytes();
    if (value instanceof PDFBool) return value.asBoolean();
    if (value === PDFNull) return null;
    throw new UnreadablePdfError(`it holds an object this app cannot copy (${value.constructor.name})`);
  }
}

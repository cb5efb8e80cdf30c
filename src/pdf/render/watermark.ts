import * as fontkit from 'fontkit';
import { FONTS } from './theme';

/**
 * "DRAFT" as glyph outlines from the bold font, drawn as shapes rather than text: a reader's
 * text extraction and a screen reader stay clean (every page's header says DRAFT in words).
 * Built once: font units, y up, baseline at 0.
 */
let outline: { path: string; width: number; unitsPerEm: number } | undefined;

export function draftOutline(): { path: string; width: number; unitsPerEm: number } {
  if (!outline) {
    const font = fontkit.openSync(FONTS.bold) as fontkit.Font;
    const run = font.layout('DRAFT');
    let x = 0;
    const parts: string[] = [];
    run.glyphs.forEach((glyph, index) => {
      parts.push(glyph.path.translate(x, 0).toSVG());
      x += run.positions[index]!.xAdvance;
    });
    outline = { path: parts.join(' '), width: x, unitsPerEm: font.unitsPerEm };
  }
  return outline;
}

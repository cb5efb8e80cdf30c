import { readFileSync } from 'node:fs';
import QRCode from 'qrcode';
import type { PdfBlock, PdfCell, PdfDocumentModel, PdfTableRow } from '../../src/pdf/document-model';
import { COLOURS, FONTS } from '../../src/pdf/render/theme';

/**
 * The benchmark's alternative to the pdfkit renderer: the same PdfDocumentModel as one plain
 * HTML page with a print stylesheet (A4, table headers repeated through thead, a page break
 * before each section, rows kept whole), for headless Chromium to print. Self-contained: the
 * fonts (the same Noto Sans) are data URLs and the QR code inline SVG, so printing loads nothing.
 * The running header and the "page X of Y" footer are Chromium's header and footer templates.
 */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Line breaks in a model's text (a supervision row's detail) stay line breaks. */
const lines = (text: string) => escapeHtml(text).replace(/\n/g, '<br>');
const cellText = (cell: PdfCell) => (typeof cell === 'string' ? cell : cell.text);

let fontFaces: string | undefined;
function fonts(): string {
  fontFaces ??= (
    [
      ['normal', 400, FONTS.regular],
      ['normal', 700, FONTS.bold],
      ['italic', 400, FONTS.italic],
    ] as const
  )
    .map(([style, weight, file]) => `@font-face{font-family:"Noto Sans";font-style:${style};font-weight:${weight};src:url(data:font/ttf;base64,${readFileSync(file).toString('base64')}) format("truetype")}`)
    .join('\n');
  return fontFaces;
}

const STYLE = `
@page { size: A4; margin: 64pt 50pt 58pt 50pt; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans", sans-serif; font-size: 9.5pt; line-height: 1.35; color: ${COLOURS.ink}; }
body { margin: 0; }
h1 { font-size: 16pt; color: ${COLOURS.accent}; margin: 0 0 8pt; break-after: avoid; }
h1.title { font-size: 20pt; margin-top: 56pt; }
h2 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
p { margin: 0 0 8pt; orphans: 2; widows: 2; }
.muted { color: ${COLOURS.muted}; }
section { break-before: page; }
dl.facts { display: grid; grid-template-columns: 150pt 1fr; gap: 3pt 0; margin: 0 0 8pt; }
dl.facts dt { font-weight: 700; color: ${COLOURS.muted}; padding-right: 8pt; }
dl.facts dd { margin: 0; }
.verify { display: flex; gap: 16pt; margin-top: 10pt; break-inside: avoid; }
.verify svg { width: 112pt; height: 112pt; flex: none; }
.verify .small { font-size: 8.5pt; color: ${COLOURS.muted}; overflow-wrap: anywhere; }
nav ol { list-style: none; padding: 0; margin: 0; }
nav li { border-bottom: 0.3pt solid ${COLOURS.line}; padding: 3pt 0; font-size: 10pt; }
nav a { color: ${COLOURS.accent}; text-decoration: none; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 8pt; margin-bottom: 12pt; }
caption { text-align: left; font-weight: 700; font-size: 11pt; padding-bottom: 4pt; }
thead { display: table-header-group; }
th { text-align: left; background: ${COLOURS.panel}; border-bottom: 0.8pt solid ${COLOURS.ink}; padding: 3pt; font-weight: 700; vertical-align: top; }
td { padding: 3pt; vertical-align: top; overflow-wrap: anywhere; }
tbody { break-inside: avoid; }
tbody tr:last-child td { border-bottom: 0.4pt solid ${COLOURS.line}; }
tbody.odd td { background: ${COLOURS.panel}; }
.right { text-align: right; }
td.detail { font-size: 7.5pt; color: ${COLOURS.muted}; padding-top: 0; }
.mark { display: inline-block; width: 11pt; font-weight: 700; }
.met { color: ${COLOURS.ok}; }
.not-met { color: ${COLOURS.bad}; }
.bar { height: 4pt; background: ${COLOURS.line}; margin-top: 3pt; }
.bar > span { display: block; height: 100%; background: ${COLOURS.accent}; }
.bar > span.full { background: ${COLOURS.ok}; }
.empty { font-style: italic; color: ${COLOURS.muted}; }
.entry { border-top: 0.5pt solid ${COLOURS.line}; padding-top: 4pt; margin-bottom: 12pt; }
.entry h2 { font-size: 10.5pt; margin: 0; }
.entry .meta { font-size: 8.5pt; color: ${COLOURS.muted}; margin-bottom: 3pt; }
.watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 120pt; font-weight: 700; color: ${COLOURS.watermark}; opacity: 0.18; transform: rotate(-45deg); pointer-events: none; }
`;

function row(row: PdfTableRow, index: number, columns: Extract<PdfBlock, { kind: 'table' }>['columns']): string {
  const cells = row.cells
    .map((cell, column) => {
      const mark = column === 0 && row.mark ? `<span class="mark ${row.mark}" role="img" aria-label="${row.mark === 'met' ? 'met' : 'not met'}">${row.mark === 'met' ? '✓' : '✗'}</span>` : '';
      const bar = typeof cell === 'string' ? '' : `<div class="bar"><span class="${cell.fraction >= 1 ? 'full' : ''}" style="width:${(cell.fraction * 100).toFixed(1)}%"></span></div>`;
      return `<td${columns[column]?.align === 'right' ? ' class="right"' : ''}>${mark}${escapeHtml(cellText(cell))}${bar}</td>`;
    })
    .join('');
  const detail = row.detail ? `<tr><td class="detail" colspan="${columns.length}">${lines(row.detail)}</td></tr>` : '';
  // One tbody per row, so a row and its detail line never split across pages.
  return `<tbody${index % 2 === 1 ? ' class="odd"' : ''}><tr>${cells}</tr>${detail}</tbody>`;
}

function block(block: PdfBlock): string {
  switch (block.kind) {
    case 'heading':
      return `<h2>${escapeHtml(block.text)}</h2>`;
    case 'paragraph':
      return `<p${block.tone === 'muted' ? ' class="muted"' : ''}>${escapeHtml(block.text)}</p>`;
    case 'facts':
      return `<dl class="facts">${block.items.map((item) => `<dt>${escapeHtml(item.label)}</dt><dd>${escapeHtml(item.value)}</dd>`).join('')}</dl>`;
    case 'entry':
      return `<div class="entry"><h2>${escapeHtml(block.title)}</h2>${block.meta ? `<div class="meta">${escapeHtml(block.meta)}</div>` : ''}${block.text ? `<p>${lines(block.text)}</p>` : ''}</div>`;
    case 'table': {
      if (!block.rows.length) return `<h2>${escapeHtml(block.caption)}</h2><p class="empty">${escapeHtml(block.empty)}</p>`;
      const colgroup = block.columns.map((column) => `<col style="width:${(column.width * 100).toFixed(2)}%">`).join('');
      const head = block.columns.map((column) => `<th scope="col"${column.align === 'right' ? ' class="right"' : ''}>${escapeHtml(column.header)}</th>`).join('');
      return `<table><caption>${escapeHtml(block.caption)}</caption><colgroup>${colgroup}</colgroup><thead><tr>${head}</tr></thead>${block.rows.map((each, index) => row(each, index, block.columns)).join('')}</table>`;
    }
  }
}

/** The whole document but its appendices (appended to the printed PDF afterwards) as one HTML page. */
export async function modelHtml(model: PdfDocumentModel): Promise<string> {
  const { cover } = model;
  const qr = await QRCode.toString(cover.verifyUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const contents = [
    ...model.sections.map((section) => ({ id: section.id, title: section.title })),
    ...model.appendices.map((appendix) => ({ id: `appendix-${appendix.ref}`, title: `Appendix ${appendix.ref}: ${appendix.name}` })),
  ];
  const parts = [
    `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(model.title)}</title><style>${fonts()}\n${STYLE}</style></head><body>`,
    model.draft ? '<div class="watermark" aria-hidden="true">DRAFT</div>' : '',
    `<header id="cover"><h1 class="title">${escapeHtml(cover.title)}</h1><p>${escapeHtml(cover.standing)}</p>`,
    block({ kind: 'facts', items: cover.facts }),
    model.draft ? '<p class="muted">This is a draft: it has not been submitted for assessment. Every page is marked DRAFT, and its verification code belongs to no submission until the application is submitted.</p>' : '',
    `<div class="verify">${qr}<div><p><strong>Verify this document</strong></p><p>Open ${escapeHtml(cover.verifyUrl)} (or scan the code) to see the application’s status and check that a copy is identical to the one issued.</p>`,
    `<p class="small">Content fingerprint (SHA-256 of the portfolio snapshot this document renders): ${escapeHtml(cover.snapshotSha256)}</p></div></div></header>`,
    `<section id="contents"><h1>Contents</h1><nav><ol>${contents.map((entry) => `<li><a href="#${escapeHtml(entry.id)}">${escapeHtml(entry.title)}</a></li>`).join('')}</ol></nav></section>`,
    ...model.sections.map((section) => `<section id="${escapeHtml(section.id)}"><h1>${escapeHtml(section.title)}</h1>${section.blocks.map(block).join('\n')}</section>`),
    '</body></html>',
  ];
  return parts.join('\n');
}

/** Chromium's running header and footer (its templates take inline styles only). */
export function headerFooter(model: PdfDocumentModel): { headerTemplate: string; footerTemplate: string } {
  const style = `font-family:'Noto Sans',sans-serif;font-size:7.5pt;color:${COLOURS.muted};width:100%;margin:0 50pt;display:flex;justify-content:space-between`;
  return {
    headerTemplate: `<div style="${style};border-bottom:0.5pt solid ${COLOURS.line};padding-bottom:3pt"><span>${escapeHtml(model.runningHead)}</span>${model.draft ? `<strong style="color:${COLOURS.bad}">DRAFT</strong>` : ''}</div>`,
    footerTemplate: `<div style="${style}"><span>Verification code ${escapeHtml(model.cover.verificationCode)} · ${model.draft ? 'Draft, not submitted' : 'Submitted application'}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
  };
}

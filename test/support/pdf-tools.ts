import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A generated PDF checked with Debian's own tools (poppler-utils and qpdf), as a person's viewer
 * would read it: not with the library that wrote it.
 */
export class PdfFile {
  readonly path: string;

  constructor(readonly bytes: Buffer) {
    this.path = path.join(mkdtempSync(path.join(tmpdir(), 'eia-pdf-')), 'document.pdf');
    writeFileSync(this.path, bytes);
  }

  private run(command: string, args: string[]): string {
    return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  }

  /** pdfinfo's fields: Pages, Tagged, Title, PDF version … */
  info(): Record<string, string> {
    return Object.fromEntries(
      this.run('pdfinfo', [this.path])
        .split('\n')
        .filter((line) => line.includes(':'))
        .map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]),
    );
  }

  get pageCount(): number {
    return Number(this.info().Pages);
  }

  /** The text of one page (1-based) or of all pages, pages separated by form feeds. */
  text(page?: number, options: { layout?: boolean } = {}): string {
    return this.run('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), ...(options.layout ? ['-layout'] : []), '-enc', 'UTF-8', this.path, '-']);
  }

  /** Each page's text; with layout, lines as they stand on the page (a table row is one line). */
  pages(options: { layout?: boolean } = {}): string[] {
    return this.text(undefined, options).split('\f').slice(0, this.pageCount);
  }

  /** pdffonts' rows: [name, type, encoding, emb, sub, uni]. */
  fonts(): { name: string; embedded: boolean }[] {
    return this.run('pdffonts', [this.path])
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((line) => {
        const columns = line.trim().split(/\s+/);
        return { name: columns[0]!, embedded: columns[columns.length - 3] === 'yes' };
      });
  }

  /** qpdf --check: throws with qpdf's report when the file is not sound. */
  check(): string {
    return this.run('qpdf', ['--check', this.path]);
  }

  /** The bookmarks' titles, depth first. */
  outlines(): string[] {
    const json = JSON.parse(this.run('qpdf', ['--json', '--json-key=outlines', this.path])) as { outlines: Outline[] };
    const titles: string[] = [];
    const walk = (items: Outline[]) =>
      items.forEach((item) => {
        titles.push(item.title);
        walk(item.kids);
      });
    walk(json.outlines);
    return titles;
  }
}

interface Outline {
  title: string;
  kids: Outline[];
}

/**
 * The submission PDF as data: a cover, then sections of simple blocks. Built from a snapshot by
 * build-model.ts (all wording and formatting happen there), drawn by render/ (layout only), and
 * drawn as HTML by the benchmark's Chromium comparison, so both show exactly the same content.
 */

export interface PdfCover {
  title: string;
  /** Label → value lines: applicant, level applied for, criteria set, evaluation date … */
  facts: { label: string; value: string }[];
  /** One sentence: which level the evidence meets on the evaluation date. */
  standing: string;
  verificationCode: string;
  verifyUrl: string;
  snapshotSha256: string;
  /** What a blind copy leaves out and what may still name the applicant. */
  notice?: string;
}

/** A cell: text, or text with a progress bar drawn under it (fraction from 0 to 1). */
export type PdfCell = string | { text: string; fraction: number };

export interface PdfColumn {
  header: string;
  /** Share of the table's width; the shares of a table add up to 1. */
  width: number;
  align?: 'left' | 'right';
}

export interface PdfTableRow {
  cells: PdfCell[];
  /** A line under the row across the whole width (themes, a confirmation's hash …). */
  detail?: string;
  /** Met rows get a tick, unmet ones a cross, in the first column. */
  mark?: 'met' | 'not-met';
}

export type PdfBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; tone?: 'normal' | 'muted' }
  | { kind: 'facts'; items: { label: string; value: string }[] }
  | { kind: 'table'; caption: string; columns: PdfColumn[]; rows: PdfTableRow[]; empty: string }
  /** A dated piece of writing: a reflection, a case study, a feedback item, a contribution. */
  | { kind: 'entry'; title: string; meta: string; text: string };

export interface PdfSection {
  /** Stable id: the named destination of the table of contents and the bookmark. */
  id: string;
  title: string;
  blocks: PdfBlock[];
}

/** An evidence file placed after the sections, each of its pages stamped with its reference. */
export interface PdfAppendix {
  ref: string;
  name: string;
  sha256: string;
  mediaType: string;
  /** A PDF's page count, known before rendering; other kinds take the pages they need. */
  pages?: number;
  /** The records the file supports, in words, printed on its first page. */
  supports: string[];
}

export interface PdfDocumentModel {
  /** The PDF's Title (metadata and window title). */
  title: string;
  /** The PDF's Author: the applicant, or withheld in a blind copy. */
  author: string;
  /** Shown in every page's header. */
  runningHead: string;
  draft: boolean;
  /**
   * Whether the document declares PDF/A-2b: yes unless an appended evidence PDF uses fonts it
   * does not embed (copied as they are, they would break the claim).
   */
  pdfA: boolean;
  /** The document's date in its metadata: fixed by the content, so the same content gives the same file. */
  documentDate: Date;
  cover: PdfCover;
  sections: PdfSection[];
  appendices: PdfAppendix[];
}

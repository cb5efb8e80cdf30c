/** Whether an evidence file can be placed in the PDF, found out before anything is written. */
export type AppendixStatus =
  | {
      appendable: true;
      /** A PDF's pages; images take one, text as many as it needs. */
      pages?: number;
      /** A PDF that uses fonts it does not embed: placed as it is, but the document can no longer claim PDF/A. */
      unembeddedFonts?: boolean;
    }
  | { appendable: false; reason: string };

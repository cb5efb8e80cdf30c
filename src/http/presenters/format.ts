const dateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/** "12 March 2026 at 14:05 UTC"; empty for no date. */
export const formatDateTime = (value: Date | string | null | undefined): string => (value ? `${dateTime.format(new Date(value)).replace(', ', ' at ')} UTC` : '');

/** "830.5 KB", "1.2 MB", "200 bytes": a file's size with one decimal, never "0 KB". */
export function fileSizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${Number(kb.toFixed(1))} KB`;
  return `${Number((kb / 1024).toFixed(1))} MB`;
}

/** Ends a text with a full stop unless it already ends a sentence, also inside a closing quote: "Declined: “Only one hour.”" stays as it is. */
export const asSentence = (text: string): string => (/[.!?…]["”’)]?$/.test(text.trim()) ? text : `${text}.`);

const dateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/** "12 March 2026 at 14:05 UTC"; empty for no date. */
export const formatDateTime = (value: Date | string | null | undefined): string => (value ? `${dateTime.format(new Date(value)).replace(', ', ' at ')} UTC` : '');

/** Ends a text with a full stop unless it already ends a sentence, also inside a closing quote: "Declined: “Only one hour.”" stays as it is. */
export const asSentence = (text: string): string => (/[.!?…]["”’)]?$/.test(text.trim()) ? text : `${text}.`);

import { formatUtcDateTime } from '../../domain/dates';

/** "12 March 2026 at 14:05 UTC"; empty for no date. */
export const formatDateTime = (value: Date | string | null | undefined): string => (value ? formatUtcDateTime(new Date(value)) : '');

/** Ends a text with a full stop unless it already ends a sentence, also inside a closing quote: "Declined: “Only one hour.”" stays as it is. */
export const asSentence = (text: string): string => (/[.!?…]["”’)]?$/.test(text.trim()) ? text : `${text}.`);

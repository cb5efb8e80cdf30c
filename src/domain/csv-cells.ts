/**
 * A spreadsheet opening a CSV must not run a cell as a formula (CSV injection): exports put an
 * apostrophe before a cell that starts with = + - @ (or a tab or carriage return), and
 * imports take it off again, so an exported log re-imports unchanged.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const neutraliseCell = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

export const restoreNeutralisedCell = (text: string) => (text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text);

/** Importing logs from spreadsheets: read a file, recognise its layout, prepare checked records. */
export { readTable } from './read-table';
export { ImportFileError } from './import-file-error';
export type { Table, TableRow } from './table';
export { parseHours, parseDate, parseChoice, inferDateConvention, type DateConvention, type ParsedDate } from './parse-values';
export { clientCode, clientCodeBook, normaliseClientName, type ClientCodeRule } from './client-codes';
export { templateColumns, templateCsv, detectLayout, normaliseHeader } from './layouts';
export { ICF_COLUMNS } from './icf-columns';
export { prepareImport } from './prepare-import';
export { IMPORT_KINDS } from './prepared-import';
export type { ImportKind, ImportLayout, PreparedImport, PreparedRow, PrepareOptions, RowError } from './prepared-import';

/** One data row of a spreadsheet; `rowNumber` is the number the applicant sees (header = 1). */
export interface TableRow {
  rowNumber: number;
  cells: string[];
}

/** A spreadsheet read as text: the header cells, then the data rows that are not empty. */
export interface Table {
  headers: string[];
  rows: TableRow[];
}

/** True when every cell is blank: such rows are skipped, not reported. */
export const isBlankRow = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

const UNITS = ['KB', 'MB', 'GB'] as const;

/**
 * A size as every page, the PDF and the CLI show it: "512 bytes" below a kilobyte (a small file
 * never reads "0 KB"), then one decimal in the largest unit under 1024 ("12.3 KB", "4.1 MB").
 * Units are of 1024, as file managers count.
 */
export function fileSizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes / 1024;
  let unit = 0;
  // Rounded to one decimal, 1023.96 KB would read "1024.0 KB": such a size is shown in the next unit.
  while (Number(value.toFixed(1)) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}

/**
 * A bar chart of hours per month as plain shapes, drawn by an EJS partial as inline SVG:
 * no script, no inline style (the CSP forbids both), readable without colour.
 */
export interface MonthChart {
  width: number;
  height: number;
  bars: { x: number; y: number; width: number; height: number; label: string; title: string }[];
  gridLines: { y: number; label: string }[];
  baseline: number;
  maximum: number;
  total: number;
  rows: { month: string; hours: string }[];
}

const monthName = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });
const monthLong = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const hoursText = (hours: number) => `${Number(hours.toFixed(2))} h`;

/** A "nice" axis top: 1, 2, 5 × 10^n at or above the largest bar. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value)!;
}

/** Charts already drawn, by their data (the overview hands out the same array until the portfolio changes). */
const drawn = new WeakMap<readonly { month: string; hours: number }[], MonthChart>();

export function monthChart(data: readonly { month: string; hours: number }[]): MonthChart {
  let chart = drawn.get(data);
  if (!chart) drawn.set(data, (chart = drawChart(data)));
  return chart;
}

function drawChart(data: readonly { month: string; hours: number }[]): MonthChart {
  const width = 720;
  const height = 220;
  const left = 44;
  const bottom = 28;
  const top = 12;
  const plotHeight = height - top - bottom;
  const maximum = niceCeiling(Math.max(0, ...data.map((point) => point.hours)));
  const slot = (width - left - 8) / Math.max(1, data.length);
  const bars = data.map((point, index) => {
    const barHeight = (point.hours / maximum) * plotHeight;
    const date = new Date(`${point.month}-01T00:00:00Z`);
    const label = date.getUTCMonth() === 0 || index === 0 ? `${monthName.format(date)} ${date.getUTCFullYear()}` : monthName.format(date);
    return {
      x: Math.round((left + index * slot + slot * 0.15) * 10) / 10,
      y: Math.round((top + plotHeight - barHeight) * 10) / 10,
      width: Math.round(slot * 0.7 * 10) / 10,
      height: Math.round(barHeight * 10) / 10,
      label: index % 3 === 0 ? label : '',
      title: `${monthLong.format(date)}: ${hoursText(point.hours)}`,
    };
  });
  const gridLines = [0, 0.5, 1].map((fraction) => ({ y: Math.round(top + plotHeight - fraction * plotHeight), label: hoursText(maximum * fraction) }));
  return {
    width,
    height,
    bars,
    gridLines,
    baseline: top + plotHeight,
    maximum,
    total: data.reduce((sum, point) => sum + point.hours, 0),
    rows: data.map((point) => ({ month: monthLong.format(new Date(`${point.month}-01T00:00:00Z`)), hours: hoursText(point.hours) })),
  };
}

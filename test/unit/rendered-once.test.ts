import { renderedOnce } from '../../src/http/middleware/views';
import { monthChart } from '../../src/http/routes/home/month-chart';
import { formatHours } from '../../src/domain/dates';

// The dashboard's month chart is drawn once per data object: the same object gives back the kept
// HTML, a new one (the practice log changed) is drawn afresh.
const chartOf = (hours: number) => monthChart([{ month: '2026-11', hours }]);

test('draws the partial with only the locals given, and keeps the HTML with its data object', () => {
  const data = {};
  const first = renderedOnce('partials/month-chart', data, () => ({ chart: chartOf(2), formatHours }));
  expect(first).toContain('<svg viewBox="0 0 720 220"');
  expect(first).toContain('November 2026: 2 h</title>');
  expect(renderedOnce('partials/month-chart', data, () => ({ chart: chartOf(5), formatHours }))).toBe(first);
});

test('a new data object is drawn afresh; two partials of one object are kept apart', () => {
  const drawnWithFive = renderedOnce('partials/month-chart', {}, () => ({ chart: chartOf(5), formatHours }));
  expect(drawnWithFive).toContain('November 2026: 5 h</title>');
  const data = {};
  renderedOnce('partials/month-chart', data, () => ({ chart: chartOf(1), formatHours }));
  expect(renderedOnce('partials/csrf', data, () => ({ csrfToken: () => 'token-1' }))).toContain('token-1');
});

test('each variant of one data object is drawn once, and its locals are made only then', () => {
  const data = {};
  let made = 0;
  const tokenLocals = (token: string) => () => {
    made++;
    return { csrfToken: () => token };
  };
  expect(renderedOnce('partials/csrf', data, tokenLocals('first'), 'a')).toContain('first');
  expect(renderedOnce('partials/csrf', data, tokenLocals('second'), 'b')).toContain('second');
  expect(renderedOnce('partials/csrf', data, tokenLocals('third'), 'a')).toContain('first');
  expect(made).toBe(2);
});

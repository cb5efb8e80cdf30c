import { shortened } from '../../src/domain/short-text';

test('a short text is kept as it is, with its spaces tidied', () => {
  expect(shortened('Contracting with sponsors', 80)).toBe('Contracting with sponsors');
  expect(shortened('  Contracting\n with   sponsors ', 80)).toBe('Contracting with sponsors');
});

test('a long text is cut at a word boundary, without trailing punctuation, and ends with an ellipsis', () => {
  const themes = 'Contracting with sponsors, endings with long-term clients; working with Jürgen Groß’s team in transition';
  const short = shortened(themes, 80);
  expect(short).toBe('Contracting with sponsors, endings with long-term clients; working with Jürgen…');
  expect(short.length).toBeLessThanOrEqual(80);
  expect(shortened('Contracting, endings, sponsors, three-way agreements and more', 30)).toBe('Contracting, endings…');
});

test('one very long word is cut where the limit falls', () => {
  expect(shortened('a'.repeat(100), 10)).toBe(`${'a'.repeat(9)}…`);
});

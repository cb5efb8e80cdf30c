import fc from 'fast-check';
import ejs from 'ejs';
import { escapeHtml } from '../../src/http/middleware/views';

// The pages' escaping must be EJS's own, character for character: it is only faster.
const ejsEscape = (ejs as unknown as { escapeXML(value: unknown): string }).escapeXML;

test.each([
  ['<script>alert("x")</script>', '&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;'],
  ["O'Brien & Partners", 'O&#39;Brien &amp; Partners'],
  ['Łukasz Świątek', 'Łukasz Świątek'],
  [12.5, '12.5'],
  [0, '0'],
  [null, ''],
  [undefined, ''],
  [false, 'false'],
])('%p is written as %p', (value, expected) => {
  expect(escapeHtml(value)).toBe(expected);
  expect(ejsEscape(value)).toBe(expected);
});

test('any text or number is escaped exactly as EJS escapes it', () => {
  const markup = fc.string({ unit: fc.constantFrom('&', '<', '>', '"', "'", 'a', ' ', 'é', '\u2028', '=') });
  fc.assert(fc.property(fc.oneof(fc.string(), markup, fc.double(), fc.integer()), (value) => escapeHtml(value) === ejsEscape(value)));
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ejs from 'ejs';
import { compileTemplate, localNamesIn, templateFiles } from '../../src/http/middleware/templates';
import { projectRoot } from '../../src/paths';

const viewsDir = path.join(projectRoot, 'views');
const options = { root: viewsDir, cache: true };

test('every view compiles with its locals as plain variables', () => {
  const files = templateFiles(viewsDir);
  expect(files.length).toBeGreaterThan(50);
  for (const file of files) expect(() => compileTemplate(file, options)).not.toThrow();
});

test('the names are those the code reads, not properties, strings, comments, reserved words or globals', () => {
  const template = [
    '<%# a comment naming nothing: ignored %>',
    "<% rows.forEach((row) => { %><%= row.label %> <%= format(row.value, 'rows.total') %><% }) %>",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the template's own template literal
    "<%- include('/partials/csrf') %> <%= `${title} of ${Math.max(count, 1)}` %>",
    '<% if (locals.flash) { /* notice */ %><%= typeof notice === "undefined" ? "" : notice %><% } %>',
    '<%% not code %%>',
  ].join('\n');
  expect(localNamesIn(template)).toEqual(['count', 'format', 'notice', 'row', 'rows', 'title']);
});

test('a compiled view writes what EJS writes with `with (locals)`, byte for byte', () => {
  const file = path.join(viewsDir, 'records', 'index.ejs');
  const headers = ['Date', 'Client', 'Hours'].map((label, index) => ({ label, href: `?sort=${index}`, numeric: label === 'Hours' }));
  const rows = Array.from({ length: 20 }, (_, row) => ({ id: row, href: `/practice/${row}`, cells: [{ text: `${row} March 2026` }, { text: `C-<${row}>` }, { text: `${row} h`, numeric: true }] }));
  const locals = {
    definition: { names: { log: 'Client practice log', one: 'practice record', many: 'practice records' }, path: '/practice', addLabel: 'Log a session', type: 'practice', purpose: '' },
    importable: true,
    totals: { count: 20 },
    query: { filter: { from: '2026-01-01' }, problems: ['“x” is not a date'] },
    totalHours: '190 h',
    headers,
    rows,
    pages: { pageCount: 2, page: 1, next: '?page=2' },
  };
  const withLocals = ejs.compile(ejs.fileLoader(file).toString(), { filename: file, root: viewsDir })(locals);
  expect(withLocals).toContain('C-&lt;3&gt;');
  expect(compileTemplate(file, options)(locals)).toBe(withLocals);
});

test('a view’s own top-level variable may share a name with a local another view is given', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eia-views-'));
  const file = path.join(dir, 'own.ejs');
  writeFileSync(file, '<% const rows = items.map((item) => item * 2); %><%= rows.join(",") %>|<%= missing %>');
  expect(compileTemplate(file, {})({ items: [1, 2] })).toBe('2,4|');
});

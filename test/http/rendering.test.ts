import { useTestDb } from '../support/test-db';
import { createTestApp, type TestApp } from '../support/test-app';
import { makeUser } from '../support/factories';

/** How pages are rendered and sent: what the speed-ups in middleware/views.ts and app.ts must keep. */

const testDb = useTestDb({ shared: true });
let t: TestApp;

beforeAll(async () => {
  t = createTestApp({ db: testDb.current.db });
  await makeUser(t.deps, ['admin'], { email: 'admin@example.org' });
});

/** The sign-in page through the app's view engine, with its layout, given everything it reads but `notice`. */
const signInPage = () =>
  new Promise<string>((resolve, reject) =>
    t.app.render('auth/login', { title: 'Sign in', next: '/', values: {}, errors: {}, navigation: [], currentUser: undefined, csrfToken: () => 'token' }, (error: unknown, html?: string) =>
      error ? reject(error) : resolve(html!),
    ),
  );

test('a name a page does not pass reads as nothing in its template, its layout and its partials, even if Object.prototype has it', async () => {
  // Rendered once first: the templates are compiled on first use, from the names that are not globals.
  expect(await signInPage()).toContain('Sign in');
  const prototype = Object.prototype as Record<string, unknown>;
  // The page reads `locals.notice`, the layout `flash`, the field partial `locals.hint`: none is passed.
  prototype.notice = 'Polluted notice';
  prototype.flash = 'Polluted flash';
  prototype.hint = 'Polluted hint';
  try {
    const html = await signInPage();
    expect(html).toContain('Sign in');
    expect(html).not.toContain('Polluted');
  } finally {
    delete prototype.notice;
    delete prototype.flash;
    delete prototype.hint;
  }
});

test('pages are sent without an ETag (each is one user’s, at one moment); files under /public keep theirs', async () => {
  const page = await t.agent().get('/login');
  expect(page.status).toBe(200);
  expect(page.headers.etag).toBeUndefined();
  const stylesheet = await t.agent().get('/public/css/app.css');
  expect(stylesheet.status).toBe(200);
  expect(stylesheet.headers.etag).toMatch(/^W\/"/);
});

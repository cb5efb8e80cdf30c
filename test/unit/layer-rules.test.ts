import { execFileSync } from 'node:child_process';
import path from 'node:path';

// Each rule of .dependency-cruiser.cjs, run through dependency-cruiser's API on a small tree under
// test/fixtures/layers/ that breaks it on purpose: a rule that never fires would pass `npm run
// lint:layers` forever. The fixture trees are excluded from tsconfig.json (they break rules, not
// types, and need not compile) and are not tests (jest's unit project only matches *.test.ts).

const fixtureNames = ['clean', 'domain-to-http', 'pdf-to-http', 'knex-outside-db', 'cycle', 'type-only-upward', 'no-layer', 'src-to-test', 'dev-dependency', 'repository-import'];
let found: Record<string, { modules: number; violations: { rule: string; from: string; to: string }[] }> = {};

beforeAll(() => {
  // One child process cruises every tree (dependency-cruiser is an ES module only; see cruise.mjs).
  const cruiser = path.join(__dirname, '..', 'fixtures', 'layers', 'cruise.mjs');
  found = JSON.parse(execFileSync(process.execPath, [cruiser, ...fixtureNames], { encoding: 'utf8' }));
});

/** The violations found in one fixture tree, as "rule: from → to" (a package by its name), sorted. */
function violations(fixture: string): string[] {
  const tree = found[fixture];
  if (!tree?.modules) throw new Error(`the fixture tree ${fixture} was not cruised`);
  return tree.violations.map((v) => `${v.rule}: ${v.from} → ${v.to.replace(/^(\.\.\/)+node_modules\/([^/]+).*$/, '$2')}`).sort();
}

describe('layer rules (.dependency-cruiser.cjs)', () => {
  test('a tree whose arrows all point down (the domain sending mail, a repository returning a domain type), with knex in src/db, has no violation', () => {
    expect(violations('clean')).toEqual([]);
    expect(found.clean?.modules).toBeGreaterThanOrEqual(10);
  });

  test('the domain importing src/http or src/pdf breaks domain-not-to-http-or-pdf and the direction of the layers', () => {
    expect(violations('domain-to-http')).toEqual([
      'domain-not-to-http-or-pdf: src/domain/service.ts → src/http/handler.ts',
      'domain-not-to-http-or-pdf: src/domain/service.ts → src/pdf/render.ts',
      'down-only-from-domain: src/domain/service.ts → src/http/handler.ts',
      'down-only-from-domain: src/domain/service.ts → src/pdf/render.ts',
    ]);
  });

  test('src/pdf importing a presenter under src/http breaks pdf-not-to-http', () => {
    expect(violations('pdf-to-http')).toEqual(['down-only-from-presenters-pdf: src/pdf/build-model.ts → src/http/presenters/records.ts', 'pdf-not-to-http: src/pdf/build-model.ts → src/http/presenters/records.ts']);
  });

  test('knex imported outside src/db, even as a type only, breaks only-db-imports-db-drivers; inside src/db it is fine', () => {
    expect(violations('knex-outside-db')).toEqual(['only-db-imports-db-drivers: src/domain/service.ts → knex', 'only-db-imports-db-drivers: src/http/health.ts → knex']);
  });

  test('two files importing each other break no-circular', () => {
    expect(violations('cycle')).toEqual(['no-circular: src/domain/records.ts → src/domain/signoff.ts']);
  });

  test("src/db may read the domain's types but not its code; any other import that points up counts, even a type", () => {
    expect(violations('type-only-upward')).toEqual(['db-storage-mail-reads-domain-types-only: src/db/repository.ts → src/domain/records.ts', 'down-only-from-db-storage-mail: src/db/repository.ts → src/http/handler.ts']);
  });

  test('a new file under src/ that no layer claims breaks src-file-in-a-layer', () => {
    expect(violations('no-layer')).toEqual(['src-file-in-a-layer: src/helpers.ts → src/config.ts']);
  });

  test('the app importing a test helper breaks src-not-to-tests-or-scripts', () => {
    expect(violations('src-to-test')).toEqual(['src-not-to-tests-or-scripts: src/domain/service.ts → test/factories.ts']);
  });

  test('a service or a route importing a repository (not only its types) breaks repositories-through-deps', () => {
    expect(violations('repository-import')).toEqual([
      'repositories-through-deps: src/domain/account-service.ts → src/db/repositories/user-repository.ts',
      'repositories-through-deps: src/http/accounts.ts → src/db/repositories/index.ts',
    ]);
  });

  test('a devDependency imported at run time breaks not-to-dev-dep; a type-only one is erased by the build and passes', () => {
    expect(violations('dev-dependency')).toEqual(['not-to-dev-dep: src/domain/arbitrary.ts → fast-check']);
  });
});

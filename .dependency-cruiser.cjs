// The layer rules of ../shared/design/ARCHITECTURE.md ("Layer rules"), checked by `npm run lint:layers`.
//
// Arrows point down only:
//   server/cli/cluster → app → http → presenters/pdf → domain → db, storage, mail → config, errors, logger
// Mail sits beside db and storage, not above the domain as ARCHITECTURE.md first drew it: it is
// infrastructure like them (templates turn plain values into text, the mailer writes the outbox
// through a repository) and the domain decides what to send, as it decides what to store.
// A file may import from its own layer or any layer below it, never from a layer above.
//
// Type-only imports (`import type`) count like any other: a type that points up still ties the
// lower layer to the upper one (it must change when the upper one does), so
// `tsPreCompilationDeps` is on and no rule carries `dependencyTypesNot: ['type-only']`, with two
// exceptions: `not-to-dev-dep`, where a type-only import is erased by the build and so cannot
// break production; and repositories (src/db) reading the domain's model types (a record, a
// role, a submission status), because a repository's job is to return the domain's own objects.
//
// What the code breaks today is listed in .dependency-cruiser-known-violations.json (the
// baseline) and ignored by `--ignore-known`; anything new fails. Fixing a known violation is
// always welcome; then regenerate the baseline (see CONTRIBUTING.md) so it cannot come back.
// A rule that blocks a good change is changed here with a comment saying why, never bypassed in
// the code. test/unit/layer-rules.test.ts proves that each rule catches a deliberate violation.

/** The layers, top to bottom. Every file under src/ must belong to exactly one. */
const layers = [
  // Entry points and tools that wire everything: the server, the CLI, the demo data (only
  // scripts/seed-demo.ts uses it).
  { name: 'entry', path: ['^src/(server|cli|cluster|worker)\\.ts$', '^src/demo/'] },
  // The composition root: builds the Express app and its dependencies, the background jobs.
  { name: 'app', path: ['^src/(app|bootstrap|build-deps|maintenance)\\.ts$'] },
  { name: 'http', path: ['^src/http/'] },
  { name: 'presenters-pdf', path: ['^src/(presenters|pdf)/'] },
  { name: 'domain', path: ['^src/domain/'] },
  { name: 'db-storage-mail', path: ['^src/(db|storage|mail)/'] },
  // Leaf modules every layer may use: config, errors, logger, and the small helpers of their
  // kind (the clock, paths, failpoints, the process check, starting a worker thread's file, the
  // one shared ajv instance).
  { name: 'base', path: ['^src/(config|errors|logger|clock|paths|failpoints|process-alive|worker-file)\\.ts$', '^src/validation/'] },
];

const everyLayerPath = layers.flatMap((layer) => layer.path);

const downOnly = layers.slice(1).map((layer, i) => ({
  name: `down-only-from-${layer.name}`,
  comment: `${layer.name} imports only from its own layer or the layers below it (${layers
    .slice(0, i + 1)
    .map((l) => l.name)
    .join(', ')} are above it).`,
  severity: 'error',
  from: { path: layer.path },
  to: {
    path: layers.slice(0, i + 1).flatMap((l) => l.path),
    // The domain is checked by its own rule below (db-storage-mail-reads-domain-types-only).
    ...(layer.name === 'db-storage-mail' ? { pathNot: '^src/domain/' } : {}),
  },
}));

/** Repositories return the domain's own objects: src/db (and storage, mail) may import the domain's types, never its code. */
const domainTypesOnly = {
  name: 'db-storage-mail-reads-domain-types-only',
  comment: 'src/db, src/storage and src/mail may import types from src/domain (the objects a repository returns), never its code.',
  severity: 'error',
  from: { path: '^src/(db|storage|mail)/' },
  to: { path: '^src/domain/', dependencyTypesNot: ['type-only'] },
};

/** The database drivers and what is built on them: only src/db talks to the database. */
const dbPackages = ['knex', 'knex-pglite', 'pg', '@electric-sql/pglite', 'connect-session-knex'];
const dbPackagePath = `(^|/)node_modules/(@types/)?(${dbPackages.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles: a cycle means two modules are really one, or a shared part wants its own file.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'only-db-imports-db-drivers',
      comment: 'Only src/db imports knex, knex-pglite, pg or @electric-sql/pglite; everything else goes through a repository. connect-session-knex is knex underneath, so the session store belongs in src/db too.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/db/' },
      to: { path: dbPackagePath },
    },
    {
      name: 'domain-not-to-http-or-pdf',
      comment: 'The domain knows nothing of requests or documents: it neither imports src/http nor src/pdf.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(http|pdf)/' },
    },
    {
      name: 'pdf-not-to-http',
      comment: 'The PDF is rendered from a view-model without a request: src/pdf does not import src/http (shared presenters live in src/presenters).',
      severity: 'error',
      from: { path: '^src/pdf/' },
      to: { path: '^src/http/' },
    },
    {
      name: 'repositories-through-deps',
      comment:
        'Services, routes, presenters and the PDF receive repositories as deps.repos (assembled in src/build-deps.ts) and never import one, so a service can be unit-tested with in-memory fakes. Importing a type a repository returns is fine.',
      severity: 'error',
      from: { path: '^src/(domain|http|presenters|pdf)/' },
      to: { path: '^src/db/repositories/', dependencyTypesNot: ['type-only'] },
    },
    ...downOnly,
    domainTypesOnly,
    {
      name: 'src-file-in-a-layer',
      comment: 'Every file under src/ belongs to a layer: place a new top-level file or folder in `layers` in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/', pathNot: everyLayerPath },
      to: {},
    },
    {
      name: 'src-not-to-tests-or-scripts',
      comment: 'The app never imports tests or scripts (they are not built into dist for production).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' },
    },
    {
      name: 'not-to-dev-dep',
      comment: 'Production code (src, migrations) does not import a devDependency: `npm ci --omit=dev` would not install it. A type-only import is erased by the build, so it may (e.g. json-schema-to-ts).',
      severity: 'error',
      from: { path: '^(src|migrations)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that cannot be resolved cannot be checked against these rules either.',
      severity: 'error',
      from: { path: '^(src|migrations|scripts)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

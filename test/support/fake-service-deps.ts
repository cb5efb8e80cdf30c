import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Mailer } from '../../src/mail/mailer';
import { createLogger } from '../../src/logger';
import { LocalEvidenceStore } from '../../src/storage/local-evidence-store';
import { loadCriteriaFiles } from '../../src/domain/criteria/criteria-files';
import { DEFAULT_PARSE_LIMITS } from '../../src/validation/parse-limits';
import type { RenderSnapshot } from '../../src/domain/snapshot/snapshot-renderer';
import { FakeClock } from './fake-clock';
import { fakeRepositories, type FakeRepositories } from './fake-repositories';

const baseUrl = 'http://eia.test';

/**
 * What a service receives in the app (src/build-deps.ts), with in-memory repositories instead of
 * a database: a unit test of a service needs no PostgreSQL. Mail goes to the fake outbox (no
 * transport, as an instance without SMTP); files go to a fresh folder. The PDF renderer is
 * src/pdf's business (its own tests): here it writes a short text naming what it was given.
 */
const renderSnapshot: RenderSnapshot = async (snapshot, sha256, options, out) => {
  out.write(`%PDF-fake snapshot ${sha256} level ${snapshot.level.id} code ${options.verificationCode} draft ${options.draft}`);
};

export function fakeServiceDeps() {
  const fakes: FakeRepositories = fakeRepositories();
  const clock = new FakeClock();
  const evidenceStore = new LocalEvidenceStore({ root: fs.mkdtempSync(path.join(os.tmpdir(), 'eia-unit-evidence-')) });
  const deps = {
    db: fakes.db,
    repos: fakes.repos,
    clock,
    baseUrl,
    mailer: new Mailer({ db: fakes.db, outbox: fakes.repos.outbox, clock, logger: createLogger('silent'), from: 'EIA Portfolio <no-reply@eia.test>', transport: undefined }),
    config: { signoffLinkDays: 14 },
    criteriaFiles: loadCriteriaFiles(),
    evidenceStore,
    parseLimits: DEFAULT_PARSE_LIMITS,
    renderSnapshot,
  };
  return { deps, clock, data: fakes.data };
}

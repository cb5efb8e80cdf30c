import type { CriteriaDeps } from '../domain/criteria/criteria-catalog';
import type { Config } from '../config';
import type { StoredFile } from '../storage/evidence-store';
import type { EvidenceDeps } from '../domain/evidence/evidence-service';
import { addEvidenceFiles } from '../domain/evidence/evidence-service';
import { createUser } from '../domain/accounts/account-service';
import { portfolioOf, updatePortfolioSettings } from '../domain/portfolio/portfolio-service';
import { createRecord } from '../domain/records/record-service';
import { validateRecord } from '../domain/records/record-validation';
import { definitionOf, RECORD_TYPES, type RecordType } from '../domain/records';
import { recordRepository } from '../db/repositories/record-repository';
import { auditRepository } from '../db/repositories/audit-repository';
import { userRepository, type User } from '../db/repositories/user-repository';
import { normaliseEmail } from '../validation/email-address';
import { conflict } from '../errors';
import { isIsoDate, isoDay } from '../domain/dates';
import { DEMO_LOGS, demoPlan, type DemoLink, type DemoLog } from './demo-plan';

/** What seeding needs: the services' dependencies, the evidence store and the upload limit. */
export type DemoDeps = EvidenceDeps & CriteriaDeps & { config: Pick<Config, 'uploadMaxFileBytes'> };

export interface DemoOptions {
  email: string;
  password: string;
  /** ISO date the portfolio is built back from; not after the clock's today. */
  today: string;
}

export interface DemoResult {
  userId: number;
  /** Records per type: practice, supervision, cpd, contribution, feedback, reflection. */
  counts: Record<string, number>;
  files: number;
}

const messages = {
  exists: (email: string) => `An account with ${email} already exists. The demo portfolio is seeded once per account; sign in with it, or choose another email address.`,
  badToday: (today: string) => `The demo's "today" must be an ISO date not after the clock's today (got "${today}").`,
};

/** The account with this email, if any (the demo is seeded once per account). */
export async function findDemoUser(deps: Pick<DemoDeps, 'db' | 'repos'>, email: string): Promise<User | undefined> {
  const user = await userRepository.findByEmailWithSecret(deps.db, normaliseEmail(email));
  if (!user) return undefined;
  const { passwordHash: _hidden, ...withoutSecret } = user;
  return withoutSecret;
}

/**
 * Creates an applicant with a two-year demo portfolio: every record type and three evidence
 * files, through the app's own services so every rule applies. All of it is written in one
 * transaction, so a failure leaves nothing behind; an existing email is refused (conflict).
 */
export async function seedDemoPortfolio(deps: DemoDeps, options: DemoOptions): Promise<DemoResult> {
  if (!isIsoDate(options.today) || options.today > isoDay(deps.clock.now())) throw new Error(messages.badToday(options.today));
  const plan = demoPlan(options.today);
  // The store is content-addressed and outside the database: bytes whose rows never commit
  // are removed by its cleanup, as for an interrupted upload.
  const stored: StoredFile[] = [];
  for (const file of plan.files) stored.push(await deps.evidenceStore.put(file.bytes, { maxBytes: deps.config.uploadMaxFileBytes }));

  return deps.db.transaction(async (trx) => {
    const tx: DemoDeps = { ...deps, db: trx };
    if (await findDemoUser(tx, options.email)) throw conflict(messages.exists(options.email));
    const user = await createUser(tx, { email: options.email, name: plan.person.name, password: options.password, roles: ['applicant'] }, null);
    await updatePortfolioSettings(tx, user.id, {
      displayName: plan.person.name,
      emccMembershipNumber: plan.person.emccMembershipNumber,
      firstPracticeDate: plan.firstPracticeDate,
      practiceRole: plan.person.practiceRole,
      targetLevel: plan.person.targetLevel,
    });
    const portfolio = await portfolioOf(tx, user.id);
    const now = deps.clock.now();

    // The logs in bulk, as an import commits them: the same schema and rules as the forms.
    const ids = {} as Record<DemoLog, number[]>;
    for (const type of DEMO_LOGS) {
      const definition = definitionOf(type);
      const values = plan.logs[type].map((record) => validateRecord(definition, record, options.today));
      ids[type] = await recordRepository.insertMany(trx, definition, portfolio.id, values, now);
    }
    const idOf = (link: DemoLink) => ({ type: link.type, id: ids[link.type][link.index]! });

    // Reflections one by one, so their links to other records are checked like a form's.
    for (const reflection of plan.reflections) {
      const linkedRecords = reflection.links.map((link) => `${link.type}:${idOf(link).id}`);
      await createRecord(tx, user.id, 'reflection', { ...reflection.values, ...(linkedRecords.length ? { linkedRecords } : {}) });
    }

    for (const [index, file] of plan.files.entries()) {
      await addEvidenceFiles(tx, user.id, [{ stored: stored[index]!, originalName: file.name }], idOf(file.link));
    }

    const counts = Object.fromEntries(RECORD_TYPES.map((type: RecordType) => [type, type === 'reflection' ? plan.reflections.length : type === 'supervision_practice' ? 0 : plan.logs[type].length]));
    await auditRepository.record(trx, { actorId: user.id, action: 'portfolio.demo_seeded', entityType: 'portfolio', entityId: portfolio.id, details: { counts, files: plan.files.length }, at: now });
    return { userId: user.id, counts, files: plan.files.length };
  });
}

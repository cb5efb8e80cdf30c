import { recordRepository } from '../../src/db/repositories/record-repository';
import { createUser } from '../../src/domain/accounts/account-service';
import { isoDay } from '../../src/domain/dates';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { AppError } from '../../src/errors';
import { definitionOf, type RecordDefinition, type RecordType, type RecordValues } from '../../src/domain/records';
import { validateRecord } from '../../src/domain/records/record-validation';
import type { AppDeps } from '../../src/http/app-deps';
import { portfolioData, sizesFor, type PortfolioSizes, type PracticeFacts } from './portfolio-data';

export interface SeededPortfolio {
  owner: { id: number; email: string; password: string };
  portfolioId: number;
  expected: PracticeFacts;
  /** The ids of the inserted records, per log, in the generated order. */
  ids: Record<SeededLog, number[]>;
}

/** The logs the bench generates (every record type but contributions). */
export type SeededLog = Extract<RecordType, 'practice' | 'supervision' | 'cpd' | 'feedback' | 'reflection'>;

const PASSWORD = 'Lantern-Quarry-Ferns-2048';

/**
 * An applicant with a complete portfolio (Master Practitioner in view, so every kind of
 * requirement is evaluated) and the generated logs, stored as the app stores records: each
 * value checked by the record schemas and rules (validateRecord), then inserted in chunks
 * (recordRepository.insertMany, as imports do) in one transaction. Untimed set-up. A number is
 * the practice entries beside the other logs' fixed sizes (sizesFor); sizes set every log.
 */
export async function seedPortfolio(deps: AppDeps, size: number | PortfolioSizes): Promise<SeededPortfolio> {
  const email = 'bench-applicant@example.org';
  const owner = await createUser(deps, { name: 'Bench Applicant', email, password: PASSWORD, roles: ['applicant'] }, null);
  const portfolio = await updatePortfolioSettings(deps, owner.id, {
    displayName: 'Bench Applicant',
    emccMembershipNumber: 'EMCC-123456',
    firstPracticeDate: '2016-09-01',
    practiceRole: 'both',
    criteriaSet: 'emcc-eia',
    targetLevel: 'master_practitioner',
  });
  const data = portfolioData(typeof size === 'number' ? sizesFor(size) : size);
  const logs: [SeededLog, RecordValues[]][] = [
    ['practice', data.practice],
    ['supervision', data.supervision],
    ['cpd', data.cpd],
    ['feedback', data.feedback],
    ['reflection', data.reflections],
  ];
  const today = isoDay(deps.clock.now());
  const ids = {} as SeededPortfolio['ids'];
  await deps.db.transaction(async (trx) => {
    for (const [type, records] of logs) {
      const definition = definitionOf(type);
      const valid = records.map((values) => checked(definition, values, today));
      ids[type] = await recordRepository.insertMany(trx, definition, portfolio.id, valid, deps.clock.now());
    }
  });
  // Fresh statistics, as autovacuum would have them on a server that has been running.
  for (const [type] of logs) await deps.db.raw('analyze ??', [definitionOf(type).table]);
  return { owner: { id: owner.id, email, password: PASSWORD }, portfolioId: portfolio.id, expected: data.expected, ids };
}

/** The values as the app would store them; a generator mistake stops the bench with the field's message. */
function checked(definition: RecordDefinition, values: RecordValues, today: string): RecordValues {
  try {
    return validateRecord(definition, values, today);
  } catch (error) {
    const fields = error instanceof AppError ? JSON.stringify(error.details.fields) : '';
    throw new Error(`a generated ${definition.names.one} is not valid: ${fields || String(error)} in ${JSON.stringify(values)}`);
  }
}

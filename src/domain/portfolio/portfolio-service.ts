import type { FromSchema } from 'json-schema-to-ts';
import type { ServiceDeps } from '../deps';
import { LEVELS, PRACTICE_ROLES } from '../vocabulary';
import { portfolioRepository, type Portfolio } from '../../db/repositories/portfolio-repository';
import { auditRepository } from '../../db/repositories/audit-repository';
import { validatorFor, fieldErrors } from '../../validation/ajv';
import { validationError } from '../../errors';
import { formatIsoDate, isoDay } from '../dates';

export const portfolioSettingsSchema = {
  type: 'object',
  properties: {
    displayName: { type: 'string', minLength: 1, maxLength: 200, errorMessage: 'Enter your name as it should appear on the application (at most 200 characters).' },
    emccMembershipNumber: { type: 'string', maxLength: 40, pattern: '^[A-Za-z0-9 ./-]+$', errorMessage: 'Enter the EMCC membership number as shown on your membership (letters, digits, - / .), or leave it empty.' },
    firstPracticeDate: { type: 'string', format: 'date', errorMessage: 'Enter the date you first practised as a mentor or coach, e.g. 2019-09-01.' },
    practiceRole: { enum: PRACTICE_ROLES.ids, errorMessage: 'Choose mentor, coach or both.' },
    targetLevel: { enum: LEVELS.ids, errorMessage: 'Choose the level you are aiming for.' },
  },
  required: ['displayName'],
  additionalProperties: false,
  errorMessage: { required: { displayName: 'Enter your name as it should appear on the application.' } },
} as const;
export type PortfolioSettingsInput = FromSchema<typeof portfolioSettingsSchema>;

/** The applicant's portfolio, created on first use. */
export const portfolioOf = (deps: Pick<ServiceDeps, 'db' | 'clock'>, ownerId: number): Promise<Portfolio> =>
  portfolioRepository.findOrCreate(deps.db, ownerId, deps.clock.now());

/** Saves the portfolio settings; a first practice date cannot be in the future. */
export async function updatePortfolioSettings(deps: ServiceDeps, ownerId: number, input: PortfolioSettingsInput): Promise<Portfolio> {
  const validate = validatorFor<PortfolioSettingsInput>(portfolioSettingsSchema);
  if (!validate(input)) throw validationError(fieldErrors(validate.errors));
  const today = isoDay(deps.clock.now());
  if (input.firstPracticeDate && input.firstPracticeDate > today) {
    throw validationError({ firstPracticeDate: `The date of first practice cannot be after today (${formatIsoDate(today)}).` });
  }
  return deps.db.transaction(async (trx) => {
    const portfolio = await portfolioRepository.findOrCreate(trx, ownerId, deps.clock.now());
    await portfolioRepository.updateSettings(
      trx,
      portfolio.id,
      {
        displayName: input.displayName,
        emccMembershipNumber: input.emccMembershipNumber ?? null,
        firstPracticeDate: input.firstPracticeDate ?? null,
        practiceRole: input.practiceRole ?? null,
        targetLevel: input.targetLevel ?? null,
      },
      deps.clock.now(),
    );
    await auditRepository.record(trx, { actorId: ownerId, action: 'portfolio.settings_updated', entityType: 'portfolio', entityId: portfolio.id, at: deps.clock.now() });
    return (await portfolioRepository.findByOwner(trx, ownerId))!;
  });
}

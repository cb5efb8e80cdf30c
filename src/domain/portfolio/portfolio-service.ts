import type { FromSchema } from 'json-schema-to-ts';
import type { ServiceDeps } from '../deps';
import { PRACTICE_ROLES } from '../vocabulary';
import { findCriteriaSet, type CriteriaDeps } from '../criteria/criteria-catalog';
import type { Portfolio } from '../../db/repositories/portfolio-repository';
import { dataValidatorFor, fieldErrors } from '../../validation/ajv';
import { isoDate, text } from '../records/schema-parts';
import { validationError } from '../../errors';
import { formatIsoDate, isoDay } from '../dates';

export const portfolioSettingsSchema = {
  type: 'object',
  properties: {
    displayName: text(200, 'your name as it should appear on the application'),
    emccMembershipNumber: { type: 'string', maxLength: 40, pattern: '^[A-Za-z0-9 ./-]+$', errorMessage: 'Enter the EMCC membership number as shown on your membership (letters, digits, - / .), or leave it empty.' },
    firstPracticeDate: isoDate('the date you first practised as a mentor or coach'),
    practiceRole: { enum: PRACTICE_ROLES.ids, errorMessage: 'Choose mentor, coach or both.' },
    criteriaSet: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]*$', maxLength: 80, errorMessage: 'Choose a criteria set from the list.' },
    targetLevel: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]*$', maxLength: 80, errorMessage: 'Choose the level you are aiming for.' },
  },
  required: ['displayName'],
  additionalProperties: false,
  errorMessage: { required: { displayName: 'Enter your name as it should appear on the application.' } },
} as const;
export type PortfolioSettingsInput = FromSchema<typeof portfolioSettingsSchema>;

export type { Portfolio } from '../../db/repositories/portfolio-repository';

const messages = {
  unknownSet: (id: string) => `There is no criteria set "${id}". Choose one from the list.`,
  unknownLevel: (level: string, set: string, levels: string[]) => `"${level}" is not a level of ${set}. Choose one of: ${levels.join(', ')}.`,
};

/** The applicant's portfolio, created on first use. */
export const portfolioOf = (deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number): Promise<Portfolio> => deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());

/** Saves the portfolio settings; a first practice date cannot be in the future, the level must be one of the set's. */
export async function updatePortfolioSettings(deps: CriteriaDeps, ownerId: number, input: PortfolioSettingsInput): Promise<Portfolio> {
  const validate = dataValidatorFor<PortfolioSettingsInput>(portfolioSettingsSchema);
  if (!validate(input)) throw validationError(fieldErrors(validate.errors));
  const today = isoDay(deps.clock.now());
  if (input.firstPracticeDate && input.firstPracticeDate > today) {
    throw validationError({ firstPracticeDate: `The date of first practice cannot be after today (${formatIsoDate(today)}).` });
  }
  const current = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());
  const setId = input.criteriaSet ?? current.criteriaSet;
  const set = await findCriteriaSet(deps, setId);
  if (!set) throw validationError({ criteriaSet: messages.unknownSet(setId) });
  if (input.targetLevel && !set.levels.some((level) => level.id === input.targetLevel)) {
    throw validationError({
      targetLevel: messages.unknownLevel(
        input.targetLevel,
        set.title,
        set.levels.map((level) => level.label),
      ),
    });
  }
  return deps.db.transaction(async (trx) => {
    const portfolio = await deps.repos.portfolio.findOrCreate(trx, ownerId, deps.clock.now());
    await deps.repos.portfolio.updateSettings(
      trx,
      portfolio.id,
      {
        displayName: input.displayName,
        emccMembershipNumber: input.emccMembershipNumber ?? null,
        firstPracticeDate: input.firstPracticeDate ?? null,
        practiceRole: input.practiceRole ?? null,
        targetLevel: input.targetLevel ?? null,
        criteriaSet: setId,
      },
      deps.clock.now(),
    );
    await deps.repos.audit.record(trx, { actorId: ownerId, action: 'portfolio.settings_updated', entityType: 'portfolio', entityId: portfolio.id, at: deps.clock.now() });
    return (await deps.repos.portfolio.findByOwner(trx, ownerId))!;
  });
}

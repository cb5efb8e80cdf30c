import type { FromSchema } from 'json-schema-to-ts';
import type { ServiceDeps } from '../deps';
import { PRACTICE_ROLES } from '../vocabulary';
import { findCriteriaSet, type CriteriaDeps } from '../criteria/criteria-catalog';
import type { Portfolio, PortfolioTarget } from '../../db/repositories/portfolio-repository';
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

const idPattern = '^[a-z0-9][a-z0-9_.-]*$';

/** The credentials a portfolio prepares, first first; the first replaces criteriaSet and targetLevel. */
export const targetsSchema = {
  type: 'array',
  maxItems: 10,
  uniqueItems: true,
  items: {
    type: 'object',
    properties: {
      criteriaSet: { type: 'string', pattern: idPattern, maxLength: 80 },
      level: { type: 'string', pattern: idPattern, maxLength: 80 },
    },
    required: ['criteriaSet', 'level'],
    additionalProperties: false,
  },
  description:
    'The target credentials, first first (at most 10, all different; added in this version, older clients may ignore it). When sent, the first one replaces criteriaSet and targetLevel (which, if sent too, must match it); null or an empty list clears them all, and the level aimed at with them. Read back as null when there are none. Sending only targetLevel changes the first target and keeps the others.',
  errorMessage: 'Choose at most 10 different target credentials, each a criteria set and one of its levels, e.g. [{"criteriaSet": "emcc-eia", "level": "practitioner"}].',
} as const;

/** The settings with the list of target credentials (the form and the API; the export keeps the first target in criteriaSet/targetLevel). */
export const portfolioSettingsWithTargetsSchema = {
  ...portfolioSettingsSchema,
  properties: { ...portfolioSettingsSchema.properties, targets: targetsSchema },
} as const;
export type PortfolioSettingsInput = FromSchema<typeof portfolioSettingsWithTargetsSchema>;
export type TargetInput = NonNullable<PortfolioSettingsInput['targets']>[number];

export type { Portfolio, PortfolioTarget } from '../../db/repositories/portfolio-repository';

const messages = {
  unknownSet: (id: string) => `There is no criteria set "${id}". Choose one from the list.`,
  unknownLevel: (level: string, set: string, levels: string[]) => `"${level}" is not a level of ${set}. Choose one of: ${levels.join(', ')}.`,
  unknownTarget: (set: string, level: string) => `"${set}/${level}" is not a credential this app knows: choose a criteria set and one of its levels from the list.`,
};

/** The portfolio's target credentials, first first (the first is the level aimed at). */
export async function portfolioTargets(deps: Pick<ServiceDeps, 'db' | 'repos'>, portfolio: Portfolio): Promise<PortfolioTarget[]> {
  const targets = portfolio.targets ?? (await deps.repos.portfolio.targets(deps.db, portfolio.id));
  // A portfolio saved by code that knows only targetLevel still names its first target there.
  if (!targets.length && portfolio.targetLevel) return [{ criteriaSet: portfolio.criteriaSet, levelId: portfolio.targetLevel }];
  return targets;
}

/**
 * The applicant's portfolio, created on first use; `readAlready` is the portfolio as the caller
 * read it for this request (a signed-in page has it from the session's lookup), which spares a
 * round trip to the database when it is this owner's.
 */
export const portfolioOf = async (deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number, readAlready?: Portfolio): Promise<Portfolio> =>
  readAlready?.ownerId === ownerId ? readAlready : deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());

/** Saves the portfolio settings; a first practice date cannot be in the future, the level must be one of the set's. */
export async function updatePortfolioSettings(deps: CriteriaDeps, ownerId: number, given: PortfolioSettingsInput): Promise<Portfolio> {
  let input = given;
  const validate = dataValidatorFor<PortfolioSettingsInput>(portfolioSettingsWithTargetsSchema);
  if (!validate(input)) throw validationError(fieldErrors(validate.errors));
  if (input.targets) {
    for (const [index, target] of input.targets.entries()) {
      // The first target is the level aimed at: its problem is said beside that choice.
      const field = index === 0 ? 'targetLevel' : 'targets';
      const targetSet = await findCriteriaSet(deps, target.criteriaSet);
      if (!targetSet) throw validationError({ [field]: messages.unknownTarget(target.criteriaSet, target.level) });
      if (!targetSet.levels.some((level) => level.id === target.level)) {
        throw validationError({
          [field]: messages.unknownLevel(
            target.level,
            targetSet.title,
            targetSet.levels.map((level) => level.label),
          ),
        });
      }
    }
    // The list decides the level aimed at: its first credential.
    const [first] = input.targets;
    input = { ...input, criteriaSet: first?.criteriaSet ?? input.criteriaSet, targetLevel: first?.level };
    if (!first) delete input.targetLevel;
  }
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
    if (input.targets)
      await deps.repos.portfolio.replaceTargets(
        trx,
        portfolio.id,
        input.targets.map((target) => ({ criteriaSet: target.criteriaSet, levelId: target.level })),
      );
    await deps.repos.audit.record(trx, { actorId: ownerId, action: 'portfolio.settings_updated', entityType: 'portfolio', entityId: portfolio.id, at: deps.clock.now() });
    return (await deps.repos.portfolio.findByOwner(trx, ownerId))!;
  });
}

import type { FromSchema } from 'json-schema-to-ts';
import type { CriteriaDeps } from '../criteria/criteria-catalog';
import { findCriteriaSet } from '../criteria/criteria-catalog';
import { addEvidenceFiles, QuotaExceededError, type EvidenceDeps, type UploadedFile } from '../evidence/evidence-service';
import { dataValidatorFor, fieldErrors } from '../../validation/ajv';
import { AppError, notFound, validationError } from '../../errors';
import { formatIsoDate, isoDay } from '../dates';
import { isoDate } from '../records/schema-parts';
import { normaliseVerificationCode } from '../snapshot/verification-code';
import type { Award, AwardInput } from '../../db/repositories/award-repository';
import type { Portfolio } from '../../db/repositories/portfolio-repository';
import { AWARD_SCHEMES, daysUntil, RENEWAL_SET, renewalDate, SCHEME_LABELS, type AwardScheme } from './awards';

export type { Award } from '../../db/repositories/award-repository';

/** The EMCC EIA criteria set whose level ids an EIA award names. */
export const EIA_SET_ID = 'emcc-eia';

export const awardSchema = {
  type: 'object',
  properties: {
    scheme: { enum: AWARD_SCHEMES, errorMessage: 'Choose the scheme of the award: EMCC EIA, EMCC ESIA, ICF, AC or other.' },
    level: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\u0000]*$', errorMessage: 'Enter the level of the award (at most 100 characters), e.g. Practitioner or PCC.' },
    awardedOn: isoDate('the date of the award'),
    verificationCode: { type: 'string', maxLength: 40, errorMessage: 'Enter the verification code printed on the PDF this app issued, e.g. ABCD-EFGH-JKMN-PQRS, or leave it empty.' },
  },
  required: ['scheme', 'level', 'awardedOn'],
  additionalProperties: false,
  errorMessage: {
    required: { scheme: 'Choose the scheme of the award.', level: 'Choose or enter the level of the award.', awardedOn: 'Enter the date of the award, e.g. 2022-10-03.' },
  },
} as const;
export type AwardFormInput = FromSchema<typeof awardSchema>;

export type AwardDeps = EvidenceDeps & CriteriaDeps;

const messages = {
  eiaLevel: (levels: string[]) => `Choose the EIA level of the award: one of ${levels.join(', ')}.`,
  future: (today: string) => `The award date cannot be after today (${formatIsoDate(today)}).`,
  badCode: 'This code is not one of your submissions that an assessor of this app awarded. Check the code printed on your PDF, or leave the field empty.',
  notFound: 'This award does not exist, or is not yours.',
  quota: 'The certificate would take your portfolio past its space. Delete files you no longer need, or upload a smaller file.',
};

/** An award as pages and the API show it: with its scheme and level in words and its renewal. */
export interface AwardView extends Award {
  schemeLabel: string;
  levelLabel: string;
  /** "EMCC EIA Practitioner" */
  title: string;
  /** ISO date, or null when this app does not compute the scheme's renewal (ICF, other). */
  renewalOn: string | null;
  /** Days from today to the renewal date (negative once passed). */
  daysLeft: number | null;
  /** The criteria set a renewal is evaluated against, when this app has one. */
  renewalSet: string | null;
}

async function eiaLevels(deps: CriteriaDeps) {
  return (await findCriteriaSet(deps, EIA_SET_ID))?.levels ?? [];
}

/** "senior_practitioner" → "Senior Practitioner": a level's words when its set is not at hand (the reminder job). */
const levelIdText = (id: string) => id.replace(/_/g, ' ').replace(/\b\w/g, (letter) => letter.toUpperCase());

/** The view of an award on a day. */
export function awardView(award: Award, today: string, levelLabels: ReadonlyMap<string, string>): AwardView {
  const schemeLabel = SCHEME_LABELS[award.scheme];
  const levelLabel = award.scheme === 'emcc_eia' ? (levelLabels.get(award.level) ?? levelIdText(award.level)) : award.level;
  const renewalOn = renewalDate(award.scheme, award.awardedOn);
  return {
    ...award,
    schemeLabel,
    levelLabel,
    title: award.scheme === 'other' ? levelLabel : `${schemeLabel} ${levelLabel}`,
    renewalOn,
    daysLeft: renewalOn ? daysUntil(today, renewalOn) : null,
    renewalSet: RENEWAL_SET[award.scheme] ?? null,
  };
}

async function views(deps: AwardDeps, awards: Award[]): Promise<AwardView[]> {
  const labels = new Map((await eiaLevels(deps)).map((level) => [level.id, level.label]));
  const today = isoDay(deps.clock.now());
  return awards.map((award) => awardView(award, today, labels));
}

async function portfolioIdOf(deps: AwardDeps, ownerId: number): Promise<number> {
  return (await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now())).id;
}

/** The owner's awards, latest first. */
export async function listAwards(deps: AwardDeps, ownerId: number): Promise<AwardView[]> {
  return views(deps, await deps.repos.award.list(deps.db, await portfolioIdOf(deps, ownerId)));
}

/** One of the owner's awards, or not found. */
export async function getAward(deps: AwardDeps, ownerId: number, id: number): Promise<AwardView> {
  const award = await deps.repos.award.find(deps.db, await portfolioIdOf(deps, ownerId), id);
  if (!award) throw notFound(messages.notFound);
  return (await views(deps, [award]))[0]!;
}

/**
 * The portfolio's awards (the dashboard has the portfolio at hand: one query) whose renewal this app computes and that are not yet past, nearest first:
 * what the dashboard announces.
 */
export async function upcomingRenewals(deps: AwardDeps, portfolio: Pick<Portfolio, 'id' | 'awards'>): Promise<AwardView[]> {
  // The portfolio's own query brings its awards (the dashboard's query budget); a made-up one reads them.
  const all = await views(deps, portfolio.awards ?? (await deps.repos.award.list(deps.db, portfolio.id)));
  return all.filter((award) => award.renewalOn !== null && (award.daysLeft ?? -1) >= 0).sort((a, b) => a.renewalOn!.localeCompare(b.renewalOn!));
}

/** The awarded submission of the owner that the code belongs to, or a message beside the field. */
async function verifiedSubmission(deps: AwardDeps, ownerId: number, rawCode: string | undefined): Promise<{ code: string | null; submissionId: number | null }> {
  if (!rawCode) return { code: null, submissionId: null };
  const code = normaliseVerificationCode(rawCode);
  const facts = code ? await deps.repos.submission.findPublicFacts(deps.db, code) : undefined;
  const summary = facts ? await deps.repos.submission.findSummary(deps.db, facts.id) : undefined;
  if (!summary || summary.applicantId !== ownerId || summary.status !== 'awarded') throw validationError({ verificationCode: messages.badCode });
  return { code: code!, submissionId: summary.id };
}

/** Checks an award's fields beyond the schema: an EIA level of the set, no date after today, a code of this app. */
async function checkedInput(deps: AwardDeps, ownerId: number, input: AwardFormInput, certificateFileId: number | null): Promise<AwardInput> {
  const validate = dataValidatorFor<AwardFormInput>(awardSchema);
  const fields: Record<string, string> = validate(input) ? {} : fieldErrors(validate.errors);
  if (input.scheme === 'emcc_eia') {
    // An EIA level is one of the EIA set's: the message names them (also when none was chosen).
    const levels = await eiaLevels(deps);
    if (!levels.some((level) => level.id === input.level)) fields.level = messages.eiaLevel(levels.map((level) => level.label));
  }
  if (Object.keys(fields).length) throw validationError(fields);
  const today = isoDay(deps.clock.now());
  if (input.awardedOn > today) fields.awardedOn = messages.future(today);
  if (Object.keys(fields).length) throw validationError(fields);
  const { code, submissionId } = await verifiedSubmission(deps, ownerId, input.verificationCode);
  return { scheme: input.scheme as AwardScheme, level: input.level, awardedOn: input.awardedOn, certificateFileId, verificationCode: code, verifiedSubmissionId: submissionId };
}

/** The uploaded certificate added to the owner's evidence files (the same store and checks as any evidence file). */
async function certificateOf(deps: AwardDeps, ownerId: number, uploads: UploadedFile[]): Promise<number | null> {
  if (!uploads.length) return null;
  const [file] = await addEvidenceFiles(deps, ownerId, uploads.slice(0, 1)).catch((error: unknown) => {
    if (error instanceof QuotaExceededError) throw validationError({ certificate: messages.quota });
    if (error instanceof AppError && error.details.fields?.files) throw validationError({ certificate: error.details.fields.files });
    throw error;
  });
  return file!.id;
}

/** Records an award; a certificate, when uploaded, becomes one of the portfolio's evidence files. */
export async function addAward(deps: AwardDeps, ownerId: number, input: AwardFormInput, uploads: UploadedFile[] = []): Promise<AwardView> {
  const checked = await checkedInput(deps, ownerId, input, null);
  const certificateFileId = await certificateOf(deps, ownerId, uploads);
  const portfolioId = await portfolioIdOf(deps, ownerId);
  const id = await deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const created = await deps.repos.award.insert(trx, portfolioId, { ...checked, certificateFileId }, now);
    await deps.repos.audit.record(trx, {
      actorId: ownerId,
      action: 'award.created',
      entityType: 'award',
      entityId: created,
      details: { scheme: checked.scheme, level: checked.level, awardedOn: checked.awardedOn },
      at: now,
    });
    return created;
  });
  return getAward(deps, ownerId, id);
}

/** Changes an award; the certificate is kept unless a new one is uploaded (or `removeCertificate`). */
export async function updateAward(deps: AwardDeps, ownerId: number, id: number, input: AwardFormInput, uploads: UploadedFile[] = [], removeCertificate = false): Promise<AwardView> {
  const before = await getAward(deps, ownerId, id);
  const checked = await checkedInput(deps, ownerId, input, null);
  const uploaded = await certificateOf(deps, ownerId, uploads);
  const certificateFileId = uploaded ?? (removeCertificate ? null : before.certificateFileId);
  await deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    if (!(await deps.repos.award.update(trx, before.portfolioId, id, { ...checked, certificateFileId }, now))) throw notFound(messages.notFound);
    await deps.repos.audit.record(trx, {
      actorId: ownerId,
      action: 'award.updated',
      entityType: 'award',
      entityId: id,
      details: { before: { scheme: before.scheme, level: before.level, awardedOn: before.awardedOn } },
      at: now,
    });
  });
  return getAward(deps, ownerId, id);
}

/** Deletes an award (its certificate stays among the evidence files). */
export async function deleteAward(deps: AwardDeps, ownerId: number, id: number): Promise<void> {
  const award = await getAward(deps, ownerId, id);
  await deps.db.transaction(async (trx) => {
    if (!(await deps.repos.award.remove(trx, award.portfolioId, id))) throw notFound(messages.notFound);
    await deps.repos.audit.record(trx, {
      actorId: ownerId,
      action: 'award.deleted',
      entityType: 'award',
      entityId: id,
      details: { scheme: award.scheme, level: award.level, awardedOn: award.awardedOn },
      at: deps.clock.now(),
    });
  });
}

/** The EIA levels to choose from on the form. */
export const eiaLevelChoices = async (deps: CriteriaDeps) => (await eiaLevels(deps)).map((level) => ({ id: level.id, label: level.label }));

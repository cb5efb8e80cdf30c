import { evaluatePortfolio } from '../portfolio/evaluation-service';
import { prepareDraftPdf, type PortfolioPdfDeps, type PreparedPdf } from '../portfolio/portfolio-pdf-service';
import { submitPortfolio, type SubmissionSummary, type SubmitInput } from '../submission/submission-service';
import { requestDraftPdf, requestSubmission, type PdfRender, type PdfRenderDeps } from '../rendering/pdf-render-service';
import type { SnapshotRenewal } from '../snapshot/snapshot';
import { validationError } from '../../errors';
import type { LevelResult } from '../evaluation/evaluation';
import type { CriteriaSet } from '../criteria/criteria-set';
import { getAward, type AwardDeps, type AwardView } from './award-service';

export type RenewalDeps = AwardDeps & PortfolioPdfDeps;

const messages = {
  noRenewalSet: (award: string) => `This app has no renewal criteria for ${award}: it evaluates the renewal of EMCC EIA awards. Keep the award here for its renewal date, and prepare the renewal with the awarding body.`,
  noLevel: (level: string, set: string) => `The renewal criteria (${set}) have no level “${level}”. Edit the award and choose its level again.`,
};

/** An award that this app can renew: its renewal set and level (else a message saying why not). */
async function renewable(deps: RenewalDeps, ownerId: number, awardId: number): Promise<{ award: AwardView & { renewalSet: string; renewalOn: string } }> {
  const award = await getAward(deps, ownerId, awardId);
  if (!award.renewalSet || !award.renewalOn) throw validationError({ _form: messages.noRenewalSet(award.title) });
  return { award: award as AwardView & { renewalSet: string; renewalOn: string } };
}

const snapshotRenewal = (award: AwardView & { renewalOn: string }): SnapshotRenewal => ({ award: award.title, awardedOn: award.awardedOn, renewalOn: award.renewalOn });

export interface RenewalEvaluation {
  award: AwardView & { renewalSet: string; renewalOn: string };
  set: CriteriaSet;
  /** The award's level in the renewal set, evaluated on the window ending on `asOf`. */
  level: LevelResult;
  asOf: string;
}

/**
 * The portfolio evaluated against the award's renewal set, for the award's level, on a date
 * (today by default): each window ends on that date (practice hours in the 5 years before it,
 * supervision in each quarter of those 5 years …).
 */
export async function evaluateRenewal(deps: RenewalDeps, ownerId: number, awardId: number, asOf?: string): Promise<RenewalEvaluation> {
  const { award } = await renewable(deps, ownerId, awardId);
  const { evaluation, set } = await evaluatePortfolio(deps, ownerId, { setId: award.renewalSet, ...(asOf ? { asOf } : {}) });
  const level = evaluation.levels.find((each) => each.id === award.level);
  if (!level) throw validationError({ _form: messages.noLevel(award.levelLabel, set.title) });
  return { award, set, level, asOf: evaluation.asOf };
}

/** The renewal application as a draft PDF, through the application's renderer, titled as a renewal. */
export async function prepareRenewalPdf(deps: RenewalDeps, ownerId: number, awardId: number, asOf?: string): Promise<PreparedPdf> {
  const { award } = await renewable(deps, ownerId, awardId);
  return prepareDraftPdf(deps, ownerId, { level: award.level, setId: award.renewalSet, renewal: snapshotRenewal(award), ...(asOf ? { asOf } : {}) });
}

/** The renewal application's draft PDF, rendered in the background (see requestDraftPdf). */
export async function requestRenewalPdf(deps: RenewalDeps & PdfRenderDeps, ownerId: number, awardId: number, asOf?: string): Promise<PdfRender> {
  const { award } = await renewable(deps, ownerId, awardId);
  return requestDraftPdf(deps, ownerId, { level: award.level, setId: award.renewalSet, renewal: snapshotRenewal(award), ...(asOf ? { asOf } : {}) });
}

/** What submitting a renewal makes: the same flow as an application, against the renewal set, labelled a renewal. */
async function renewalSubmission(deps: RenewalDeps, ownerId: number, awardId: number, input: { declarations: string[]; blindAppendices?: boolean }): Promise<SubmitInput> {
  const { award } = await renewable(deps, ownerId, awardId);
  return {
    level: award.level,
    declarations: input.declarations,
    ...(input.blindAppendices !== undefined ? { blindAppendices: input.blindAppendices } : {}),
    renewal: { awardId: award.id, setId: award.renewalSet, snapshot: snapshotRenewal(award) },
  };
}

/** Submits the renewal for assessment at once (scripts and tests; the pages ask through requestRenewalSubmission). */
export async function submitRenewal(deps: RenewalDeps, ownerId: number, awardId: number, input: { declarations: string[]; blindAppendices?: boolean }): Promise<SubmissionSummary> {
  return submitPortfolio(deps, ownerId, await renewalSubmission(deps, ownerId, awardId, input));
}

/** Submits the renewal in the background, as an application is (see requestSubmission). */
export async function requestRenewalSubmission(deps: RenewalDeps & PdfRenderDeps, ownerId: number, awardId: number, input: { declarations: string[]; blindAppendices?: boolean }): Promise<PdfRender> {
  return requestSubmission(deps, ownerId, await renewalSubmission(deps, ownerId, awardId, input));
}

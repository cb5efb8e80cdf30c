import type { Request } from 'express';
import { AppError, validationError } from '../../../errors';
import type { AwardFormInput, AwardView } from '../../../domain/awards/award-service';

/**
 * The award form names the level twice, as a browser can send it without JavaScript: a choice of
 * the EIA levels (`eiaLevel`) and a text field for the other schemes (`otherLevel`). These turn
 * the form into the service's input, and the service's message about `level` back into the
 * field the person used.
 */
export function awardInputFromForm(body: Record<string, unknown>): AwardFormInput {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
  const scheme = text('scheme');
  const level = scheme === 'emcc_eia' ? text('eiaLevel') : text('otherLevel');
  const code = text('verificationCode');
  return { scheme, level, awardedOn: text('awardedOn'), ...(code ? { verificationCode: code } : {}) } as AwardFormInput;
}

export function levelFieldOf(body: Record<string, unknown>): 'eiaLevel' | 'otherLevel' {
  return body.scheme === 'emcc_eia' ? 'eiaLevel' : 'otherLevel';
}

/** Rethrows a validation error with `level` named as the field the form showed. */
export function onFormFields(req: Request) {
  return (error: unknown): never => {
    if (error instanceof AppError && error.code === 'validation' && error.details.fields?.level) {
      const { level, ...rest } = error.details.fields;
      throw validationError({ ...rest, [levelFieldOf(req.body ?? {})]: level });
    }
    throw error;
  };
}

/** The form's values for an award being edited. */
export const formValuesOf = (award: AwardView) => ({
  scheme: award.scheme,
  eiaLevel: award.scheme === 'emcc_eia' ? award.level : '',
  otherLevel: award.scheme === 'emcc_eia' ? '' : award.level,
  awardedOn: award.awardedOn,
  verificationCode: award.verificationCode ?? '',
});

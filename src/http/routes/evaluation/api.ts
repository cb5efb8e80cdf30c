import type { AppDeps } from '../../app-deps';
import { evaluatePortfolio } from '../../../domain/portfolio/evaluation-service';
import { errorResponses, json } from '../../openapi';
import { ApiRouter } from '../../api-router';
import type { Evaluation } from '../../../domain/evaluation/evaluation';
import { validationError } from '../../../errors';

const messages = {
  include: 'include must be "records" (each requirement with the records it counted and excluded), or left out for the summary.',
};

/**
 * The evaluation as the API gives it: by default a summary per requirement (met, figures, gap,
 * and how many records counted and were excluded); with the record lists when asked for, since
 * for a large portfolio they are most of the bytes (every record of every requirement of every level).
 */
function evaluationJson(evaluation: Evaluation, withRecords: boolean) {
  return {
    ...evaluation,
    levels: evaluation.levels.map((level) => ({
      ...level,
      requirements: level.requirements.map(({ counted, excluded, ...requirement }) => ({
        ...requirement,
        countedCount: counted.length,
        excludedCount: excluded.length,
        ...(withRecords ? { counted, excluded } : {}),
      })),
    })),
  };
}

/** The live evaluation (routes/api.ts checks the applicant role on /evaluation first). */
export function evaluationApi(deps: AppDeps): ApiRouter {
  const api = new ApiRouter();
  api.get('/evaluation', evaluationOperation, async (req, res) => {
    const asOf = typeof req.query.asOf === 'string' ? req.query.asOf : undefined;
    const setId = typeof req.query.set === 'string' ? req.query.set : undefined;
    if (req.query.include !== undefined && req.query.include !== 'records') throw validationError({ include: messages.include });
    res.json(evaluationJson((await evaluatePortfolio(deps, req.user!.id, { asOf, setId })).evaluation, req.query.include === 'records'));
  });

  return api;
}

const evaluationOperation = {
  summary: 'The evaluation of the portfolio against a criteria set on a date',
  parameters: [
    { name: 'asOf', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Default: today' },
    { name: 'set', in: 'query', schema: { type: 'string' }, description: 'A criteria set id; default: the portfolio’s' },
    {
      name: 'include',
      in: 'query',
      schema: { enum: ['records'] },
      description: 'records: each requirement also lists the records it counted and excluded (with the reason); left out, only their numbers (countedCount, excludedCount)',
    },
  ],
  responses: { '200': { description: 'See schemas/evaluation.schema.json', ...json({ type: 'object' }) }, ...errorResponses },
};

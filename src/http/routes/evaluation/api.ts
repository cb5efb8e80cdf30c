import type { AppDeps } from '../../app-deps';
import { evaluatePortfolio } from '../../../domain/portfolio/evaluation-service';
import { errorResponses, json } from '../../openapi';
import { ApiRouter } from '../../api-router';

/** The live evaluation (routes/api.ts checks the applicant role on /evaluation first). */
export function evaluationApi(deps: AppDeps): ApiRouter {
  const api = new ApiRouter();
  api.get('/evaluation', evaluationOperation, async (req, res) => {
    const asOf = typeof req.query.asOf === 'string' ? req.query.asOf : undefined;
    const setId = typeof req.query.set === 'string' ? req.query.set : undefined;
    res.json((await evaluatePortfolio(deps, req.user!.id, { asOf, setId })).evaluation);
  });

  return api;
}

const evaluationOperation = {
  summary: 'The evaluation of the portfolio against a criteria set on a date',
  parameters: [
    { name: 'asOf', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Default: today' },
    { name: 'set', in: 'query', schema: { type: 'string' }, description: 'A criteria set id; default: the portfolio’s' },
  ],
  responses: { '200': { description: 'See schemas/evaluation.schema.json', ...json({ type: 'object' }) }, ...errorResponses },
};

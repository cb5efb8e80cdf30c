import type { AppDeps } from '../../app-deps';
import { idParam } from '../../params';
import { ApiRouter } from '../../api-router';
import { errorResponses, json, ref } from '../../openapi';
import { idempotent } from '../../middleware/idempotency';
import { checkBeforeBody } from '../../middleware/auth';
import { addAward, awardSchema, deleteAward, getAward, listAwards, updateAward, type AwardFormInput, type AwardView } from '../../../domain/awards/award-service';
import { AWARD_SCHEMES } from '../../../domain/awards/awards';

/** An award as the API shows it, with its renewal date (null when the app does not compute it: ICF, other). */
const awardJson = (award: AwardView) => ({
  id: award.id,
  scheme: award.scheme,
  level: award.level,
  levelLabel: award.levelLabel,
  awardedOn: award.awardedOn,
  renewalOn: award.renewalOn,
  daysUntilRenewal: award.daysLeft,
  renewalCriteriaSet: award.renewalSet,
  certificateFileId: award.certificateFileId,
  verificationCode: award.verificationCode,
  verified: award.verified,
  createdAt: award.createdAt.toISOString(),
  updatedAt: award.updatedAt.toISOString(),
});

const awardOut = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    scheme: { enum: AWARD_SCHEMES },
    level: { type: 'string', description: 'For EMCC EIA, a level id of the emcc-eia criteria set (e.g. "practitioner")' },
    levelLabel: { type: 'string' },
    awardedOn: { type: 'string', format: 'date' },
    renewalOn: { type: ['string', 'null'], format: 'date', description: 'Award date + 5 years (EMCC EIA, ESIA) or + 3 years (AC); null for ICF and other schemes (renewal not computed)' },
    daysUntilRenewal: { type: ['integer', 'null'] },
    renewalCriteriaSet: { type: ['string', 'null'], description: 'The criteria set a renewal is evaluated against (emcc-eia-renewal), when the app has one' },
    certificateFileId: { type: ['integer', 'null'], description: 'The evidence file holding the certificate (uploaded on the Awards page)' },
    verificationCode: { type: ['string', 'null'] },
    verified: { type: 'boolean', description: 'The code belongs to a submission of this app that an assessor awarded' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'scheme', 'level', 'awardedOn', 'renewalOn', 'verified'],
};

const awardResponse = (description: string) => ({ description, ...json(awardOut) });
const notFound = { description: 'Not found (or not yours)', ...json(ref('Error')) };

/** Awards in the JSON API: list, record, read, change, delete (routes/api.ts checks the applicant role on /awards first). */
export function awardApi(deps: AppDeps): ApiRouter {
  const api = new ApiRouter();
  api.get(
    '/awards',
    {
      summary: 'Your awards, latest first, each with its renewal date',
      responses: { '200': { description: 'The awards', ...json({ type: 'object', properties: { items: { type: 'array', items: awardOut } } }) }, ...errorResponses },
    },
    async (req, res) => {
      res.json({ items: (await listAwards(deps, req.user!.id)).map(awardJson) });
    },
  );

  api.post(
    '/awards',
    { summary: 'Record an award you hold (the certificate file is uploaded on the Awards page)', body: awardSchema, responses: { '201': awardResponse('The award recorded'), ...errorResponses } },
    idempotent(deps),
    async (req, res) => {
      const award = await addAward(deps, req.user!.id, req.body as AwardFormInput);
      res.status(201).location(`/api/v1/awards/${award.id}`).json(awardJson(award));
    },
  );

  api.get('/awards/{id}', { summary: 'One of your awards', responses: { '200': awardResponse('The award'), '404': notFound, ...errorResponses } }, async (req, res) => {
    res.json(awardJson(await getAward(deps, req.user!.id, idParam(req))));
  });

  const put = {
    summary: 'Change an award: send every field (scheme, level, awardedOn, verificationCode); its certificate is kept',
    body: awardSchema,
    responses: { '200': awardResponse('The award as saved'), '404': notFound, ...errorResponses },
    // Someone else's award is "not found" before its body is judged.
    guards: [checkBeforeBody((req) => getAward(deps, req.user!.id, idParam(req)))],
  };
  api.patch('/awards/{id}', put, async (req, res) => {
    res.json(awardJson(await updateAward(deps, req.user!.id, idParam(req), req.body as AwardFormInput)));
  });

  api.delete('/awards/{id}', { summary: 'Delete an award (its certificate stays among your evidence files)', responses: { '204': { description: 'Deleted' }, '404': notFound, ...errorResponses } }, async (req, res) => {
    await deleteAward(deps, req.user!.id, idParam(req));
    res.status(204).end();
  });
  return api;
}

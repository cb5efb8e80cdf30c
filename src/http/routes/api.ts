import type { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { bearerAuth, requireRole } from '../middleware/auth';
import { RECORD_DEFINITIONS } from '../../domain/records';
import { openApiDocument } from '../openapi';
import { ApiRouter } from '../api-router';
import { accountApi } from './accounts/api';
import { portfolioApi, portfolioExportApi } from './portfolio/api';
import { recordApi } from './records/api';
import { importApi } from './imports/api';
import { signoffRequestApi } from './signoff/api';
import { submissionApi } from './submissions/api';
import { pdfRenderApi } from './renders/api';
import { assessmentApi } from './assessments/api';
import { evaluationApi } from './evaluation/api';
import { awardApi } from './awards/api';

/**
 * The JSON API under /api/v1: personal access tokens, the same services as the pages; each route registered with its documentation.
 * Each resource's part lives beside its pages (routes/<resource>/api.ts); they run, and the document lists them, in the order included here.
 */
export function apiRoutes(deps: AppDeps): Router {
  const api = new ApiRouter();
  api.router.get('/api/v1/openapi.json', (_req, res) => res.json(openApiDocument(deps.config.baseUrl, api.operations)));
  api.router.use('/api/v1', bearerAuth(deps));

  api.include(accountApi());

  const applicant = requireRole('applicant');
  api.use(['/portfolio', '/imports', '/export', '/evaluation', '/awards', ...RECORD_DEFINITIONS.map((definition) => definition.path)], applicant);

  api.include(portfolioApi(deps, applicant));
  for (const definition of RECORD_DEFINITIONS) api.include(recordApi(deps, definition));
  api.include(importApi(deps));
  api.include(signoffRequestApi(deps, applicant));
  api.include(submissionApi(deps));
  api.include(assessmentApi(deps));
  api.include(portfolioExportApi(deps));
  api.include(evaluationApi(deps));
  api.include(awardApi(deps));
  api.include(pdfRenderApi(deps));

  return api.router;
}

import { Router } from 'express';
import type { AppDeps } from '../../app-deps';
import { pingDb } from '../../../db/knex';

/** GET /healthz: 200 when the database answers, 503 when it does not (for load balancers). */
export function healthRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const up = await pingDb(deps.db);
    res
      .status(up ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down' });
  });
  return router;
}

import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { bearerAuth } from '../middleware/auth';

/** The JSON API under /api/v1, authenticated by personal access tokens. */
export function apiRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/api/v1', bearerAuth(deps));

  router.get('/api/v1/me', (req, res) => {
    const user = req.user!;
    res.json({ id: user.id, email: user.email, name: user.name, roles: user.roles, createdAt: user.createdAt.toISOString() });
  });

  return router;
}

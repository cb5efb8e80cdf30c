import { Router } from 'express';
import { ROLE_LABELS } from '../../domain/accounts/roles';

/** The dashboard: the signed-in user's starting point; anonymous visitors go to sign in. */
export function homeRoutes(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    if (!req.user) return res.redirect(303, '/login');
    res.render('home/dashboard', { title: 'Dashboard', roleLabels: ROLE_LABELS });
  });
  return router;
}

import { Router } from 'express';
import type { AppDeps } from '../../app-deps';
import { getCriteriaSet, listCriteriaSets, setDefaultCriteriaSet, uploadCriteriaSet } from '../../../domain/criteria/criteria-catalog';
import { requireRole, requireUser } from '../../middleware/auth';
import { formPage } from '../../middleware/validate';
import { validationError } from '../../../errors';
import { CONFIDENCE_LABELS, KIND_LABELS } from '../../../presenters/criteria';
import { uploadOne } from '../../middleware/upload';

const messages = {
  chooseFile: 'Choose a criteria set file (.json) to upload.',
  tooLarge: 'A criteria set file is at most 1 MB.',
  uploaded: (title: string) => `The criteria set “${title}” has been added.`,
  madeDefault: (title: string) => `“${title}” is now the default criteria set for new portfolios.`,
};

/** Criteria sets: admins list, upload and choose the default; anyone signed in may read a set. */
export function criteriaRoutes(deps: AppDeps): Router {
  const router = Router();
  const listView = async () => ({ title: 'Criteria sets', entries: await listCriteriaSets(deps) });

  router.get('/admin/criteria', requireRole('admin'), async (_req, res) => res.render('criteria/admin', await listView()));

  router.post('/admin/criteria', requireRole('admin'), formPage('criteria/admin', listView), uploadOne('file', 1024 * 1024, messages.tooLarge), async (req, res) => {
    if (!req.file) throw validationError({ file: messages.chooseFile });
    const set = await uploadCriteriaSet(deps, req.user!.id, req.file.buffer.toString('utf8'));
    req.session.flash = messages.uploaded(set.title);
    res.redirect(303, '/admin/criteria');
  });

  router.post('/admin/criteria/:id/default', requireRole('admin'), async (req, res) => {
    const set = await getCriteriaSet(deps, String(req.params.id));
    await setDefaultCriteriaSet(deps, req.user!.id, set.id);
    req.session.flash = messages.madeDefault(set.title);
    res.redirect(303, '/admin/criteria');
  });

  router.get('/criteria/:id', requireUser, async (req, res) => {
    const set = await getCriteriaSet(deps, String(req.params.id));
    res.render('criteria/show', { title: set.title, set, sources: new Map(set.sources.map((source) => [source.id, source])), kindLabels: KIND_LABELS, confidenceLabels: CONFIDENCE_LABELS });
  });

  return router;
}

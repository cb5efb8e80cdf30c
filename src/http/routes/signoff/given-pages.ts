import { Router } from 'express';
import type { AppDeps } from '../../app-deps';
import { idParam } from '../../params';
import { requireRole } from '../../middleware/auth';
import { addGivenConfirmationToLog, givenConfirmations } from '../../../domain/signoff/given-confirmations';
import { formatHours, formatIsoDate } from '../../../domain/dates';

const messages = {
  added: 'The session is in your supervision practice log: it now counts toward your hours and supervisees.',
  already: 'That session is in your supervision practice log already: it counts once.',
};

/**
 * The sessions this person confirmed through the app as someone's supervisor, offered for their
 * own supervision practice log (EMCC ESIA). Mounted before the generic record routes, which would
 * otherwise read "confirmations" as a record id.
 */
export function givenConfirmationRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/supervision-practice/confirmations', requireRole('applicant'));

  router.get('/supervision-practice/confirmations', async (req, res) => {
    const given = await givenConfirmations(deps, req.user!.id);
    res.render('signoff/given', { title: 'Sessions you confirmed through this app', given, formatIsoDate, formatHours });
  });

  router.post('/supervision-practice/confirmations/:id', async (req, res) => {
    const added = await addGivenConfirmationToLog(deps, req.user!.id, idParam(req, 'id'));
    req.session.flash = added ? messages.added : messages.already;
    res.redirect(303, '/supervision-practice/confirmations');
  });

  return router;
}

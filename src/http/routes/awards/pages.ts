import { Router, type Request } from 'express';
import type { AppDeps } from '../../app-deps';
import { idParam } from '../../params';
import { checkBeforeBody, requireRole } from '../../middleware/auth';
import { formPage } from '../../middleware/validate';
import { uploadToStore, uploadedFiles } from '../../middleware/upload';
import { addAward, deleteAward, eiaLevelChoices, getAward, listAwards, updateAward } from '../../../domain/awards/award-service';
import { evaluateRenewal, prepareRenewalPdf, requestRenewalPdf, requestRenewalSubmission } from '../../../domain/awards/renewal-service';
import { redirectToRender } from '../renders/render-response';
import { AWARD_SCHEMES, daysText, SCHEME_LABELS } from '../../../domain/awards/awards';
import { ALLOWED_TYPES_DESCRIPTION, contentDisposition } from '../../../domain/evidence/file-type';
import { formatIsoDate, isIsoDate } from '../../../domain/dates';
import { requirementRows } from '../../../presenters/evaluation';
import { fileSizeText } from '../../../presenters/file-size';
import { awardInputFromForm, formValuesOf, onFormFields } from './award-form';

const messages = {
  added: (title: string) => `The award “${title}” has been added.`,
  saved: (title: string) => `The award “${title}” has been saved.`,
  deleted: 'The award has been deleted. Its certificate stays in your evidence files.',
  tooLarge: (maxBytes: number) => `The certificate is larger than ${fileSizeText(maxBytes)}. Upload a smaller or compressed version.`,
};

const asOfOf = (req: Request) => (typeof req.query.asOf === 'string' && isIsoDate(req.query.asOf) ? req.query.asOf : undefined);

/** Awards: the list with each renewal date, add, edit, delete; and an award's renewal (evaluation, PDF, submission). */
export function awardRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/awards', requireRole('applicant'));

  const formView = async <T extends Record<string, unknown>>(extra: T) => ({
    schemes: AWARD_SCHEMES.map((id) => ({ id, label: SCHEME_LABELS[id] })),
    eiaLevels: await eiaLevelChoices(deps),
    allowedTypes: ALLOWED_TYPES_DESCRIPTION,
    maxFileSize: fileSizeText(deps.config.uploadMaxFileBytes),
    ...extra,
  });
  const newView = () => formView({ title: 'Add an award', action: '/awards', isNew: true });
  const editView = async (req: Request) => {
    const award = await getAward(deps, req.user!.id, idParam(req));
    return formView({ title: `Edit ${award.title}`, action: `/awards/${award.id}`, isNew: false, award });
  };
  const upload = uploadToStore(deps.evidenceStore, 'certificate', deps.config.uploadMaxFileBytes, 1, messages.tooLarge(deps.config.uploadMaxFileBytes));

  router.get('/awards', async (req, res) => {
    const awards = await listAwards(deps, req.user!.id);
    res.render('awards/index', { title: 'Awards', awards, formatIsoDate, daysText });
  });

  router.get('/awards/new', async (_req, res) => res.render('awards/form', { ...(await newView()), values: { scheme: 'emcc_eia' } }));

  router.post('/awards', formPage('awards/form', newView), upload, async (req, res) => {
    const award = await addAward(deps, req.user!.id, awardInputFromForm(req.body ?? {}), uploadedFiles(req)).catch(onFormFields(req));
    req.session.flash = messages.added(award.title);
    res.redirect(303, '/awards');
  });

  router.get('/awards/:id/edit', async (req, res) => {
    const view = await editView(req);
    res.render('awards/form', { ...view, values: formValuesOf(view.award) });
  });

  router.post(
    '/awards/:id',
    checkBeforeBody((req) => getAward(deps, req.user!.id, idParam(req))),
    formPage('awards/form', editView),
    upload,
    async (req, res) => {
      const award = await updateAward(deps, req.user!.id, idParam(req), awardInputFromForm(req.body ?? {}), uploadedFiles(req), req.body?.removeCertificate === 'on').catch(onFormFields(req));
      req.session.flash = messages.saved(award.title);
      res.redirect(303, '/awards');
    },
  );

  router.get('/awards/:id/delete', async (req, res) => {
    const award = await getAward(deps, req.user!.id, idParam(req));
    res.render('awards/delete', { title: `Delete ${award.title}?`, award, formatIsoDate });
  });

  router.post('/awards/:id/delete', async (req, res) => {
    await deleteAward(deps, req.user!.id, idParam(req));
    req.session.flash = messages.deleted;
    res.redirect(303, '/awards');
  });

  const renewalView = async (req: Request) => {
    const asOf = asOfOf(req);
    const renewal = await evaluateRenewal(deps, req.user!.id, idParam(req), asOf);
    const query = `?set=${encodeURIComponent(renewal.set.id)}${asOf ? `&asOf=${asOf}` : ''}`;
    return {
      title: `Renewal of ${renewal.award.title}`,
      ...renewal,
      rows: requirementRows(renewal.level, query),
      asOfText: formatIsoDate(renewal.asOf),
      isToday: !asOf,
      declarations: renewal.set.declarations ?? [],
      formatIsoDate,
      daysText,
    };
  };

  router.get('/awards/:id/renewal', async (req, res) => res.render('awards/renewal', await renewalView(req)));

  // Streamed here and now (old links and scripts); the page's button asks through the background below.
  router.get('/awards/:id/renewal.pdf', async (req, res) => {
    const prepared = await prepareRenewalPdf(deps, req.user!.id, idParam(req), asOfOf(req));
    res.type('application/pdf').set('Content-Disposition', contentDisposition(prepared.fileName)).set('X-Snapshot-SHA256', prepared.sha256).set('Cache-Control', 'private, no-store');
    await prepared.write(res);
  });

  router.post('/awards/:id/renewal/pdf', formPage('awards/renewal', renewalView), async (req, res) => {
    const asked = typeof req.body?.asOf === 'string' && req.body.asOf ? req.body.asOf : undefined;
    await redirectToRender(deps, req, res, await requestRenewalPdf(deps, req.user!.id, idParam(req), asked));
  });

  router.post('/awards/:id/renewal', formPage('awards/renewal', renewalView), async (req, res) => {
    const asked = await requestRenewalSubmission(deps, req.user!.id, idParam(req), {
      declarations: ([] as unknown[]).concat(req.body?.declarations ?? []).filter((id): id is string => typeof id === 'string'),
      blindAppendices: req.body?.blindAppendices !== 'omit',
    });
    await redirectToRender(deps, req, res, asked);
  });

  return router;
}

import { Router } from 'express';
import type { AppDeps } from '../../app-deps';
import { RECORD_DEFINITIONS } from '../../../domain/records';
import { exportLog, exportPortfolio } from '../../../domain/export/portfolio-export';
import { recordsToCsv } from '../../../domain/export/csv-export';
import { parseExport, restorePortfolio } from '../../../domain/export/portfolio-restore';
import { publishedSchemas } from '../../../domain/export/published-schemas';
import { requireRole } from '../../middleware/auth';
import { contentDisposition } from '../../../domain/evidence/file-type';
import { notFound, validationError } from '../../../errors';
import { formPage } from '../../middleware/validate';
import { isoDay } from '../../../domain/dates';
import { uploadOne } from '../../middleware/upload';

const MAX_EXPORT_BYTES = 50 * 1024 * 1024;

const messages = {
  chooseFile: 'Choose the .json file that EIA Portfolio exported.',
  tooLarge: 'This file is larger than 50 MB: it is not an EIA Portfolio export.',
  restored: (total: number, files: number) => `Your portfolio has been restored: ${total} records.${files ? ` The export lists ${files} evidence files; upload them again from the Files page.` : ''}`,
};

/** Exports (the whole portfolio as JSON, each log as CSV) and restoring a JSON export. */
export function exportRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(['/export', '/export.json', ...RECORD_DEFINITIONS.map((definition) => `${definition.path}.csv`)], requireRole('applicant'));

  router.get('/export', (_req, res) => res.render('portfolio/export', { title: 'Export and restore', definitions: RECORD_DEFINITIONS }));

  router.get('/export.json', async (req, res) => {
    const document = await exportPortfolio(deps, req.user!.id);
    res.set('Content-Disposition', contentDisposition(`eia-portfolio-${isoDay(deps.clock.now())}.json`)).json(document);
  });

  router.get('/schemas/:name.schema.json', (req, res) => {
    const schema = publishedSchemas()[`${String(req.params.name)}.schema.json`];
    if (!schema) throw notFound();
    res.json(schema);
  });

  for (const definition of RECORD_DEFINITIONS) {
    router.get(`${definition.path}.csv`, async (req, res) => {
      const csv = recordsToCsv(definition, await exportLog(deps, req.user!.id, definition.type));
      res
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', contentDisposition(`${definition.type}-${isoDay(deps.clock.now())}.csv`))
        .send(csv);
    });
  }

  router.post(
    '/export/restore',
    formPage('portfolio/export', () => ({ title: 'Export and restore', definitions: RECORD_DEFINITIONS })),
    uploadOne('file', MAX_EXPORT_BYTES, messages.tooLarge),
    async (req, res) => {
      if (!req.file) throw validationError({ file: messages.chooseFile });
      const report = await restorePortfolio(deps, req.user!.id, parseExport(req.file.buffer));
      const total = Object.values(report.counts).reduce((sum, count) => sum + count, 0);
      req.session.flash = messages.restored(total, report.filesNotIncluded.length);
      res.redirect(303, '/');
    },
  );

  return router;
}

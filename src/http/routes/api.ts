import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps';
import { idParam } from '../params';
import { bearerAuth, requireRole } from '../middleware/auth';
import { RECORD_DEFINITIONS, type RecordDefinition, type StoredRecord } from '../../domain/records';
import { createRecord, deleteRecord, getRecord, listRecords, updateRecord } from '../../domain/records/record-service';
import { updatePortfolioSettings, type Portfolio, type PortfolioSettingsInput } from '../../domain/portfolio/portfolio-service';
import { exportPortfolio } from '../../domain/export/portfolio-export';
import { evaluatePortfolio } from '../../domain/portfolio/evaluation-service';
import { commitImport, previewImport, type ImportBatch } from '../../domain/import/import-batch-service';
import { IMPORT_KINDS, type ImportKind } from '../../domain/import/prepared-import';
import { listQuery } from '../presenters/list-query';
import { openApiDocument } from '../openapi';
import { jsonBody } from '../middleware/json-body';
import { uploadOne } from '../middleware/upload';
import { idempotent } from '../middleware/idempotency';
import { loadPortfolio, requestPortfolio } from '../middleware/portfolio';
import { portfolioPatchBody, READ_ONLY_RECORD_FIELDS, recordCreateBody, recordPatchBody, signoffRequestBody } from '../api-bodies';
import { listRequests, requestConfirmation, resendRequest, revokeRequest, supervisionStatuses, type SignoffRequest } from '../../domain/signoff/signoff-service';
import { AppError, validationError } from '../../errors';
import { sendDraftPdf } from './portfolio-pdf';
import { submissionApi } from './api-submissions';

const MAX_API_PAGE = 1000;
const MAX_IMPORT_BYTES = 15 * 1024 * 1024;

const messages = {
  badLimit: `limit must be a whole number from 1 to ${MAX_API_PAGE}; offset a whole number from 0.`,
  kind: `kind must be one of ${IMPORT_KINDS.join(', ')}.`,
  file: 'Send the spreadsheet as the multipart field "file".',
  commit: 'commit must be true or false.',
  again: 'again must be true (import a file imported before) or false.',
  tooLarge: 'The file is larger than 15 MB.',
};

/** A record as the API shows it: its id, its values, and when it was written. */
const recordJson = (record: StoredRecord) => ({ id: record.id, ...record.values, createdAt: record.createdAt.toISOString(), updatedAt: record.updatedAt.toISOString() });

const portfolioJson = (portfolio: Portfolio) => ({
  displayName: portfolio.displayName,
  emccMembershipNumber: portfolio.emccMembershipNumber,
  firstPracticeDate: portfolio.firstPracticeDate,
  practiceRole: portfolio.practiceRole,
  targetLevel: portfolio.targetLevel,
  criteriaSet: portfolio.criteriaSet,
  updatedAt: portfolio.updatedAt.toISOString(),
});

const importJson = (batch: ImportBatch) => ({
  id: batch.id,
  kind: batch.kind,
  layout: batch.layout,
  committed: batch.committedAt !== null,
  toAdd: batch.rows.filter((row) => !row.duplicate).map((row) => ({ row: row.rowNumber, values: row.values, interpretations: row.interpretations })),
  duplicates: batch.rows.filter((row) => row.duplicate).map((row) => ({ row: row.rowNumber, values: row.values })),
  errors: batch.errors.map((error) => ({ row: error.rowNumber, column: error.column, message: error.message })),
  ignoredColumns: batch.ignoredColumns,
});

/** Drops the read-only keys a client may send back with a record it read. */
const withoutMeta = (body: unknown) => Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).filter(([key]) => !READ_ONLY_RECORD_FIELDS.includes(key)));

function recordApi(deps: AppDeps, definition: RecordDefinition): Router {
  const router = Router();
  const base = `/api/v1${definition.path}`;
  // Supervision records carry where their confirmation stands.
  const withStatus = async (req: Request, records: StoredRecord[]) => {
    if (definition.type !== 'supervision') return records.map(recordJson);
    const statuses = await supervisionStatuses(deps, req.user!.id, records);
    return records.map((record) => ({ ...recordJson(record), confirmation: { state: statuses.get(record.id)!.state, text: statuses.get(record.id)!.text } }));
  };

  router.get(base, async (req, res) => {
    const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
    const offset = req.query.offset === undefined ? 0 : Number(req.query.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_API_PAGE || !Number.isInteger(offset) || offset < 0) throw validationError({ limit: messages.badLimit });
    const query = listQuery(req.query, definition);
    if (query.problems.length) throw validationError({ from: query.problems.join(' ') });
    const page = await listRecords(deps, req.user!.id, definition.type, { ...query.filter, limit, offset });
    res.json({ items: await withStatus(req, page.records), total: page.totals.count, ...(definition.hoursField ? { hours: page.totals.hours } : {}), limit, offset });
  });

  router.post(base, jsonBody(recordCreateBody(definition)), idempotent(deps), async (req, res) => {
    const record = await createRecord(deps, req.user!.id, definition.type, withoutMeta(req.body));
    res.status(201).location(`${base}/${record.id}`).json(recordJson(record));
  });

  router.get(`${base}/:id`, async (req, res) => res.json((await withStatus(req, [await getRecord(deps, req.user!.id, definition.type, idParam(req))]))[0]));

  // PATCH merges the sent fields into the record; a field sent as null is cleared.
  router.patch(`${base}/:id`, jsonBody(recordPatchBody(definition)), async (req, res) => {
    const current = await getRecord(deps, req.user!.id, definition.type, idParam(req));
    const merged: Record<string, unknown> = { ...current.values, ...withoutMeta(req.body) };
    for (const key of Object.keys(merged)) if (merged[key] === null) delete merged[key];
    res.json(recordJson(await updateRecord(deps, req.user!.id, definition.type, current.id, merged)));
  });

  router.delete(`${base}/:id`, async (req, res) => {
    await deleteRecord(deps, req.user!.id, definition.type, idParam(req));
    res.status(204).end();
  });

  return router;
}

/** The JSON API under /api/v1: personal access tokens, the same services as the pages. */
export function apiRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/api/v1/openapi.json', (_req, res) => res.json(openApiDocument(deps.config.baseUrl)));
  router.use('/api/v1', bearerAuth(deps));

  router.get('/api/v1/me', (req, res) => {
    const user = req.user!;
    res.json({ id: user.id, email: user.email, name: user.name, roles: user.roles, createdAt: user.createdAt.toISOString() });
  });

  const applicant = requireRole('applicant');
  router.use(['/api/v1/portfolio', '/api/v1/imports', '/api/v1/export', '/api/v1/evaluation', ...RECORD_DEFINITIONS.map((definition) => `/api/v1${definition.path}`)], applicant);

  router.get('/api/v1/portfolio.pdf', applicant, (req, res) => sendDraftPdf(deps, req, res));

  router.get('/api/v1/portfolio', loadPortfolio(deps), (req, res) => res.json(portfolioJson(requestPortfolio(req))));

  router.patch('/api/v1/portfolio', jsonBody(portfolioPatchBody), loadPortfolio(deps), async (req, res) => {
    const current = portfolioJson(requestPortfolio(req));
    const { updatedAt: _at, ...settings } = { ...current, displayName: current.displayName ?? req.user!.name, ...(req.body ?? {}) } as Record<string, unknown>;
    for (const key of Object.keys(settings)) if (settings[key] === null) delete settings[key];
    res.json(portfolioJson(await updatePortfolioSettings(deps, req.user!.id, settings as PortfolioSettingsInput)));
  });

  for (const definition of RECORD_DEFINITIONS) router.use(recordApi(deps, definition));

  router.post('/api/v1/imports', uploadOne('file', MAX_IMPORT_BYTES, messages.tooLarge), idempotent(deps), async (req, res) => {
    const kind = req.body.kind as ImportKind;
    if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw validationError({ kind: messages.kind });
    if (!req.file) throw validationError({ file: messages.file });
    const commit = req.body.commit ?? 'false';
    if (commit !== 'true' && commit !== 'false') throw validationError({ commit: messages.commit });
    const again = req.body.again ?? 'false';
    if (again !== 'true' && again !== 'false') throw validationError({ again: messages.again });
    const batch = await previewImport(deps, req.user!.id, { kind, clientCodeRule: req.body.clientCodeRule === 'hash' ? 'hash' : 'initials', fileName: req.file.originalname, bytes: req.file.buffer });
    if (commit === 'false') return res.json(importJson(batch));
    if (batch.errors.length) return res.status(422).json({ error: { code: 'validation', message: 'Some rows have problems; nothing was imported.' }, ...importJson(batch) });
    const result = await commitImport(deps, req.user!.id, batch.id, { again: again === 'true' });
    res.status(201).json({ ...importJson(result.batch), imported: result.imported });
  });

  const requestJson = (request: SignoffRequest) => ({
    id: request.id,
    supervisorName: request.supervisorName,
    supervisorEmail: request.supervisorEmail,
    recordIds: request.recordIds,
    state: request.state === 'pending' && request.expiresAt <= deps.clock.now() ? 'expired' : request.state,
    sentAt: request.sentAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
  });
  router.use('/api/v1/signoff-requests', applicant);
  router.get('/api/v1/signoff-requests', async (req, res) => res.json({ items: (await listRequests(deps, req.user!.id)).map(requestJson) }));
  router.post('/api/v1/signoff-requests', jsonBody(signoffRequestBody), idempotent(deps), async (req, res) => {
    const ids = (req.body as { recordIds: number[] }).recordIds;
    try {
      res.status(201).json(requestJson(await requestConfirmation(deps, req.user!.id, ids)));
    } catch (error) {
      // The pages call the field "records"; the API's client sent "recordIds".
      const fields = error instanceof AppError ? error.details.fields : undefined;
      if (fields?.records) throw validationError({ recordIds: fields.records });
      throw error;
    }
  });
  router.post('/api/v1/signoff-requests/:id/revoke', async (req, res) => {
    await revokeRequest(deps, req.user!.id, idParam(req));
    res.status(204).end();
  });
  router.post('/api/v1/signoff-requests/:id/resend', async (req, res) => {
    await resendRequest(deps, req.user!.id, idParam(req));
    res.status(204).end();
  });

  router.use(submissionApi(deps));

  router.get('/api/v1/export', async (req, res) => res.json(await exportPortfolio(deps, req.user!.id)));

  router.get('/api/v1/evaluation', async (req, res) => {
    const asOf = typeof req.query.asOf === 'string' ? req.query.asOf : undefined;
    const setId = typeof req.query.set === 'string' ? req.query.set : undefined;
    res.json((await evaluatePortfolio(deps, req.user!.id, { asOf, setId })).evaluation);
  });

  return router;
}

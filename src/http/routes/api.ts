import type { Request, RequestHandler, Router } from 'express';
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
import { listQuery } from './records/list-query';
import { errorResponses, json, openApiDocument, recordSchemaName, ref } from '../openapi';
import { ApiRouter } from '../api-router';
import { uploadOne } from '../middleware/upload';
import { idempotent } from '../middleware/idempotency';
import { loadPortfolio, requestPortfolio } from '../middleware/portfolio';
import { portfolioPatchBody, READ_ONLY_RECORD_FIELDS, recordCreateBody, recordPatchBody, signoffRequestBody } from '../api-bodies';
import { listRequests, requestConfirmation, resendRequest, revokeRequest, supervisionStatuses, type SignoffRequest } from '../../domain/signoff/signoff-service';
import { AppError, validationError } from '../../errors';
import { sendDraftPdf } from './portfolio/pdf-pages';
import { submissionApi } from './submissions/api';

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

const notFound = { description: 'Not found (or not yours)', ...json(ref('Error')) };

function recordApi(deps: AppDeps, definition: RecordDefinition): ApiRouter {
  const api = new ApiRouter();
  const name = recordSchemaName(definition);
  // Supervision records carry where their confirmation stands.
  const withStatus = async (req: Request, records: StoredRecord[]) => {
    if (definition.type !== 'supervision') return records.map(recordJson);
    const statuses = await supervisionStatuses(deps, req.user!.id, records);
    return records.map((record) => ({ ...recordJson(record), confirmation: { state: statuses.get(record.id)!.state, text: statuses.get(record.id)!.text } }));
  };

  const list = {
    summary: `List the ${definition.names.log.toLowerCase()}`,
    parameters: [
      { name: 'from', in: 'query', schema: { type: 'string', format: 'date' }, description: `On or after, by ${definition.dateField}` },
      { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
      { name: 'sort', in: 'query', schema: { enum: definition.listFields } },
      { name: 'dir', in: 'query', schema: { enum: ['asc', 'desc'] } },
      { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_API_PAGE, default: 100 } },
      { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
    ],
    responses: {
      '200': {
        description: 'A page of records with the total count (and hours)',
        ...json({ type: 'object', properties: { items: { type: 'array', items: ref(name) }, total: { type: 'integer' }, hours: { type: 'number' } } }),
      },
      ...errorResponses,
    },
  };
  api.get(definition.path, list, async (req, res) => {
    const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
    const offset = req.query.offset === undefined ? 0 : Number(req.query.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_API_PAGE || !Number.isInteger(offset) || offset < 0) throw validationError({ limit: messages.badLimit });
    const query = listQuery(req.query, definition);
    if (query.problems.length) throw validationError({ from: query.problems.join(' ') });
    const page = await listRecords(deps, req.user!.id, definition.type, { ...query.filter, limit, offset });
    res.json({ items: await withStatus(req, page.records), total: page.totals.count, ...(definition.hoursField ? { hours: page.totals.hours } : {}), limit, offset });
  });

  const create = { summary: `Create a ${definition.names.one}`, body: recordCreateBody(definition), responses: { '201': { description: 'Created', ...json(ref(name)) }, ...errorResponses } };
  api.post(definition.path, create, idempotent(deps), async (req, res) => {
    const record = await createRecord(deps, req.user!.id, definition.type, withoutMeta(req.body));
    res.status(201).location(`/api/v1${definition.path}/${record.id}`).json(recordJson(record));
  });

  const one = `${definition.path}/{id}`;
  api.get(one, { summary: `Read a ${definition.names.one}`, responses: { '200': { description: 'The record', ...json(ref(name)) }, '404': notFound, ...errorResponses } }, async (req, res) =>
    res.json((await withStatus(req, [await getRecord(deps, req.user!.id, definition.type, idParam(req))]))[0]),
  );

  // PATCH merges the sent fields into the record; a field sent as null is cleared.
  const change = {
    summary: `Change a ${definition.names.one} (fields sent replace, null clears an optional field)`,
    body: recordPatchBody(definition),
    responses: { '200': { description: 'The record', ...json(ref(name)) }, '404': notFound, ...errorResponses },
  };
  api.patch(one, change, async (req, res) => {
    const current = await getRecord(deps, req.user!.id, definition.type, idParam(req));
    const merged: Record<string, unknown> = { ...current.values, ...withoutMeta(req.body) };
    for (const key of Object.keys(merged)) if (merged[key] === null) delete merged[key];
    res.json(recordJson(await updateRecord(deps, req.user!.id, definition.type, current.id, merged)));
  });

  api.delete(one, { summary: `Delete a ${definition.names.one}`, responses: { '204': { description: 'Deleted' }, '404': notFound, ...errorResponses } }, async (req, res) => {
    await deleteRecord(deps, req.user!.id, definition.type, idParam(req));
    res.status(204).end();
  });

  return api;
}

/** The JSON API under /api/v1: personal access tokens, the same services as the pages; each route registered with its documentation. */
export function apiRoutes(deps: AppDeps): Router {
  const api = new ApiRouter();
  api.router.get('/api/v1/openapi.json', (_req, res) => res.json(openApiDocument(deps.config.baseUrl, api.operations)));
  api.router.use('/api/v1', bearerAuth(deps));

  api.get('/me', { summary: 'The token’s user and roles', responses: { '200': { description: 'The user', ...json({ type: 'object' }) }, '401': errorResponses['401'] } }, (req, res) => {
    const user = req.user!;
    res.json({ id: user.id, email: user.email, name: user.name, roles: user.roles, createdAt: user.createdAt.toISOString() });
  });

  const applicant = requireRole('applicant');
  api.use(['/portfolio', '/imports', '/export', '/evaluation', ...RECORD_DEFINITIONS.map((definition) => definition.path)], applicant);

  api.get('/portfolio.pdf', { ...portfolioPdfOperation, guards: [applicant] }, (req, res) => sendDraftPdf(deps, req, res));

  const settings = { description: 'The settings', ...json(ref('PortfolioSettings')) };
  api.get('/portfolio', { summary: 'Portfolio settings', responses: { '200': settings, ...errorResponses } }, loadPortfolio(deps), (req, res) => res.json(portfolioJson(requestPortfolio(req))));

  const patchSettings = { summary: 'Change portfolio settings (fields sent replace, null clears)', body: portfolioPatchBody, responses: { '200': { ...settings, description: 'The new settings' }, ...errorResponses } };
  api.patch('/portfolio', patchSettings, loadPortfolio(deps), async (req, res) => {
    const current = portfolioJson(requestPortfolio(req));
    const { updatedAt: _at, ...values } = { ...current, displayName: current.displayName ?? req.user!.name, ...(req.body ?? {}) } as Record<string, unknown>;
    for (const key of Object.keys(values)) if (values[key] === null) delete values[key];
    res.json(portfolioJson(await updatePortfolioSettings(deps, req.user!.id, values as PortfolioSettingsInput)));
  });

  for (const definition of RECORD_DEFINITIONS) api.include(recordApi(deps, definition));

  api.post('/imports', importOperation, uploadOne('file', MAX_IMPORT_BYTES, messages.tooLarge), idempotent(deps), async (req, res) => {
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

  api.include(signoffRequestApi(deps, applicant));
  api.include(submissionApi(deps));

  api.get('/export', { summary: 'The whole portfolio', responses: { '200': { description: 'The export', ...json(ref('PortfolioExport')) }, ...errorResponses } }, async (req, res) =>
    res.json(await exportPortfolio(deps, req.user!.id)),
  );

  api.get('/evaluation', evaluationOperation, async (req, res) => {
    const asOf = typeof req.query.asOf === 'string' ? req.query.asOf : undefined;
    const setId = typeof req.query.set === 'string' ? req.query.set : undefined;
    res.json((await evaluatePortfolio(deps, req.user!.id, { asOf, setId })).evaluation);
  });

  return api.router;
}

/** Confirmation requests to supervisors. */
function signoffRequestApi(deps: AppDeps, applicant: RequestHandler): ApiRouter {
  const api = new ApiRouter();
  const requestJson = (request: SignoffRequest) => ({
    id: request.id,
    supervisorName: request.supervisorName,
    supervisorEmail: request.supervisorEmail,
    recordIds: request.recordIds,
    state: request.state === 'pending' && request.expiresAt <= deps.clock.now() ? 'expired' : request.state,
    sentAt: request.sentAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
  });
  api.use(['/signoff-requests'], applicant);
  const listed = { description: 'The requests', ...json({ type: 'object', properties: { items: { type: 'array', items: ref('SignoffRequest') } } }) };
  api.get('/signoff-requests', { summary: 'Confirmation requests sent to supervisors', responses: { '200': listed, ...errorResponses } }, async (req, res) =>
    res.json({ items: (await listRequests(deps, req.user!.id)).map(requestJson) }),
  );

  const ask = {
    summary: 'Ask the supervisor of these supervision records (one supervisor) to confirm them; emails a link',
    body: signoffRequestBody,
    responses: { '201': { description: 'The request', ...json(ref('SignoffRequest')) }, ...errorResponses },
  };
  api.post('/signoff-requests', ask, idempotent(deps), async (req, res) => {
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
  api.post('/signoff-requests/{id}/revoke', { summary: 'Revoke: the link stops working', responses: { '204': { description: 'Revoked' }, ...errorResponses } }, async (req, res) => {
    await revokeRequest(deps, req.user!.id, idParam(req));
    res.status(204).end();
  });
  api.post('/signoff-requests/{id}/resend', { summary: 'Send a new link; the old one stops working', responses: { '204': { description: 'Sent' }, ...errorResponses } }, async (req, res) => {
    await resendRequest(deps, req.user!.id, idParam(req));
    res.status(204).end();
  });
  return api;
}

const portfolioPdfOperation = {
  summary: 'The application PDF (a draft, every page marked DRAFT), streamed',
  parameters: [
    { name: 'level', in: 'query', schema: { type: 'string' }, description: 'A level id of the portfolio’s criteria set; default: the level aimed at' },
    { name: 'asOf', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Default: today' },
    { name: 'blind', in: 'query', schema: { enum: ['1', 'true'] }, description: 'Leave out the applicant’s name and membership number (appended files are included as uploaded and may name the applicant)' },
    { name: 'omitAppendices', in: 'query', schema: { enum: ['1', 'true'] }, description: 'With blind: list the appended files without their pages' },
  ],
  responses: { '200': { description: 'The PDF; the X-Snapshot-SHA256 header gives the SHA-256 of the snapshot it renders', content: { 'application/pdf': {} } }, ...errorResponses },
};

const importOperation = {
  summary: 'Check (commit=false) or import (commit=true) a CSV or XLSX log',
  requestBody: {
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          properties: {
            file: { type: 'string', format: 'binary' },
            kind: { enum: IMPORT_KINDS },
            commit: { enum: ['true', 'false'] },
            again: { enum: ['true', 'false'], description: 'true: import a file already imported before (otherwise 409)' },
            clientCodeRule: { enum: ['initials', 'hash'] },
          },
          required: ['file', 'kind'],
        },
      },
    },
  },
  responses: { '200': { description: 'The preview report: rows to add, duplicates, errors with row, column and reason' }, '201': { description: 'Imported' }, ...errorResponses },
};

const evaluationOperation = {
  summary: 'The evaluation of the portfolio against a criteria set on a date',
  parameters: [
    { name: 'asOf', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Default: today' },
    { name: 'set', in: 'query', schema: { type: 'string' }, description: 'A criteria set id; default: the portfolio’s' },
  ],
  responses: { '200': { description: 'See schemas/evaluation.schema.json', ...json({ type: 'object' }) }, ...errorResponses },
};

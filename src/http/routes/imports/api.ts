import type { AppDeps } from '../../app-deps';
import { commitImport, previewImport, type ImportBatch } from '../../../domain/import/import-batch-service';
import { IMPORT_KINDS, type ImportKind } from '../../../domain/import/prepared-import';
import { errorResponses } from '../../openapi';
import { ApiRouter } from '../../api-router';
import { uploadOne } from '../../middleware/upload';
import { idempotent } from '../../middleware/idempotency';
import { validationError } from '../../../errors';

const MAX_IMPORT_BYTES = 15 * 1024 * 1024;

const messages = {
  kind: `kind must be one of ${IMPORT_KINDS.join(', ')}.`,
  file: 'Send the spreadsheet as the multipart field "file".',
  commit: 'commit must be true or false.',
  again: 'again must be true (import a file imported before) or false.',
  tooLarge: 'The file is larger than 15 MB.',
};

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

/** Spreadsheet imports (routes/api.ts checks the applicant role on /imports first). */
export function importApi(deps: AppDeps): ApiRouter {
  const api = new ApiRouter();
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

  return api;
}

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

import type { AppDeps } from '../../app-deps';
import { commitImport, previewImport, type ImportBatch } from '../../../domain/import/import-batch-service';
import { IMPORT_KINDS, type ImportKind } from '../../../domain/import/prepared-import';
import { errorResponses } from '../../openapi';
import { ApiRouter } from '../../api-router';
import { uploadOne } from '../../middleware/upload';
import { idempotent } from '../../middleware/idempotency';
import { validationError } from '../../../errors';
import { defaultCalendarRange, previewCalendarImport, setCalendarRules, type CalendarRulesInput } from '../../../domain/import/calendar/calendar-import-service';

const MAX_IMPORT_BYTES = 15 * 1024 * 1024;

const messages = {
  kind: `kind must be one of ${IMPORT_KINDS.join(', ')}.`,
  file: 'Send the spreadsheet as the multipart field "file".',
  commit: 'commit must be true or false.',
  again: 'again must be true (import a file imported before) or false.',
  tooLarge: 'The file is larger than 15 MB.',
  calendarKind: 'kind must be practice or supervision.',
  calendarFile: 'Send the calendar (.ics) as the multipart field "file".',
  json: (field: string) => `${field} must be JSON: see the operation's description.`,
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
  ...(batch.calendar
    ? {
        calendar: {
          from: batch.calendar.from,
          to: batch.calendar.to,
          leftOut: batch.calendar.leftOut,
          noEnd: batch.calendar.noEnd ?? [],
          attendees: batch.calendar.attendees.map((item) => ({ hint: item.hint, sessions: item.events, clientCode: batch.calendar!.rules.attendeeCodes[item.hash] ?? null })),
        },
      }
    : {}),
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

  api.post('/imports/calendar', calendarOperation, uploadOne('file', MAX_IMPORT_BYTES, messages.tooLarge), idempotent(deps), async (req, res) => {
    const kind = req.body.kind;
    if (kind !== 'practice' && kind !== 'supervision') throw validationError({ kind: messages.calendarKind });
    if (!req.file) throw validationError({ file: messages.calendarFile });
    const commit = req.body.commit ?? 'false';
    if (commit !== 'true' && commit !== 'false') throw validationError({ commit: messages.commit });
    const again = req.body.again ?? 'false';
    if (again !== 'true' && again !== 'false') throw validationError({ again: messages.again });
    const rules = calendarRules(req.body);
    const range = defaultCalendarRange(deps.clock.now());
    const preview = await previewCalendarImport(deps, req.user!.id, {
      kind,
      from: String(req.body.from ?? range.from),
      to: String(req.body.to ?? range.to),
      fileName: req.file.originalname,
      bytes: req.file.buffer,
      ownAddress: req.user!.email,
    });
    const batch = await setCalendarRules(deps, req.user!.id, preview.id, rules);
    if (commit === 'false') return res.json(importJson(batch));
    if (batch.errors.length) return res.status(422).json({ error: { code: 'validation', message: 'Some sessions have problems; nothing was imported.' }, ...importJson(batch) });
    const result = await commitImport(deps, req.user!.id, batch.id, { again: again === 'true' });
    res.status(201).json({ ...importJson(result.batch), imported: result.imported });
  });

  return api;
}

/** The rules as multipart fields: plain text, and two JSON fields for the lists. */
function calendarRules(body: Record<string, unknown>): CalendarRulesInput {
  const json = <T>(field: string, valid: (value: unknown) => boolean): T | undefined => {
    if (body[field] === undefined || body[field] === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(String(body[field]));
    } catch {
      throw validationError({ [field]: messages.json(field) });
    }
    if (!valid(value)) throw validationError({ [field]: messages.json(field) });
    return value as T;
  };
  const text = (field: string) => (typeof body[field] === 'string' ? (body[field] as string) : undefined);
  return {
    titlePattern: text('titlePattern'),
    titleContains: json('titleContains', (value) => Array.isArray(value) && value.length <= 20 && value.every((rule) => typeof rule?.text === 'string' && typeof rule?.clientCode === 'string')),
    attendeeAddressCodes: json('attendeeCodes', (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((code) => typeof code === 'string')),
    format: text('format'),
    practiceKind: text('practiceKind'),
    payment: text('payment'),
    supervisionFormat: text('supervisionFormat'),
  };
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

const calendarOperation = {
  summary: 'Check (commit=false) or import (commit=true) practice or supervision sessions from a calendar (.ics)',
  description:
    'Repeating events are expanded between from and to (default: the last twelve months); all-day and cancelled events are left out and counted, and events without an end too (listed in calendar.noEnd by date and title). ' +
    'Practice sessions get their client code from attendeeCodes (a JSON object of attendee address to client code; only a salted hash of each address is kept, and codes given before are remembered), ' +
    'then titleContains (a JSON array of {"text", "clientCode"}), then titlePattern (e.g. "Coaching – {client}"). Supervision: the organizer (or first other attendee) is the supervisor.',
  requestBody: {
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          properties: {
            file: { type: 'string', format: 'binary' },
            kind: { enum: ['practice', 'supervision'] },
            from: { type: 'string', format: 'date' },
            to: { type: 'string', format: 'date' },
            commit: { enum: ['true', 'false'] },
            again: { enum: ['true', 'false'], description: 'true: import a file already imported before (otherwise 409)' },
            titlePattern: { type: 'string', maxLength: 200 },
            titleContains: { type: 'string', description: 'JSON: [{"text": "Ana", "clientCode": "C-017"}]' },
            attendeeCodes: { type: 'string', description: 'JSON: {"ana@example.com": "C-017"}' },
            format: { enum: ['one_to_one', 'group', 'team'] },
            practiceKind: { enum: ['mentoring', 'coaching'] },
            payment: { enum: ['paid', 'pro_bono'] },
            supervisionFormat: { enum: ['individual', 'group', 'peer'] },
          },
          required: ['file', 'kind'],
        },
      },
    },
  },
  responses: { '200': { description: 'The preview report, with the calendar’s left-out counts and attendees (a hint of each address, never the address)' }, '201': { description: 'Imported' }, ...errorResponses },
};

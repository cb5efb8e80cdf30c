import { Router, type Request } from 'express';
import type { AppDeps } from '../../app-deps';
import { idParam } from '../../params';
import { commitImport, earlierImportOf, getImportBatch, previewImport } from '../../../domain/import/import-batch-service';
import { IMPORT_KINDS, type ImportKind } from '../../../domain/import/prepared-import';
import { templateColumns, templateCsv } from '../../../domain/import/layouts';
import { ICF_COLUMNS } from '../../../domain/import/icf-columns';
import { definitionOf } from '../../../domain/records';
import { requireRole } from '../../middleware/auth';
import { notFound, validationError } from '../../../errors';
import { formPage } from '../../middleware/validate';
import { contentDisposition } from '../../../domain/evidence/file-type';
import { recordRows } from '../../../presenters/records';
import { uploadOne } from '../../middleware/upload';
import { defaultCalendarRange, previewCalendarImport, setCalendarRules, type CalendarRulesInput } from '../../../domain/import/calendar/calendar-import-service';
import { formatIsoDate } from '../../../domain/dates';
import { PAYMENTS, PRACTICE_FORMATS, PRACTICE_KINDS, SUPERVISION_FORMATS } from '../../../domain/vocabulary';

const MAX_IMPORT_BYTES = 15 * 1024 * 1024;
const PREVIEW_ROWS = 200;

const messages = {
  chooseFile: 'Choose the CSV or Excel (.xlsx) file to import.',
  chooseKind: 'Choose which log the file belongs to.',
  chooseCalendar: 'Choose the calendar file (.ics) to import.',
  calendarTooLarge: 'The calendar file is larger than 15 MB. Export a shorter period, or only the calendar that holds your sessions, and upload it again.',
  chooseCalendarKind: 'Choose whether the calendar holds practice or supervision sessions.',
  rulesSet: 'The rules are applied: check the sessions below.',
  tooLarge: 'The file is larger than 15 MB. Split it, or save it as CSV, and upload it again.',
  imported: (count: number, duplicates: number, log: string) =>
    `${count} ${count === 1 ? 'record was' : 'records were'} added to your ${log}.${duplicates ? ` ${duplicates} ${duplicates === 1 ? 'row was' : 'rows were'} already there and skipped.` : ''}`,
};

const kindOf = (value: unknown): ImportKind | undefined => ((IMPORT_KINDS as readonly string[]).includes(String(value)) ? (value as ImportKind) : undefined);

/** The import page: templates, upload, preview, confirmation. */
export function importRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/import', requireRole('applicant'));

  const startView = (req: Request) => ({
    title: 'Import a log',
    kinds: IMPORT_KINDS.map((kind) => ({ kind, log: definitionOf(kind).names.log, columns: templateColumns(kind) })),
    icfColumns: Object.values(ICF_COLUMNS).map((column) => column.title),
    selectedKind: kindOf(req.query.kind) ?? kindOf((req.body as { kind?: unknown } | undefined)?.kind) ?? 'practice',
  });

  router.get('/import', (req, res) => res.render('import/start', { ...startView(req), values: { clientCodeRule: 'initials', ...defaultCalendarRange(deps.clock.now()) } }));

  router.get('/import/templates/:kind', (req, res) => {
    const kind = kindOf(String(req.params.kind).replace(/\.csv$/, ''));
    if (!kind) throw notFound();
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', contentDisposition(`${kind}-template.csv`))
      .send(templateCsv(kind));
  });

  router.post('/import', formPage('import/start', startView), uploadOne('file', MAX_IMPORT_BYTES, messages.tooLarge), async (req, res) => {
    const kind = kindOf(req.body.kind);
    if (!kind) throw validationError({ kind: messages.chooseKind });
    if (!req.file) throw validationError({ file: messages.chooseFile });
    const batch = await previewImport(deps, req.user!.id, {
      kind,
      clientCodeRule: req.body.clientCodeRule === 'hash' ? 'hash' : 'initials',
      fileName: req.file.originalname,
      bytes: req.file.buffer,
    });
    res.redirect(303, `/import/${batch.id}`);
  });

  router.post('/import/calendar', formPage('import/start', startView), uploadOne('calendarFile', MAX_IMPORT_BYTES, messages.calendarTooLarge), async (req, res) => {
    const kind = req.body.calendarKind === 'practice' || req.body.calendarKind === 'supervision' ? req.body.calendarKind : undefined;
    if (!kind) throw validationError({ calendarKind: messages.chooseCalendarKind });
    if (!req.file) throw validationError({ calendarFile: messages.chooseCalendar });
    try {
      const batch = await previewCalendarImport(deps, req.user!.id, {
        kind,
        from: String(req.body.from ?? ''),
        to: String(req.body.to ?? ''),
        fileName: req.file.originalname,
        bytes: req.file.buffer,
        ownAddress: req.user!.email,
      });
      res.redirect(303, `/import/${batch.id}`);
    } catch (error) {
      throw calendarFieldError(error);
    }
  });

  const previewView = async (req: Request) => {
    const batch = await getImportBatch(deps, req.user!.id, idParam(req));
    const definition = definitionOf(batch.kind);
    const toAdd = batch.rows.filter((row) => !row.duplicate);
    const duplicates = batch.rows.filter((row) => row.duplicate);
    const asRecords = (rows: typeof batch.rows) => rows.slice(0, PREVIEW_ROWS).map((row) => ({ id: row.rowNumber, type: batch.kind, values: row.values, createdAt: batch.createdAt, updatedAt: batch.createdAt }));
    return {
      title: 'Check your import',
      batch,
      definition,
      headers: definition.listFields.map((name) => definition.fields.find((field) => field.name === name)!),
      toAdd: recordRows(definition, asRecords(toAdd)).map((row, index) => ({ ...row, rowNumber: toAdd[index]!.rowNumber })),
      toAddCount: toAdd.length,
      duplicates: recordRows(definition, asRecords(duplicates)).map((row, index) => ({ ...row, rowNumber: duplicates[index]!.rowNumber })),
      duplicateCount: duplicates.length,
      interpretations: batch.rows.flatMap((row) => row.interpretations.map((text) => ({ rowNumber: row.rowNumber, text }))).slice(0, PREVIEW_ROWS),
      invalidRowCount: new Set(batch.errors.map((error) => error.rowNumber)).size,
      earlier: await earlierImportOf(deps, batch),
      previewLimit: PREVIEW_ROWS,
      formatIsoDate,
      choices: { format: PRACTICE_FORMATS, practiceKind: PRACTICE_KINDS, payment: PAYMENTS, supervisionFormat: SUPERVISION_FORMATS },
    };
  };

  router.get('/import/:id', async (req, res) => res.render('import/preview', await previewView(req)));

  router.post('/import/:id/commit', formPage('import/preview', previewView), async (req, res) => {
    const { batch, imported, duplicates } = await commitImport(deps, req.user!.id, idParam(req), { again: req.body.again === 'on' });
    const definition = definitionOf(batch.kind);
    req.session.flash = messages.imported(imported, duplicates, definition.names.log.toLowerCase());
    res.redirect(303, definition.path);
  });

  router.post('/import/:id/calendar-rules', formPage('import/preview', previewView), async (req, res) => {
    await setCalendarRules(deps, req.user!.id, idParam(req), rulesInput(req.body));
    req.session.flash = messages.rulesSet;
    res.redirect(303, `/import/${idParam(req)}#rules`);
  });

  return router;
}

/** A calendar's problems belong beside the calendar's own file field, not the spreadsheet's. */
function calendarFieldError(error: unknown): unknown {
  const fields = (error as { details?: { fields?: Record<string, string> } }).details?.fields;
  if (fields?.file) return validationError({ calendarFile: fields.file });
  return error;
}

/** The rules form: flat fields, as a browser sends them without JavaScript. */
function rulesInput(body: Record<string, unknown>): CalendarRulesInput {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  const attendeeCodes: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (key.startsWith('attendee-') && typeof value === 'string') attendeeCodes[key.slice('attendee-'.length)] = value;
  return {
    titlePattern: text('titlePattern'),
    titleContains: [1, 2, 3].map((n) => ({ text: text(`contains${n}`), clientCode: text(`containsCode${n}`) })),
    attendeeCodes,
    format: text('format'),
    practiceKind: text('practiceKind'),
    payment: text('payment'),
    supervisionFormat: text('supervisionFormat'),
  };
}

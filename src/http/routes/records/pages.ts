import { Router, type Request, type RequestHandler } from 'express';
import type { AppDeps } from '../../app-deps';
import { idParam } from '../../params';
import type { RecordDefinition, RecordType, StoredRecord } from '../../../domain/records';
import { supervisionStatuses } from '../../../domain/signoff/signoff-service';
import { RECORD_DEFINITIONS } from '../../../domain/records';
import { createRecord, deleteRecord, getRecord, listRecords, updateRecord } from '../../../domain/records/record-service';
import { filesOfRecord } from '../../../domain/evidence/evidence-service';
import { linkOptions } from '../../../domain/records/link-options';
import { checkBeforeBody, requireRole } from '../../middleware/auth';
import { form } from '../../middleware/validate';
import { recordBody } from './record-body';
import { idempotent } from '../../middleware/idempotency';
import { displayValue, formValues, recordRows } from '../../../presenters/records';
import { listQuery, pageLinks, PAGE_SIZE, sortLinks } from './list-query';
import { formatHours } from '../../../domain/dates';
import { fieldSuggestions, newRecordValues, valuesKeptForNext } from '../../../domain/records/new-record-form';

const messages = {
  created: (definition: RecordDefinition) => `The ${definition.names.one} has been saved.`,
  createdLogAnother: (definition: RecordDefinition, description: string) => `The ${definition.names.one} “${description}” has been saved. Log the next one below.`,
  updated: (definition: RecordDefinition) => `Your changes to the ${definition.names.one} have been saved.`,
  deleted: (definition: RecordDefinition) => `The ${definition.names.one} has been deleted.`,
};

export const IMPORTABLE: readonly RecordType[] = ['practice', 'supervision', 'cpd'];

/** The pages of one log: list with filters and totals, add, view, edit, delete. */
function logRoutes(deps: AppDeps, definition: RecordDefinition): Router {
  const router = Router();
  const { path, type } = definition;
  /** Supervision records carry their confirmation status everywhere they are shown. */
  const statusesOf = async (req: Request, records: StoredRecord[]) => (type === 'supervision' ? supervisionStatuses(deps, req.user!.id, records) : undefined);
  const formView = async (req: Request, extra: Record<string, unknown> = {}) => ({
    definition,
    linkOptions: type === 'reflection' ? await linkOptions(deps, req.user!.id) : [],
    suggestions: await fieldSuggestions(deps, req.user!.id, type),
    ...extra,
  });
  const newView = async (req: Request) => formView(req, { title: definition.addLabel, action: path, isNew: true });
  const editView = async (req: Request) => formView(req, { title: `Edit ${definition.names.one}`, action: `${path}/${idParam(req)}`, isNew: false, recordId: idParam(req) });

  router.get(path, async (req, res) => {
    const query = listQuery(req.query, definition);
    const page = await listRecords(deps, req.user!.id, type, { ...query.filter, limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE }, req.sessionPortfolio);
    const statuses = await statusesOf(req, page.records);
    res.render('records/index', {
      statuses,
      title: definition.names.log,
      definition,
      importable: IMPORTABLE.includes(type),
      query,
      rows: recordRows(definition, page.records),
      headers: sortLinks(definition, query),
      totals: page.totals,
      totalHours: page.totals.hours == null ? null : formatHours(page.totals.hours),
      pages: pageLinks(path, query, page.totals.count),
    });
  });

  router.get(`${path}/new`, async (req, res) => {
    // After "Save and log another" the form keeps what the saved record had (the client, the choices).
    const carried = req.session.nextRecord?.type === type ? req.session.nextRecord.values : {};
    delete req.session.nextRecord;
    const values = { ...(await newRecordValues(deps, req.user!.id, type)), ...carried };
    res.render('records/form', { ...(await newView(req)), values: formValues(values) });
  });

  router.post(path, idempotent(deps), logAnotherChoice, recordBody(definition), form('records/form', definition.schema, newView), async (req, res) => {
    const record = await createRecord(deps, req.user!.id, type, req.body);
    if (definition.quickLogging && res.locals.logAnother) {
      req.session.nextRecord = { type, values: valuesKeptForNext(definition, record.values) };
      req.session.flash = messages.createdLogAnother(definition, definition.describe(record.values));
      return res.redirect(303, `${path}/new`);
    }
    req.session.flash = messages.created(definition);
    res.redirect(303, `${path}/${record.id}`);
  });

  router.get(`${path}/:id`, async (req, res) => {
    const record = await getRecord(deps, req.user!.id, type, idParam(req));
    res.render('records/show', {
      status: (await statusesOf(req, [record]))?.get(record.id),
      title: definition.describe(record.values),
      definition,
      record,
      details: definition.fields.map((field) => ({ label: field.label, text: displayValue(field, record.values[field.name]), multiline: field.control === 'textarea' })),
      files: await filesOfRecord(deps, req.user!.id, type, record.id),
      linked: type === 'reflection' ? (await linkOptions(deps, req.user!.id)).filter((option) => ((record.values.linkedRecords as string[]) ?? []).includes(option.value)) : [],
    });
  });

  router.get(`${path}/:id/edit`, async (req, res) => {
    const record = await getRecord(deps, req.user!.id, type, idParam(req));
    res.render('records/form', { ...(await editView(req)), values: formValues(record.values) });
  });

  router.post(
    `${path}/:id`,
    checkBeforeBody((req) => getRecord(deps, req.user!.id, type, idParam(req))),
    recordBody(definition),
    form('records/form', definition.schema, editView),
    async (req, res) => {
      const record = await updateRecord(deps, req.user!.id, type, idParam(req), req.body);
      req.session.flash = messages.updated(definition);
      res.redirect(303, `${path}/${record.id}`);
    },
  );

  router.get(`${path}/:id/delete`, async (req, res) => {
    const record = await getRecord(deps, req.user!.id, type, idParam(req));
    res.render('records/delete', { title: `Delete ${definition.names.one}`, definition, record, description: definition.describe(record.values), status: (await statusesOf(req, [record]))?.get(record.id) });
  });

  router.post(`${path}/:id/delete`, async (req, res) => {
    await deleteRecord(deps, req.user!.id, type, idParam(req));
    req.session.flash = messages.deleted(definition);
    res.redirect(303, path);
  });

  return router;
}

/** Which button saved a new record: "Save and log another" sends next=another (not a record field, so it is taken off the body). */
const logAnotherChoice: RequestHandler = (req, res, next) => {
  const body = (req.body ?? {}) as Record<string, unknown>;
  res.locals.logAnother = body.next === 'another';
  delete body.next;
  next();
};

/** Every log's pages, for applicants only. */
export function recordRoutes(deps: AppDeps): Router {
  const router = Router();
  for (const definition of RECORD_DEFINITIONS) {
    router.use(definition.path, requireRole('applicant'));
    router.use(logRoutes(deps, definition));
  }
  return router;
}

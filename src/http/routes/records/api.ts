import type { Request } from 'express';
import type { AppDeps } from '../../app-deps';
import { idParam } from '../../params';
import type { RecordDefinition, StoredRecord } from '../../../domain/records';
import { createRecord, deleteRecord, getRecord, listRecords, updateRecord } from '../../../domain/records/record-service';
import { supervisionStatuses } from '../../../domain/signoff/signoff-service';
import { listQuery } from './list-query';
import { errorResponses, json, recordSchemaName, ref } from '../../openapi';
import { ApiRouter } from '../../api-router';
import { idempotent } from '../../middleware/idempotency';
import { READ_ONLY_RECORD_FIELDS, recordCreateBody, recordPatchBody } from '../../api-bodies';
import { validationError } from '../../../errors';

const MAX_API_PAGE = 1000;

const messages = {
  badLimit: `limit must be a whole number from 1 to ${MAX_API_PAGE}; offset a whole number from 0.`,
};

/** A record as the API shows it: its id, its values, and when it was written. */
const recordJson = (record: StoredRecord) => ({ id: record.id, ...record.values, createdAt: record.createdAt.toISOString(), updatedAt: record.updatedAt.toISOString() });

/** Drops the read-only keys a client may send back with a record it read. */
const withoutMeta = (body: unknown) => Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).filter(([key]) => !READ_ONLY_RECORD_FIELDS.includes(key)));

const notFound = { description: 'Not found (or not yours)', ...json(ref('Error')) };

/** One record type's routes in the JSON API: list, create, read, change, delete (routes/api.ts checks the applicant role on its path first). */
export function recordApi(deps: AppDeps, definition: RecordDefinition): ApiRouter {
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

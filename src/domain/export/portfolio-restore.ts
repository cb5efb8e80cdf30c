import { findCriteriaSet, type CriteriaDeps } from '../criteria/criteria-catalog';
import type { CriteriaSet } from '../criteria/criteria-set';
import { RECORD_DEFINITIONS, type RecordType, type RecordValues } from '../records';
import { validateRecord } from '../records/record-validation';
import { validatorFor } from '../../validation/ajv';
import { bodyMessages, bodyProblem } from '../../validation/json-checks';
import { AppError, conflict, validationError } from '../../errors';
import { isoDay } from '../dates';
import { portfolioExportSchema } from './export-schema';
import type { PortfolioExport } from './portfolio-export';

const messages = {
  notJson: 'This file is not a JSON document. Choose the .json file that EIA Portfolio exported.',
  invalid: (problems: string[]) => `This export does not follow the EIA Portfolio export format: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}.`,
  notEmpty: 'Your portfolio already has records. A portfolio export can only be restored into an empty portfolio, so that nothing is duplicated.',
  badRecord: (type: string, id: number, reason: string) => `The ${type} record ${id} in the export is not valid: ${reason}`,
  nul: (field: string) => `The export holds a character that cannot be stored (a NUL character or half an emoji, in ${field.replace(/\./g, ' › ')}). Export the portfolio again from EIA Portfolio.`,
};

let exportValidator: ReturnType<typeof validatorFor> | undefined;

export interface RestoreReport {
  counts: Record<RecordType, number>;
  /**
   * The export lists evidence files by hash but holds no bytes. They are not restored: knowing
   * a file's hash must never be enough to gain access to a stored file of someone else.
   */
  filesNotIncluded: string[];
}

/** Reads an export document, or explains what is wrong with it. */
export function parseExport(bytes: Buffer): PortfolioExport {
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw validationError({ file: messages.notJson });
  }
  const problem = bodyProblem(document);
  if (problem) throw validationError({ file: problem.kind === 'too_deep' ? bodyMessages.tooDeep : messages.nul(problem.field) });
  exportValidator ??= validatorFor(portfolioExportSchema());
  if (!exportValidator(document)) {
    const problems = (exportValidator.errors ?? []).map((error) => `${error.instancePath || '(document)'} ${error.message}`);
    throw validationError({ file: messages.invalid(problems) });
  }
  return document as PortfolioExport;
}

/**
 * Restores an export into the owner's empty portfolio in one transaction: settings, every
 * record (checked by the same rules as the forms), and links between records re-pointed to the
 * new ids.
 */
function aimOn(settings: Record<string, string | undefined>, set: CriteriaSet | undefined, current: string) {
  if (!set) return { criteriaSet: current, targetLevel: null };
  return { criteriaSet: set.id, targetLevel: set.levels.some((level) => level.id === settings.targetLevel) ? settings.targetLevel! : null };
}

export async function restorePortfolio(deps: CriteriaDeps, ownerId: number, document: PortfolioExport): Promise<RestoreReport> {
  const today = isoDay(deps.clock.now());
  const prepared = new Map<RecordType, { oldId: number; values: RecordValues }[]>();
  for (const definition of RECORD_DEFINITIONS) {
    prepared.set(
      definition.type,
      (document.records[definition.type] ?? []).map(({ id, ...values }) => {
        try {
          return { oldId: id, values: validateRecord(definition, values, today) };
        } catch (error) {
          const fields =
            error instanceof AppError
              ? Object.entries(error.details.fields ?? {})
                  .map(([field, message]) => `${field}: ${message}`)
                  .join(' ')
              : String(error);
          throw validationError({ file: messages.badRecord(definition.type, id, fields) });
        }
      }),
    );
  }
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    const portfolio = await deps.repos.portfolio.findOrCreate(trx, ownerId, now);
    for (const definition of RECORD_DEFINITIONS) {
      if ((await deps.repos.record.totals(trx, definition, portfolio.id)).count > 0) throw conflict(messages.notEmpty);
    }
    const settings = document.portfolio as Record<string, string | undefined>;
    await deps.repos.portfolio.updateSettings(
      trx,
      portfolio.id,
      {
        displayName: settings.displayName ?? null,
        emccMembershipNumber: settings.emccMembershipNumber ?? null,
        firstPracticeDate: settings.firstPracticeDate ?? null,
        practiceRole: (settings.practiceRole as never) ?? null,
        // The aim travels only if this instance knows the criteria set and its level.
        ...aimOn(settings, await findCriteriaSet(deps, settings.criteriaSet ?? portfolio.criteriaSet), portfolio.criteriaSet),
      },
      now,
    );
    // The other target credentials travel too, those this instance knows, after the aim.
    const aim = aimOn(settings, await findCriteriaSet(deps, settings.criteriaSet ?? portfolio.criteriaSet), portfolio.criteriaSet);
    const others: { criteriaSet: string; levelId: string }[] = [];
    for (const target of ((document.portfolio as { targets?: { criteriaSet: string; level: string }[] }).targets ?? []).slice(1)) {
      const set = await findCriteriaSet(deps, target.criteriaSet);
      if (set?.levels.some((level) => level.id === target.level)) others.push({ criteriaSet: target.criteriaSet, levelId: target.level });
    }
    if (aim.targetLevel && others.length) await deps.repos.portfolio.replaceTargets(trx, portfolio.id, [{ criteriaSet: aim.criteriaSet, levelId: aim.targetLevel }, ...others]);
    const attendees = document.calendarAttendees;
    if (attendees) {
      // The portfolio takes the export's salt (it has no records yet): the attendee hashes and the codes made from names stay the same.
      await deps.repos.portfolio.setClientCodeSalt(trx, portfolio.id, attendees.salt, now);
      await deps.repos.calendarAttendee.replaceAll(trx, portfolio.id, new Map(attendees.codes.map((item) => [item.addressHash, item.clientCode])), now);
    }
    const newIds = new Map<string, string>();
    const counts = {} as Record<RecordType, number>;
    for (const definition of RECORD_DEFINITIONS) {
      const rows = prepared.get(definition.type)!;
      const values = rows.map((row) => (definition.type === 'reflection' ? { ...row.values, linkedRecords: ((row.values.linkedRecords as string[]) ?? []).map((ref) => newIds.get(ref)).filter(Boolean) } : row.values));
      const ids = await deps.repos.record.insertMany(trx, definition, portfolio.id, values, now);
      rows.forEach((row, index) => newIds.set(`${definition.type}:${row.oldId}`, `${definition.type}:${ids[index]}`));
      counts[definition.type] = ids.length;
    }
    await deps.repos.audit.record(trx, { actorId: ownerId, action: 'portfolio.restored', entityType: 'portfolio', entityId: portfolio.id, details: { counts, calendarAttendees: attendees?.codes.length ?? 0 }, at: now });
    return { counts, filesNotIncluded: document.files.map((file) => file.name) };
  });
}

import type { ServiceDeps } from '../deps';
import type { CriteriaSet } from './criteria-set';
import { CriteriaError, parseCriteriaSet } from './criteria-validation';
import { conflict, notFound, validationError } from '../../errors';

/** The criteria sets this instance knows: the files read at start, and those admins uploaded. */
export interface CriteriaDeps extends ServiceDeps {
  criteriaFiles: readonly CriteriaSet[];
}

export interface CatalogEntry {
  set: CriteriaSet;
  origin: 'file' | 'upload';
  isDefault: boolean;
}

const messages = {
  unknown: (id: string) => `There is no criteria set "${id}".`,
  builtIn: (id: string) => `"${id}" is the id of a criteria set that ships with the app. Give the uploaded set another id (for example "${id}-2027").`,
  invalid: (problems: string) => `This criteria set cannot be used: ${problems}`,
};

export async function listCriteriaSets(deps: CriteriaDeps): Promise<CatalogEntry[]> {
  const defaultId = await deps.repos.settings.get(deps.db, 'defaultCriteriaSet');
  const uploaded = await deps.repos.criteriaSet.list(deps.db);
  return [
    ...deps.criteriaFiles.map((set) => ({ set, origin: 'file' as const, isDefault: set.id === defaultId })),
    ...uploaded.map((entry) => ({ set: entry.set, origin: 'upload' as const, isDefault: entry.set.id === defaultId })),
  ];
}

/** A criteria set by id: a file's, else an uploaded one. */
export async function findCriteriaSet(deps: CriteriaDeps, id: string): Promise<CriteriaSet | undefined> {
  return deps.criteriaFiles.find((set) => set.id === id) ?? (await deps.repos.criteriaSet.find(deps.db, id));
}

export async function getCriteriaSet(deps: CriteriaDeps, id: string): Promise<CriteriaSet> {
  const set = await findCriteriaSet(deps, id);
  if (!set) throw notFound(messages.unknown(id));
  return set;
}

/** Validates and stores an uploaded criteria set; problems are listed with their JSON paths. */
export async function uploadCriteriaSet(deps: CriteriaDeps, actorId: number, text: string): Promise<CriteriaSet> {
  let set: CriteriaSet;
  try {
    set = parseCriteriaSet(text);
  } catch (error) {
    if (error instanceof CriteriaError) throw validationError({ file: messages.invalid(error.problems.map((p) => `${p.path || '/'} ${p.message}`).join('; ')) });
    throw error;
  }
  if (deps.criteriaFiles.some((file) => file.id === set.id)) throw conflict(messages.builtIn(set.id));
  await deps.db.transaction(async (trx) => {
    await deps.repos.criteriaSet.save(trx, set, actorId, deps.clock.now());
    await deps.repos.audit.record(trx, { actorId, action: 'criteria_set.uploaded', entityType: 'criteria_set', entityId: set.id, details: { edition: set.edition }, at: deps.clock.now() });
  });
  return set;
}

export async function setDefaultCriteriaSet(deps: CriteriaDeps, actorId: number, id: string): Promise<void> {
  await getCriteriaSet(deps, id);
  await deps.db.transaction(async (trx) => {
    await deps.repos.settings.set(trx, 'defaultCriteriaSet', id, deps.clock.now());
    await deps.repos.audit.record(trx, { actorId, action: 'criteria_set.made_default', entityType: 'criteria_set', entityId: id, at: deps.clock.now() });
  });
}

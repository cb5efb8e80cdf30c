import type { ServiceDeps } from '../deps';
import type { AppendixChoice, EvidenceFile } from '../../db/repositories/evidence-file-repository';

/** Whether a file is appended to the PDF: the applicant's choice, else whether it supports a record. */
export const isAppended = (choice: AppendixChoice, supports: number) => choice === 'include' || (choice === null && supports > 0);

/** An evidence file as the PDF options page lists it: whether it is appended, and why. */
export interface AppendixEntry {
  file: EvidenceFile;
  /** How many records the file supports. */
  supports: number;
  /** Appended by default (it supports a record) unless the applicant chose otherwise. */
  appended: boolean;
  byDefault: boolean;
}

/** Every evidence file of the owner's portfolio with whether the application PDF appends it, in upload order. */
export async function appendixEntries(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number): Promise<AppendixEntry[]> {
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());
  const files = (await deps.repos.evidenceFile.list(deps.db, portfolio.id)).sort((a, b) => a.id - b.id);
  const links = await deps.repos.evidenceLink.recordsForFiles(
    deps.db,
    files.map((file) => file.id),
  );
  return files.map((file) => {
    const supports = links.get(file.id)?.length ?? 0;
    return { file, supports, appended: isAppended(file.appendixChoice, supports), byDefault: file.appendixChoice === null };
  });
}

/**
 * Saves which of the listed files the applicant appends (`appended` ⊆ `listed`, by id). A file
 * whose choice matches the default (appended when it supports a record) keeps no choice, so it
 * follows its links later; the others remember "include" or "exclude".
 */
export async function chooseAppendices(deps: ServiceDeps, ownerId: number, listed: number[], appended: number[]): Promise<void> {
  const wanted = new Set(appended);
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const portfolio = await deps.repos.portfolio.findOrCreate(trx, ownerId, now);
    const files = (await deps.repos.evidenceFile.list(trx, portfolio.id)).filter((file) => listed.includes(file.id));
    const links = await deps.repos.evidenceLink.recordsForFiles(
      trx,
      files.map((file) => file.id),
    );
    const choices = files.map((file) => {
      const byDefault = (links.get(file.id)?.length ?? 0) > 0;
      const choice: AppendixChoice = wanted.has(file.id) === byDefault ? null : wanted.has(file.id) ? 'include' : 'exclude';
      return { id: file.id, choice, before: file.appendixChoice };
    });
    const changed = choices.filter((each) => each.choice !== each.before);
    if (!changed.length) return;
    await deps.repos.evidenceFile.setAppendixChoices(trx, portfolio.id, changed);
    await deps.repos.audit.record(trx, {
      actorId: ownerId,
      action: 'evidence.appendices_chosen',
      entityType: 'portfolio',
      entityId: portfolio.id,
      details: { files: changed.map(({ id, choice }) => ({ id, choice })) },
      at: now,
    });
  });
}

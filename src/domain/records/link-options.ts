import type { ServiceDeps } from '../deps';
import { RECORD_DEFINITIONS } from '.';

const PER_TYPE = 60;

export interface LinkOption {
  value: string;
  label: string;
  group: string;
  href: string;
}

/** Records to link to: the latest of each log, newest first (reflections only when asked). */
export async function linkOptions(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>, ownerId: number, options: { includeReflections?: boolean } = {}): Promise<LinkOption[]> {
  const portfolio = await deps.repos.portfolio.findOrCreate(deps.db, ownerId, deps.clock.now());
  const found: LinkOption[] = [];
  for (const definition of RECORD_DEFINITIONS) {
    if (definition.type === 'reflection' && !options.includeReflections) continue;
    const records = await deps.repos.record.list(deps.db, definition, portfolio.id, { limit: PER_TYPE });
    for (const record of records) found.push({ value: `${definition.type}:${record.id}`, label: definition.describe(record.values), group: definition.names.log, href: `${definition.path}/${record.id}` });
  }
  return found;
}

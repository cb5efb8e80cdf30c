import type { ServiceDeps } from '../deps';
import { recordRepository } from '../../db/repositories/record-repository';
import { portfolioRepository } from '../../db/repositories/portfolio-repository';
import { RECORD_DEFINITIONS } from '.';

const PER_TYPE = 60;

export interface LinkOption {
  value: string;
  label: string;
  group: string;
  href: string;
}

/** Records to link to: the latest of each log, newest first (reflections only when asked). */
export async function linkOptions(deps: Pick<ServiceDeps, 'db' | 'clock'>, ownerId: number, options: { includeReflections?: boolean } = {}): Promise<LinkOption[]> {
  const portfolio = await portfolioRepository.findOrCreate(deps.db, ownerId, deps.clock.now());
  const found: LinkOption[] = [];
  for (const definition of RECORD_DEFINITIONS) {
    if (definition.type === 'reflection' && !options.includeReflections) continue;
    const records = await recordRepository.list(deps.db, definition, portfolio.id, { limit: PER_TYPE });
    for (const record of records) found.push({ value: `${definition.type}:${record.id}`, label: definition.describe(record.values), group: definition.names.log, href: `${definition.path}/${record.id}` });
  }
  return found;
}

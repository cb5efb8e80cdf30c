import type { Db } from '../../src/db/knex';
import { outboxRepository, type OutboxMessage } from '../../src/db/repositories/outbox-repository';

/** The newest outbox message to this address. */
export async function lastMailTo(db: Db, to: string): Promise<OutboxMessage | undefined> {
  return (await outboxRepository.latest(db, 100)).find((message) => message.to === to);
}

/** The first link to the app found in a message body, as a path. */
export function linkIn(text: string, baseUrl = 'http://eia.test'): string {
  const match = new RegExp(`${baseUrl.replace(/[.]/g, '\\.')}(/\\S+)`).exec(text);
  if (!match) throw new Error(`No link in: ${text}`);
  return match[1]!;
}

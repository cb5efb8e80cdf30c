import type { Db } from '../db/knex';
import type { Clock } from '../clock';
import type { Mailer } from '../mail/mailer';
import type { Repositories } from '../db/repositories';

/** What services need from the outside world, passed as one object (tests pass fakes). */
export interface ServiceDeps {
  db: Db;
  /** The repositories; each method takes `db` or a transaction first (tests pass in-memory fakes). */
  repos: Repositories;
  clock: Clock;
  mailer: Mailer;
  /** Public address of the app, for links in emails. */
  baseUrl: string;
}

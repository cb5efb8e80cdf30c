import type { Db } from '../db/knex';
import type { Clock } from '../clock';
import type { Mailer } from '../mail/mailer';

/** What services need from the outside world, passed as one object (tests pass fakes). */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  /** Public address of the app, for links in emails. */
  baseUrl: string;
}

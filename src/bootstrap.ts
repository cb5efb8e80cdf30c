import { loadConfig, resolveSessionSecret, type Config } from './config';
import { checkConnection, createDb, embeddedDirFor, initEmbeddedDir, migrateLatest, type Db } from './db/knex';
import { EmbeddedDatabaseBusyError, lockEmbeddedDatabase } from './db/embedded-lock';
import { chooseLogFormat, createLogger, type Logger } from './logger';
import { systemClock } from './clock';
import { CriteriaFileError, loadCriteriaFiles } from './domain/criteria/criteria-files';
import { buildDeps, jobQueueFor } from './build-deps';
import type { AppDeps } from './http/app-deps';

/** A start-up failure: the message says which step failed and why, in one line. */
export class StartupError extends Error {}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

/** The criteria files, validated: a bad file stops the start with its name, path and reason. */
function loadCriteria() {
  try {
    return loadCriteriaFiles();
  } catch (error) {
    if (error instanceof CriteriaFileError) throw new StartupError(error.message);
    throw error;
  }
}

/** Where the database is, without credentials. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `the embedded database in ${embeddedDirFor(config.dataDir)}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

/** An open database and how to close it (which also gives up the embedded database's lock). */
export interface OpenDatabase {
  db: Db;
  close(): Promise<void>;
}

/** Opens the database named by the config and brings its schema up to date, or explains why not. */
export async function openDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  const where = describeDatabase(config);
  let db: Db;
  let release = () => undefined as void;
  try {
    if (!config.databaseUrl) release = lockEmbeddedDatabase(embeddedDirFor(config.dataDir));
    if (!config.databaseUrl) await initEmbeddedDir(embeddedDirFor(config.dataDir));
    db = createDb({ databaseUrl: config.databaseUrl, preparedStatements: config.databasePreparedStatements, embeddedDir: config.databaseUrl ? undefined : embeddedDirFor(config.dataDir), logger });
    await checkConnection(db);
  } catch (error) {
    release();
    if (error instanceof EmbeddedDatabaseBusyError) throw new StartupError(`Database: ${error.message}`);
    throw new StartupError(`Database: cannot reach ${where}: ${reason(error)}`);
  }

  try {
    const ran = await migrateLatest(db);
    if (ran.length) logger.info({ migrations: ran }, 'migrations applied');
  } catch (error) {
    await db.destroy().catch(() => undefined);
    release();
    throw new StartupError(`Database: a migration failed on ${where}: ${reason(error)}`);
  }
  const close = async () => {
    try {
      await db.destroy();
    } finally {
      release();
    }
  };
  return { db, close };
}

/** Everything the app and the command line are built from, read from the environment. */
export async function bootstrap(env: NodeJS.ProcessEnv): Promise<AppDeps & { close(): Promise<void> }> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel, chooseLogFormat(config.logFormat, process.stdout.isTTY === true));
  const criteriaFiles = loadCriteria();
  const { db, close } = await openDatabase(config, logger);
  const jobQueue = jobQueueFor(config, logger);
  try {
    await jobQueue.migrate?.();
  } catch (error) {
    await close();
    throw new StartupError(`Database: the job queue's schema could not be installed: ${reason(error)}`);
  }
  return { ...buildDeps({ config, db, logger, clock: systemClock, sessionSecret: resolveSessionSecret(config), criteriaFiles, jobQueue }), close };
}

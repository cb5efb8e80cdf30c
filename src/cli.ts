import { parseArgs } from 'node:util';
import { bootstrap } from './bootstrap';
import { ConfigError } from './config';
import { StartupError } from './bootstrap';
import type { ServiceDeps } from './domain/deps';
import { createUser } from './domain/accounts/account-service';
import { createApiTokenForEmail } from './domain/accounts/api-token-service';
import { isRole, type Role } from './domain/accounts/roles';
import { isAppError } from './errors';
import type { AppDeps } from './http/app-deps';
import { backendOf } from './db/knex';
import { createBackup } from './domain/backup/create-backup';
import { restoreBackup } from './domain/backup/restore-backup';
import { fileSizeText } from './presenters/file-size';

const usage = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                               bring the database schema up to date
  user:create --email E --password P --role R [--role R2 …] [--name N]
                                        create an account (roles: applicant, supervisor, assessor, admin)
  token:create --email E [--name LABEL] print a new personal access token for the API (shown once)
  backup --out FILE                     write the database and the evidence files to FILE (.tar.gz)
  restore --in FILE                     restore a backup into this instance, which must be empty`;

export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** What the commands need: the services' dependencies and the evidence store. */
export type CliDeps = ServiceDeps & Pick<AppDeps, 'evidenceStore'>;

/** Runs one command against already-open dependencies; returns the exit code. */
export async function runCommand(argv: string[], deps: CliDeps, io: CliOutput): Promise<number> {
  const [command, ...rest] = argv;
  if (HELP.has(command ?? '')) {
    io.out(usage);
    return 0;
  }
  try {
    switch (command) {
      case 'migrate':
        io.out('The database schema is up to date.');
        return 0;
      case 'user:create': {
        const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', multiple: true }, name: { type: 'string' } } });
        const roles = values.role ?? [];
        if (!values.email || !values.password || roles.length === 0) throw new UsageError('user:create needs --email, --password and at least one --role.');
        const unknown = roles.filter((role) => !isRole(role));
        if (unknown.length) throw new UsageError(`Unknown role: ${unknown.join(', ')}. Roles are applicant, supervisor, assessor, admin.`);
        const user = await createUser(deps, { email: values.email, password: values.password, name: values.name ?? values.email.split('@')[0]!, roles: roles as Role[] }, null);
        io.out(`Created user ${user.id} <${user.email}> with roles: ${user.roles.join(', ')}.`);
        return 0;
      }
      case 'token:create': {
        const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' } } });
        if (!values.email) throw new UsageError('token:create needs --email.');
        const { token } = await createApiTokenForEmail(deps, values.email, values.name ?? 'Command line');
        io.out(token);
        return 0;
      }
      case 'backup': {
        const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
        if (!values.out) throw new UsageError('backup needs --out FILE, e.g. --out eia-backup.tar.gz');
        const { file, manifest, archiveBytes } = await createBackup({ ...deps, backend: backendOf(deps.db) }, values.out);
        const rows = manifest.database.tables.reduce((sum, table) => sum + table.rows, 0);
        io.out(`Backed up ${rows} rows of ${manifest.database.tables.length} tables and ${manifest.evidence.files} evidence files (${fileSizeText(manifest.evidence.bytes)}) to ${file} (${fileSizeText(archiveBytes)}).`);
        return 0;
      }
      case 'restore': {
        const { values } = parseArgs({ args: rest, options: { in: { type: 'string' } } });
        if (!values.in) throw new UsageError('restore needs --in FILE, the .tar.gz that backup wrote.');
        const { manifest, rows, files, migrated } = await restoreBackup({ ...deps, backend: backendOf(deps.db) }, values.in);
        io.out(`Restored ${rows} rows and ${files} evidence files from the backup of ${manifest.createdAt} (EIA Portfolio ${manifest.appVersion}).`);
        if (migrated.length) io.out(`Brought the restored database up to this version: ${migrated.join(', ')}.`);
        io.out('Sessions are not part of a backup: everyone signs in again.');
        return 0;
      }
      default:
        io.err(`Unknown command: ${command}\n\n${usage}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${error.message}\n\n${usage}`);
      return 2;
    }
    if (isAppError(error)) {
      const fields = Object.entries(error.details.fields ?? {}).map(([field, message]) => `--${field}: ${message}`);
      io.err(fields.length ? fields.join('\n') : error.message);
      return 1;
    }
    throw error;
  }
}

class UsageError extends Error {}

const HELP = new Set(['', 'help', '--help', '-h']);

if (require.main === module && HELP.has(process.argv[2] ?? '')) {
  // Help needs no database (which may be in use by the running app).
  console.log(usage);
} else if (require.main === module) {
  const io: CliOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };
  bootstrap({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' })
    .then(async (deps) => {
      try {
        return await runCommand(process.argv.slice(2), deps, io);
      } finally {
        await deps.close();
      }
    })
    .then(
      (code) => process.exit(code),
      (error: unknown) => {
        const known = error instanceof ConfigError || error instanceof StartupError;
        io.err(known ? (error as Error).message : `Failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
}

import { parseArgs } from 'node:util';
import { bootstrap } from './bootstrap';
import { ConfigError } from './config';
import { StartupError } from './bootstrap';
import type { ServiceDeps } from './domain/deps';
import { createUser } from './domain/accounts/account-service';
import { createApiTokenForEmail } from './domain/accounts/api-token-service';
import { isRole, type Role } from './domain/accounts/roles';
import { isAppError } from './errors';

const usage = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                               bring the database schema up to date
  user:create --email E --password P --role R [--role R2 …] [--name N]
                                        create an account (roles: applicant, supervisor, assessor, admin)
  token:create --email E [--name LABEL] print a new personal access token for the API (shown once)`;

export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs one command against already-open dependencies; returns the exit code. */
export async function runCommand(argv: string[], deps: ServiceDeps, io: CliOutput): Promise<number> {
  const [command, ...rest] = argv;
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
      default:
        io.err(command ? `Unknown command: ${command}\n\n${usage}` : usage);
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

if (require.main === module) {
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

import { bootstrap, StartupError } from '../src/bootstrap';
import { ConfigError } from '../src/config';
import type { AppDeps } from '../src/http/app-deps';
import { findDemoUser, seedDemoPortfolio } from '../src/demo/demo-portfolio';
import { userRepository } from '../src/db/repositories/user-repository';
import { recordRepository } from '../src/db/repositories/record-repository';
import { portfolioOf } from '../src/domain/portfolio/portfolio-service';
import { definitionOf } from '../src/domain/records';
import { formatHours, isoDay } from '../src/domain/dates';

/** The demo account; the password passes the password policy and is printed, so it is no secret. */
export const DEMO_EMAIL = 'demo@example.org';
export const DEMO_PASSWORD = 'walnut-harbour-demo';

export interface SeedOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

const signInLines = (baseUrl: string) => [`Sign in at ${baseUrl}/login`, `  email:    ${DEMO_EMAIL}`, `  password: ${DEMO_PASSWORD}`];

// An applicant created on an empty instance makes it count as set up, so /setup no longer
// offers to create the administrator: say how to create one.
async function adminHint(deps: AppDeps): Promise<string[]> {
  const users = await userRepository.list(deps.db);
  if (users.some((user) => user.roles.includes('admin'))) return [];
  return ['', 'This instance has no administrator yet. To create one:', "  npm run cli -- user:create --email you@example.org --password 'a long phrase' --role admin"];
}

/** Seeds the demo applicant unless it exists; prints how to sign in. Returns the exit code. */
export async function seedDemo(deps: AppDeps, io: SeedOutput): Promise<number> {
  const existing = await findDemoUser(deps, DEMO_EMAIL);
  if (existing) {
    io.out('The demo applicant already exists; nothing was changed.');
    io.out('');
    for (const line of signInLines(deps.config.baseUrl)) io.out(line);
    for (const line of await adminHint(deps)) io.out(line);
    return 0;
  }
  const result = await seedDemoPortfolio(deps, { email: DEMO_EMAIL, password: DEMO_PASSWORD, today: isoDay(deps.clock.now()) });
  const portfolio = await portfolioOf(deps, result.userId);
  const practice = await recordRepository.totals(deps.db, definitionOf('practice'), portfolio.id);
  const c = result.counts;
  io.out('Created a demo applicant with a two-year portfolio (working towards Practitioner):');
  io.out(`  ${c.practice} practice records (${formatHours(practice.hours)}), ${c.supervision} supervision, ${c.cpd} CPD, ${c.contribution} contributions,`);
  io.out(`  ${c.feedback} client feedback items, ${c.reflection} reflections and case studies, ${result.files} evidence files.`);
  io.out('');
  for (const line of signInLines(deps.config.baseUrl)) io.out(line);
  for (const line of await adminHint(deps)) io.out(line);
  io.out('');
  io.out('Start the app (npm start), then sign in.');
  return 0;
}

async function main(io: SeedOutput): Promise<number> {
  // The embedded database refuses a second process (the app running): bootstrap says so.
  const deps = await bootstrap({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  try {
    return await seedDemo(deps, io);
  } finally {
    await deps.close();
  }
}

if (require.main === module) {
  const io: SeedOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };
  main(io).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const known = error instanceof ConfigError || error instanceof StartupError;
      io.err(known ? (error as Error).message : `Seeding the demo failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

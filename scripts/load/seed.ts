import { bootstrap } from '../../src/bootstrap';
import { createUser } from '../../src/domain/accounts/account-service';
import { createApiToken } from '../../src/domain/accounts/api-token-service';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { createRecord } from '../../src/domain/records/record-service';

export const PASSWORD = 'Lantern-Quarry-Ferns-2048';

export interface LoadUser {
  email: string;
  token: string;
}

/** Runs `work` over the items, `width` at a time. */
export async function inParallel<T, R>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

/**
 * The simulated users, through the app's own services (so every row is as the app writes it):
 * each an applicant with a small portfolio (40 sessions with 8 clients, 6 supervision sessions,
 * 4 CPD entries) and an API token.
 */
export async function seedUsers(env: NodeJS.ProcessEnv, count: number): Promise<LoadUser[]> {
  const deps = await bootstrap({ ...env, LOG_LEVEL: 'silent' });
  try {
    return await inParallel(
      Array.from({ length: count }, (_, i) => i),
      8,
      async (i) => {
        const email = `load-${i}@example.org`;
        const user = await createUser(deps, { email, name: `Load User ${i}`, password: PASSWORD, roles: ['applicant'] }, null);
        await deps.repos.user.setVerifiedEmail(deps.db, user.id, email, deps.clock.now());
        await updatePortfolioSettings(deps, user.id, { displayName: `Load User ${i}`, firstPracticeDate: '2023-01-10', criteriaSet: 'emcc-eia', targetLevel: 'practitioner' });
        for (let s = 0; s < 40; s++) {
          const date = `2026-${String(1 + (s % 10)).padStart(2, '0')}-${String(1 + (s % 27)).padStart(2, '0')}`;
          await createRecord(deps, user.id, 'practice', { clientCode: `C-${s % 8}`, date, hours: 1.5, format: 'one_to_one', practiceKind: 'coaching', payment: 'paid' });
        }
        for (let s = 0; s < 6; s++) await createRecord(deps, user.id, 'supervision', { date: `2026-0${1 + s}-20`, hours: 1, supervisorName: 'Sam Lee', format: 'individual', themes: 'Contracting' });
        for (let s = 0; s < 4; s++) await createRecord(deps, user.id, 'cpd', { title: `Workshop ${s}`, startDate: `2026-0${2 + s}-05`, endDate: `2026-0${2 + s}-05`, hours: 6, kind: 'workshop' });
        return { email, token: (await createApiToken(deps, user.id, 'load')).token };
      },
    );
  } finally {
    await deps.close();
  }
}

/** Sign-in is rate-limited per address; the load tool signs in many people from one: it clears its own database's counters. */
export async function clearRateLimits(env: NodeJS.ProcessEnv): Promise<void> {
  const deps = await bootstrap({ ...env, LOG_LEVEL: 'silent' });
  try {
    await deps.db('rate_limits').delete();
  } finally {
    await deps.close();
  }
}

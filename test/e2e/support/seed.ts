import type { E2eServer } from './e2e-server';
import type { Person } from './people';
import { makeUser } from '../../support/factories';
import { createRecord } from '../../../src/domain/records/record-service';
import { updatePortfolioSettings } from '../../../src/domain/portfolio/portfolio-service';
import { requestConfirmation } from '../../../src/domain/signoff/signoff-service';
import type { User } from '../../../src/db/repositories/user-repository';

// For journeys that test a later step (confirmation, keyboard use): the portfolio they start
// from is made directly, as factories do; the applicant journey shows it can be made by hand.

/** An applicant with portfolio settings (EMCC EIA, Foundation) who can sign in with `person`'s password. */
export async function seedApplicant(server: E2eServer, person: Person): Promise<User> {
  const user = await makeUser(server.deps, ['applicant'], { email: person.email, name: person.name, password: person.password });
  await updatePortfolioSettings(server.deps, user.id, { displayName: person.name, criteriaSet: 'emcc-eia', targetLevel: 'foundation' });
  return user;
}

export interface SeededSupervision {
  id: number;
  date: string;
  hours: number;
}

/** Supervision records with one supervisor, one per date, each `hours` long and individual. */
export async function seedSupervision(server: E2eServer, owner: User, supervisor: { name: string; email: string }, dates: string[], hours = 1): Promise<SeededSupervision[]> {
  const records: SeededSupervision[] = [];
  for (const date of dates) {
    const record = await createRecord(server.deps, owner.id, 'supervision', {
      date,
      hours,
      supervisorName: supervisor.name,
      supervisorEmail: supervisor.email,
      format: 'individual',
      themes: 'Contracting and boundaries',
    });
    records.push({ id: record.id, date, hours });
  }
  return records;
}

/** Asks for confirmation of these records, as the applicant's button does; the email goes to the outbox. */
export async function seedConfirmationRequest(server: E2eServer, owner: User, records: SeededSupervision[]): Promise<void> {
  await requestConfirmation(
    server.deps,
    owner.id,
    records.map((record) => record.id),
  );
}

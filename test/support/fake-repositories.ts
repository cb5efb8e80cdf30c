import type { Db } from '../../src/db/knex';
import type { Repositories } from '../../src/db/repositories';
import type { User } from '../../src/db/repositories/user-repository';
import type { Portfolio } from '../../src/db/repositories/portfolio-repository';
import type { AuditEvent } from '../../src/db/repositories/audit-repository';
import type { OutboxMessage } from '../../src/db/repositories/outbox-repository';
import type { Signoff, SignoffRequest } from '../../src/db/repositories/signoff-repository';
import type { AssessmentNote, StoredSubmission } from '../../src/db/repositories/submission-repository';
import type { EvidenceFile } from '../../src/db/repositories/evidence-file-repository';
import type { RecordDefinition, RecordType, StoredRecord } from '../../src/domain/records';
import type { RecordFilter } from '../../src/db/repositories/record-repository';
import { normaliseEmail } from '../../src/validation/email-address';
import { contentHash } from '../../src/domain/signoff/confirmation-status';

// In-memory fakes of the repositories, for unit tests of services with no database. They keep
// the repositories' contracts that services rely on (ids, ordering, "insert unless answered
// already", ownership by portfolio) in plain arrays. A method no test has needed yet is not
// faked: calling it fails loudly with its name, so a test never passes against a silent stub.
// `fakeDb.transaction` keeps every change of its callback or, when it throws, none (like the
// database), so a test can show that a refused change left nothing half-written.

/** Everything the fakes hold: tests arrange data here and read what a service wrote. */
export interface FakeData {
  users: User[];
  portfolios: Portfolio[];
  records: (StoredRecord & { portfolioId: number })[];
  audit: AuditEvent[];
  outbox: OutboxMessage[];
  requests: (SignoffRequest & { tokenHash: string })[];
  answers: (Signoff & { ip: string | null; userAgent: string | null })[];
  submissions: (StoredSubmission & { fileHashes: string[] })[];
  notes: (AssessmentNote & { submissionId: number })[];
  files: EvidenceFile[];
  links: { fileId: number; recordType: RecordType; recordId: number }[];
}

const emptyData = (): FakeData => ({ users: [], portfolios: [], records: [], audit: [], outbox: [], requests: [], answers: [], submissions: [], notes: [], files: [], links: [] });

const nextId = (rows: { id: number }[]) => rows.reduce((max, row) => Math.max(max, row.id), 0) + 1;
const copy = <T>(value: T): T => structuredClone(value);

/** Wraps a partial fake so that a method it lacks throws with its name instead of being undefined. */
function strict<K extends keyof Repositories>(name: K, methods: Partial<Repositories[K]>): Repositories[K] {
  return new Proxy(methods as Repositories[K], {
    get(target, property) {
      if (property in target) return target[property as keyof typeof target];
      throw new Error(`The fake ${String(name)} repository has no ${String(property)}(): add it to test/support/fake-repositories.ts.`);
    },
  });
}

export interface FakeRepositories {
  data: FakeData;
  repos: Repositories;
  /** Stands in for the database handle: repositories ignore it; transactions roll back on a throw. */
  db: Db;
}

export function fakeRepositories(): FakeRepositories {
  const data = emptyData();
  const d = () => data;
  const recordsOf = (portfolioId: number, type: RecordType) => d().records.filter((record) => record.portfolioId === portfolioId && record.type === type);
  const recordOf = (portfolioId: number, type: RecordType, id: number) => recordsOf(portfolioId, type).find((record) => record.id === id);
  const stored = ({ portfolioId: _portfolioId, ...record }: FakeData['records'][number]): StoredRecord => copy(record);
  /** As the record repository's list: a date range on the type's date field, sorted by a list field (the date by default, newest first). */
  const listed = (definition: RecordDefinition, portfolioId: number, filter: RecordFilter): StoredRecord[] => {
    if (filter.limit !== undefined || filter.offset !== undefined) throw new Error('The fake record repository does not page.');
    const date = (record: StoredRecord) => String(record.values[definition.dateField]);
    const sortField = filter.sort && definition.listFields.includes(filter.sort) ? filter.sort : definition.dateField;
    const sign = (filter.direction ?? (filter.sort ? 'asc' : 'desc')) === 'asc' ? 1 : -1;
    const compare = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a ?? '').localeCompare(String(b ?? '')));
    return recordsOf(portfolioId, definition.type)
      .filter((record) => (!filter.from || date(record) >= filter.from) && (!filter.to || date(record) <= filter.to))
      .sort((a, b) => sign * (compare(a.values[sortField], b.values[sortField]) || a.id - b.id))
      .map(stored);
  };
  const request = ({ tokenHash: _tokenHash, ...row }: FakeData['requests'][number]): SignoffRequest => copy(row);
  const answer = ({ ip: _ip, userAgent: _userAgent, ...row }: FakeData['answers'][number]): Signoff => copy(row);
  const summary = ({ storedSnapshot: _snapshot, fileHashes: _hashes, ...row }: FakeData['submissions'][number]) => copy(row);
  const submissionRow = (id: number) => d().submissions.find((submission) => submission.id === id);

  const repos = {
    user: strict('user', {
      async findById(_db, id) {
        return copy(d().users.find((user) => user.id === id));
      },
    }),
    portfolio: strict('portfolio', {
      async findByOwner(_db, ownerId) {
        return copy(d().portfolios.find((portfolio) => portfolio.ownerId === ownerId));
      },
      async findOrCreate(_db, ownerId, at) {
        let portfolio = d().portfolios.find((each) => each.ownerId === ownerId);
        if (!portfolio) {
          portfolio = {
            id: nextId(d().portfolios),
            ownerId,
            displayName: null,
            emccMembershipNumber: null,
            firstPracticeDate: null,
            practiceRole: null,
            targetLevel: null,
            criteriaSet: 'emcc-eia',
            clientCodeSalt: 'salt',
            updatedAt: at,
            revision: 1,
            logRevisions: {},
          };
          d().portfolios.push(portfolio);
        }
        return copy(portfolio);
      },
      async applicantOf(_db, id) {
        const portfolio = d().portfolios.find((each) => each.id === id)!;
        const owner = d().users.find((user) => user.id === portfolio.ownerId)!;
        return { displayName: portfolio.displayName, ownerName: owner.name, ownerEmail: owner.email };
      },
      async lock() {},
    }),
    record: strict('record', {
      async list(_db, definition, portfolioId, filter = {}) {
        return listed(definition, portfolioId, filter);
      },
      // As the repository: every record, oldest first, ties by id (read a page at a time there).
      async listInPages(_db, definition, portfolioId) {
        return listed(definition, portfolioId, { sort: definition.dateField, direction: 'asc' });
      },
      async find(_db, definition, portfolioId, id) {
        const record = recordOf(portfolioId, definition.type, id);
        return record && stored(record);
      },
      async insert(_db, definition, portfolioId, values, at) {
        const id = nextId(d().records);
        d().records.push({ id, portfolioId, type: definition.type, values: copy(values), createdAt: at, updatedAt: at });
        return id;
      },
      async update(_db, definition, portfolioId, id, values, at) {
        const record = recordOf(portfolioId, definition.type, id);
        if (!record) return false;
        Object.assign(record, { values: copy(values), updatedAt: at });
        return true;
      },
      async remove(_db, definition, portfolioId, id) {
        const record = recordOf(portfolioId, definition.type, id);
        d().records = d().records.filter((each) => each !== record);
        return Boolean(record);
      },
      async existingIds(_db, definition, portfolioId, ids) {
        return new Set(ids.filter((id) => recordOf(portfolioId, definition.type, id)));
      },
      async unlinkFromReflections(_db, portfolioId, reference) {
        for (const reflection of recordsOf(portfolioId, 'reflection')) {
          const linked = (reflection.values.linkedRecords as string[] | undefined) ?? [];
          if (linked.includes(reference)) reflection.values = { ...reflection.values, linkedRecords: linked.filter((each) => each !== reference) };
        }
      },
    }),
    audit: strict('audit', {
      async record(_db, event) {
        d().audit.push({
          id: nextId(d().audit),
          actorId: event.actorId,
          action: event.action,
          entityType: event.entityType,
          entityId: event.entityId == null ? null : String(event.entityId),
          details: copy(event.details ?? {}),
          at: event.at,
        });
      },
    }),
    outbox: strict('outbox', {
      async insert(_db, message) {
        const id = nextId(d().outbox);
        d().outbox.push({ id, to: message.to, subject: message.subject, text: message.text, status: message.status, attempts: 0, nextAttemptAt: message.at, lastError: null, createdAt: message.at, sentAt: null });
        return id;
      },
    }),
    evidenceFile: strict('evidenceFile', {
      async list(_db, portfolioId) {
        return copy(d().files.filter((file) => file.portfolioId === portfolioId));
      },
    }),
    evidenceLink: strict('evidenceLink', {
      async removeForRecord(_db, recordType, recordId) {
        d().links = d().links.filter((link) => !(link.recordType === recordType && link.recordId === recordId));
      },
      async recordsForFiles(_db, fileIds) {
        return new Map(
          fileIds.map((id) => [
            id,
            d()
              .links.filter((link) => link.fileId === id)
              .map((link) => ({ type: link.recordType, id: link.recordId })),
          ]),
        );
      },
    }),
    signoff: strict('signoff', {
      async createRequest(_db, input) {
        const id = nextId(d().requests);
        d().requests.push({
          id,
          portfolioId: input.portfolioId,
          supervisorEmail: input.email,
          supervisorName: input.name,
          tokenHash: input.tokenHash,
          expiresAt: input.expiresAt,
          state: 'pending',
          createdAt: input.at,
          sentAt: input.at,
          revokedAt: null,
          recordIds: [...input.recordIds].sort((a, b) => a - b),
        });
        return id;
      },
      async find(_db, id) {
        const row = d().requests.find((each) => each.id === id);
        return row && request(row);
      },
      async findByTokenHash(_db, tokenHash) {
        const row = d().requests.find((each) => each.tokenHash === tokenHash);
        return row && request(row);
      },
      async listForPortfolio(_db, portfolioId) {
        return d()
          .requests.filter((each) => each.portfolioId === portfolioId)
          .sort((a, b) => b.id - a.id)
          .map(request);
      },
      async listForEmail(_db, email) {
        return d()
          .requests.filter((each) => each.supervisorEmail === email)
          .sort((a, b) => b.id - a.id)
          .map(request);
      },
      async lockRequest() {},
      async replaceToken(_db, id, tokenHash, expiresAt, at) {
        Object.assign(d().requests.find((each) => each.id === id)!, { tokenHash, expiresAt, sentAt: at });
      },
      async setState(_db, id, state, at) {
        Object.assign(d().requests.find((each) => each.id === id)!, { state, ...(state === 'revoked' ? { revokedAt: at } : {}) });
      },
      async insertAnswer(_db, input) {
        if (d().answers.some((each) => each.requestId === input.requestId && each.supervisionId === input.supervisionId)) return false;
        d().answers.push({ ...copy(input), id: nextId(d().answers), acceptedAt: null, voidedAt: null, voidReason: null });
        return true;
      },
      async answersForRequest(_db, requestId) {
        return d()
          .answers.filter((each) => each.requestId === requestId)
          .map(answer);
      },
      async answersForRecords(_db, supervisionIds) {
        return d()
          .answers.filter((each) => supervisionIds.includes(each.supervisionId))
          .map(answer);
      },
      async findAnswer(_db, id) {
        const row = d().answers.find((each) => each.id === id);
        return row && answer(row);
      },
      async voidAnswer(_db, id, reason, at) {
        Object.assign(d().answers.find((each) => each.id === id)!, { voidedAt: at, voidReason: reason });
      },
      async acceptCorrection(_db, id, contentHash, at) {
        Object.assign(d().answers.find((each) => each.id === id)!, { acceptedAt: at, contentHash });
      },
    }),
    submission: strict('submission', {
      async insert(_db, input) {
        const id = nextId(d().submissions);
        const { snapshot, fileHashes, ...columns } = input;
        d().submissions.push({
          ...copy(columns),
          id,
          assignedAt: input.assessorId ? input.submittedAt : null,
          withdrawnAt: null,
          recommendation: null,
          feedback: null,
          decidedAt: null,
          decidedBy: null,
          applicantName: snapshot.applicant.name,
          levelLabel: snapshot.level.label,
          storedSnapshot: copy(snapshot),
          fileHashes: [...new Set(fileHashes)],
        });
        return id;
      },
      async find(_db, id) {
        const row = submissionRow(id);
        return row && { ...summary(row), storedSnapshot: copy(row.storedSnapshot) };
      },
      async findSummary(_db, id) {
        const row = submissionRow(id);
        return row && summary(row);
      },
      async lock(_db, id) {
        const row = submissionRow(id);
        return row && summary(row);
      },
      async list(_db, where = {}) {
        return d()
          .submissions.filter((row) => (where.applicantId === undefined || row.applicantId === where.applicantId) && (where.assessorId === undefined || row.assessorId === where.assessorId))
          .sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime() || b.id - a.id)
          .map(summary);
      },
      async nextVersion(_db, id) {
        const row = d()
          .submissions.filter((each) => each.previousId === id)
          .sort((a, b) => a.version - b.version)[0];
        return row && summary(row);
      },
      async update(_db, id, changes) {
        const names = {
          status: 'status',
          assessor_id: 'assessorId',
          blind: 'blind',
          assigned_at: 'assignedAt',
          withdrawn_at: 'withdrawnAt',
          recommendation: 'recommendation',
          feedback: 'feedback',
          decided_at: 'decidedAt',
          decided_by: 'decidedBy',
        } as const;
        const row = submissionRow(id)!;
        for (const [column, value] of Object.entries(changes)) Object.assign(row, { [names[column as keyof typeof names]]: value });
      },
      async hasFile(_db, id, sha256) {
        return Boolean(submissionRow(id)?.fileHashes.includes(sha256));
      },
      async notes(_db, id) {
        return d()
          .notes.filter((note) => note.submissionId === id)
          .sort((a, b) => a.subject.localeCompare(b.subject))
          .map(({ submissionId: _id, ...note }) => copy(note));
      },
      async hasNotes(_db, id) {
        return d().notes.some((note) => note.submissionId === id);
      },
      async copyNotes(_db, fromId, toId, at) {
        const from = d().notes.filter((note) => note.submissionId === fromId);
        for (const note of from) if (!d().notes.some((each) => each.submissionId === toId && each.subject === note.subject)) d().notes.push({ ...copy(note), submissionId: toId, updatedAt: at });
        return from.length;
      },
      async deleteNotes(_db, id, subjects) {
        data.notes = data.notes.filter((note) => !(note.submissionId === id && subjects.includes(note.subject)));
      },
      async saveNote(_db, id, note, at) {
        const existing = d().notes.find((each) => each.submissionId === id && each.subject === note.subject);
        if (existing) Object.assign(existing, { judgement: note.judgement, comment: note.comment, assessorId: note.assessorId, updatedAt: at });
        else d().notes.push({ ...copy(note), submissionId: id, updatedAt: at });
      },
      async confirmedFor(_db, portfolioId, email) {
        const requestIds = new Set(
          d()
            .requests.filter((each) => each.portfolioId === portfolioId && each.supervisorEmail === normaliseEmail(email))
            .map((each) => each.id),
        );
        return d().answers.some((each) => requestIds.has(each.requestId) && each.decision !== 'declined');
      },
    }),
    criteriaSet: strict('criteriaSet', {
      async list() {
        return [];
      },
      async find() {
        return undefined;
      },
    }),
    settings: strict('settings', {
      async get(_db, key) {
        return ({ registrationOpen: true, defaultCriteriaSet: 'emcc-eia' } as const)[key];
      },
    }),
  };
  const named: Record<string, unknown> = repos;
  const all = new Proxy(repos as unknown as Repositories, {
    get(_target, property) {
      if (property in named) return named[property as string];
      throw new Error(`There is no fake ${String(property)} repository yet: add it to test/support/fake-repositories.ts.`);
    },
  });

  const db = {
    async transaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
      const before = copy(data);
      try {
        return await work(db as unknown as Db);
      } catch (error) {
        // In place: tests hold the data object itself.
        Object.assign(data, before);
        throw error;
      }
    },
  };
  return { data, repos: all, db: db as unknown as Db };
}

/** A person in the fake data (ids in order of creation). */
export function addUser(data: FakeData, user: Pick<User, 'name' | 'email'> & Partial<User>): User {
  const at = new Date('2026-01-01T00:00:00Z');
  const created: User = { id: nextId(data.users), roles: ['applicant'], createdAt: at, passwordChangedAt: at, sessionGeneration: 1, emailVerifiedAt: at, ...user };
  data.users.push(created);
  return created;
}

/** A supervisor's answer about a record as their page stores it: a confirmation of the record as it is, unless `answer` says otherwise. */
export function addAnswer(data: FakeData, record: StoredRecord, requestId: number, answer: Partial<Signoff> = {}): Signoff {
  const row = {
    id: nextId(data.answers),
    requestId,
    supervisionId: record.id,
    decision: 'confirmed' as const,
    contentHash: contentHash(record.values),
    signerName: 'Sam Lee',
    reason: null,
    proposedDate: null,
    proposedHours: null,
    signedAt: new Date('2026-03-11T09:00:00Z'),
    acceptedAt: null,
    voidedAt: null,
    voidReason: null,
    ...answer,
  };
  data.answers.push({ ...row, ip: null, userAgent: null });
  return row;
}

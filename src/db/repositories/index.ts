import { apiTokenRepository } from './api-token-repository';
import { auditRepository } from './audit-repository';
import { awardRepository } from './award-repository';
import { calendarAttendeeRepository } from './calendar-attendee-repository';
import { criteriaSetRepository } from './criteria-set-repository';
import { emailVerificationRepository } from './email-verification-repository';
import { evidenceFileRepository } from './evidence-file-repository';
import { evidenceLinkRepository } from './evidence-link-repository';
import { evidenceRepository } from './evidence-repository';
import { idempotencyRepository } from './idempotency-repository';
import { importBatchRepository } from './import-batch-repository';
import { outboxRepository } from './outbox-repository';
import { passwordResetRepository } from './password-reset-repository';
import { pdfRenderRepository } from './pdf-render-repository';
import { portfolioRepository } from './portfolio-repository';
import { rateLimitRepository } from './rate-limit-repository';
import { recordRepository } from './record-repository';
import { sessionRepository } from './session-repository';
import { settingsRepository } from './settings-repository';
import { signoffRepository } from './signoff-repository';
import { submissionRepository } from './submission-repository';
import { supervisionPracticeRepository } from './supervision-practice-repository';
import { userRepository } from './user-repository';

/**
 * Every repository, as the one object services receive through their dependencies
 * (`deps.repos`). Only the composition root (src/build-deps.ts) imports this value; services
 * never import a repository themselves, so a unit test can hand them in-memory fakes instead
 * (test/support/fake-repositories.ts). Each method takes the database or transaction to run on
 * as its first argument, so a service still decides what runs in one transaction.
 */
export const repositories = {
  apiToken: apiTokenRepository,
  audit: auditRepository,
  award: awardRepository,
  calendarAttendee: calendarAttendeeRepository,
  criteriaSet: criteriaSetRepository,
  emailVerification: emailVerificationRepository,
  evidence: evidenceRepository,
  evidenceFile: evidenceFileRepository,
  evidenceLink: evidenceLinkRepository,
  idempotency: idempotencyRepository,
  importBatch: importBatchRepository,
  outbox: outboxRepository,
  passwordReset: passwordResetRepository,
  pdfRender: pdfRenderRepository,
  portfolio: portfolioRepository,
  rateLimit: rateLimitRepository,
  record: recordRepository,
  session: sessionRepository,
  settings: settingsRepository,
  signoff: signoffRepository,
  submission: submissionRepository,
  supervisionPractice: supervisionPracticeRepository,
  user: userRepository,
};

export type Repositories = typeof repositories;

import type { Transporter } from 'nodemailer';
import type { Db } from '../db/knex';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Repositories } from '../db/repositories';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** What a transport must do; nodemailer's SMTP transport fits, and tests pass fakes. */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

const MAX_ATTEMPTS = 8;
const LEASE_MS = 5 * 60_000;
const BATCH = 20;

/** Wait before attempt n+1: 1, 2, 4 … minutes, at most 6 hours. */
export const retryDelayMs = (attempts: number) => Math.min(60_000 * 2 ** (attempts - 1), 6 * 3600_000);

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Every message goes through the outbox table. With a transport (SMTP_URL) it is queued and
 * delivered by `deliverDue`, retried with back-off; without one it is held for admins to read.
 */
export class Mailer {
  private wakeTimer: NodeJS.Timeout | undefined;
  private running: Promise<DeliveryReport> | undefined;

  constructor(private readonly deps: { db: Db; outbox: Repositories['outbox']; clock: Clock; logger: Logger; from: string; transport: MailTransport | undefined }) {}

  get delivers(): boolean {
    return this.deps.transport !== undefined;
  }

  /** Records the message in the outbox, inside the caller's transaction when given one. */
  async enqueue(db: Db, message: MailMessage): Promise<void> {
    await this.deps.outbox.insert(db, { ...message, status: this.delivers ? 'queued' : 'held', at: this.deps.clock.now() });
  }

  /** Asks for a delivery run shortly (after the caller's transaction has committed). */
  wake(): void {
    if (!this.delivers || this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.deliverDue().catch((error) => this.deps.logger.error({ err: error }, 'mail delivery run failed'));
    }, 10);
    this.wakeTimer.unref();
  }

  /** Sends every due message once; one run at a time per process, leases keep processes apart. */
  deliverDue(): Promise<DeliveryReport> {
    this.running ??= this.deliverBatch().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  stop(): void {
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
  }

  private async deliverBatch(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
    const { db, clock, transport, logger, from } = this.deps;
    if (!transport) return report;
    const now = clock.now();
    const claimed = await db.transaction((trx) => this.deps.outbox.claimDue(trx, now, new Date(now.getTime() + LEASE_MS), BATCH));
    for (const message of claimed) {
      try {
        await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
        await this.deps.outbox.markSent(db, message.id, clock.now());
        report.sent += 1;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const giveUp = message.attempts >= MAX_ATTEMPTS;
        const retryAt = giveUp ? null : new Date(clock.now().getTime() + retryDelayMs(message.attempts));
        await this.deps.outbox.markAttemptFailed(db, message.id, reason.slice(0, 500), retryAt);
        logger.warn({ outboxId: message.id, attempts: message.attempts, giveUp, reason }, 'mail delivery failed');
        if (giveUp) report.failed += 1;
        else report.retrying += 1;
      }
    }
    return report;
  }
}

/** The SMTP transport for SMTP_URL, or none (messages are held in the outbox). */
export function smtpTransport(smtpUrl: string | undefined): Transporter | undefined {
  // Loaded only when mail is delivered: without SMTP_URL, mail stays in the outbox.
  return smtpUrl ? (require('nodemailer') as typeof import('nodemailer')).createTransport(smtpUrl) : undefined;
}

import type { ServiceDeps } from '../deps';
import { awardTemplates } from '../../mail/award-templates';
import { addDays, addYears } from '../evaluation/windows';
import { formatIsoDate, isoDay } from '../dates';
import { awardView } from './award-service';
import { dueReminder, REMINDER_DAYS, RENEWAL_YEARS, type AwardScheme } from './awards';

/**
 * The renewal reminders (at start and hourly, in every app process): for each award whose
 * renewal date is at most 180 days away, the nearest reminder due (180, 90 or 30 days before)
 * that has not gone yet. The claim row and the email are written in one transaction, and the
 * claim's primary key lets only one process insert it, so each reminder goes once.
 */
export async function runAwardReminders(deps: ServiceDeps): Promise<{ reminders: number }> {
  const today = isoDay(deps.clock.now());
  let reminders = 0;
  await deps.db.transaction(async (trx) => {
    for (const [scheme, years] of Object.entries(RENEWAL_YEARS) as [AwardScheme, number][]) {
      // Renewal dates from today to 180 days ahead: awarded `years` before those.
      const candidates = await deps.repos.award.awardedBetween(trx, scheme, addYears(today, -years), addYears(addDays(today, Math.max(...REMINDER_DAYS)), -years));
      for (const award of candidates) {
        const view = awardView(award, today, new Map());
        if (!view.renewalOn) continue;
        const days = dueReminder(today, view.renewalOn);
        if (days === undefined) continue;
        if (!(await deps.repos.award.claimReminder(trx, award.id, view.renewalOn, days, deps.clock.now()))) continue;
        await deps.mailer.enqueue(
          trx,
          awardTemplates.renewalReminder(
            { email: award.holderEmail, name: award.holderName },
            award.scheme === 'other' ? award.level : `${view.schemeLabel} ${view.levelLabel}`,
            formatIsoDate(view.renewalOn),
            view.daysLeft!,
            `${deps.baseUrl}/awards/${award.id}/renewal`,
          ),
        );
        reminders += 1;
      }
    }
  });
  if (reminders) deps.mailer.wake();
  return { reminders };
}

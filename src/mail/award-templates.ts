import type { MailMessage } from './mailer';

type Person = { email: string; name: string };

/** The emails of an award's life: a reminder of its renewal, 180, 90 and 30 days before. */
export const awardTemplates = {
  renewalReminder(to: Person, award: string, renewalOn: string, daysLeft: number, link: string): MailMessage {
    return {
      to: to.email,
      subject: `Your ${award} award is due for renewal on ${renewalOn}`,
      text: [
        `Hello ${to.name},`,
        '',
        `Your ${award} award is due for renewal on ${renewalOn}, in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}.`,
        '',
        'See what the renewal asks for and what your portfolio already shows, and prepare the renewal application, here:',
        '',
        link,
      ].join('\n'),
    };
  },
};

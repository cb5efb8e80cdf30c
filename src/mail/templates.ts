import type { MailMessage } from './mailer';

/** Every email the app sends, as plain text; each function returns a whole message. */
export const mailTemplates = {
  passwordReset(to: { email: string; name: string }, link: string, validMinutes: number): MailMessage {
    return {
      to: to.email,
      subject: 'Reset your EIA Portfolio password',
      text: [
        `Hello ${to.name},`,
        '',
        'Someone (we hope you) asked to reset the password of your EIA Portfolio account.',
        `Choose a new password here within ${validMinutes} minutes; the link works once:`,
        '',
        link,
        '',
        'If you did not ask for this, ignore this email: your password stays as it is.',
      ].join('\n'),
    };
  },
};

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

  signoffRequest(to: { email: string; name: string }, applicant: string, records: string[], link: string, expires: string): MailMessage {
    return {
      to: to.email,
      subject: `Please confirm supervision for ${applicant}`,
      text: [
        `Hello ${to.name},`,
        '',
        `${applicant} is preparing an EMCC accreditation application and lists you as their supervisor for these sessions:`,
        '',
        ...records.map((record) => `  • ${record}`),
        '',
        'Please confirm each session, decline it, or propose a correction of its date or hours. No account is needed:',
        '',
        link,
        '',
        `The link works until ${expires}, for these sessions only. If you did not supervise ${applicant}, decline the sessions or ignore this email.`,
      ].join('\n'),
    };
  },

  signoffReminder(to: { email: string; name: string }, applicant: string, sentOn: string, expires: string): MailMessage {
    return {
      to: to.email,
      subject: `Reminder: confirm supervision for ${applicant} by ${expires}`,
      text: [
        `Hello ${to.name},`,
        '',
        `On ${sentOn} we sent you a link to confirm supervision sessions for ${applicant} (subject “Please confirm supervision for ${applicant}”). It stops working on ${expires}.`,
        '',
        `For your security the link is not repeated here. If you cannot find that email, ask ${applicant} to send it again.`,
      ].join('\n'),
    };
  },

  signoffExpired(to: { email: string; name: string }, supervisor: string, link: string): MailMessage {
    return {
      to: to.email,
      subject: `Your confirmation request to ${supervisor} has expired`,
      text: [
        `Hello ${to.name},`,
        '',
        `${supervisor} did not answer all the sessions of your request to confirm supervision before its link expired. You can send it again from your supervision confirmations page:`,
        '',
        link,
      ].join('\n'),
    };
  },

  supervisorDigest(to: { email: string; name: string }, lines: string[]): MailMessage {
    return {
      to: to.email,
      subject: 'Your supervision confirmations on EIA Portfolio yesterday',
      text: [`Hello ${to.name},`, '', 'Yesterday you answered these requests to confirm supervision:', '', ...lines.map((line) => `  • ${line}`), '', 'Thank you.'].join('\n'),
    };
  },
};

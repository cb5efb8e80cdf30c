import type { MailMessage } from './mailer';

/** The emails about an account's address: proving it, a registration attempt on it, a change of it. */
export const accountTemplates = {
  verifyEmail(to: { email: string; name: string }, link: string, validHours: number, change: boolean): MailMessage {
    return {
      to: to.email,
      subject: change ? 'Confirm your new email address for EIA Portfolio' : 'Confirm your email address for EIA Portfolio',
      text: [
        `Hello ${to.name},`,
        '',
        change
          ? 'You asked to use this address for your EIA Portfolio account. It becomes your account’s address when you open this link and press Confirm:'
          : 'Please confirm that this address is yours: open this link and press Confirm. Once it is confirmed, the confirmation requests supervisors receive at this address appear in your account too:',
        '',
        link,
        '',
        `The link works once, for ${validHours} hours. If you did not ask for this, ignore this email: nothing changes.`,
      ].join('\n'),
    };
  },

  registrationAttempt(to: { email: string; name: string }, signInLink: string, resetLink: string): MailMessage {
    return {
      to: to.email,
      subject: 'Someone tried to create an EIA Portfolio account with your address',
      text: [
        `Hello ${to.name},`,
        '',
        'Someone (perhaps you) tried to create an EIA Portfolio account with this email address. You already have one, so no new account was made.',
        '',
        `To sign in: ${signInLink}`,
        `If you have forgotten your password: ${resetLink}`,
        '',
        'If it was not you, you need do nothing: your account is unchanged.',
      ].join('\n'),
    };
  },

  emailChanged(oldAddress: string, name: string, newAddress: string): MailMessage {
    return {
      to: oldAddress,
      subject: 'Your EIA Portfolio email address has changed',
      text: [
        `Hello ${name},`,
        '',
        `Your EIA Portfolio account now uses ${newAddress}: the link sent there was opened. Emails about your account go to that address from now on.`,
        '',
        'If you did not make this change, reset your password at once and tell your administrator.',
      ].join('\n'),
    };
  },
};

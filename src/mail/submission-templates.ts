import type { MailMessage } from './mailer';

type Person = { email: string; name: string };

/** The emails of a submission's life: to the assessor when assigned or answered, to the applicant on an outcome. */
export const submissionTemplates = {
  assigned(to: Person, what: string, link: string): MailMessage {
    return {
      to: to.email,
      subject: `A submission to assess: ${what}`,
      text: [`Hello ${to.name},`, '', `You have been asked to assess ${what}. Open it here:`, '', link].join('\n'),
    };
  },

  resubmitted(to: Person, what: string, link: string): MailMessage {
    return {
      to: to.email,
      subject: `Resubmitted with more information: ${what}`,
      text: [`Hello ${to.name},`, '', `The applicant has answered your request for more information and resubmitted ${what}. The page shows what changed since the previous version:`, '', link].join('\n'),
    };
  },

  moreInformation(to: Person, level: string, feedback: string, link: string): MailMessage {
    return {
      to: to.email,
      subject: `Your ${level} application: more information requested`,
      text: [
        `Hello ${to.name},`,
        '',
        `Your assessor asks for more information before deciding on your ${level} application:`,
        '',
        feedback,
        '',
        'Add the evidence to your portfolio, then resubmit from your submission’s page:',
        '',
        link,
      ].join('\n'),
    };
  },

  decision(to: Person, level: string, awarded: boolean, feedback: string, link: string): MailMessage {
    return {
      to: to.email,
      subject: awarded ? `Your ${level} application: awarded` : `Your ${level} application: not awarded this time`,
      text: [
        `Hello ${to.name},`,
        '',
        awarded ? `Congratulations: your assessor has decided to award ${level}.` : `Your assessor has decided not to award ${level} this time.`,
        '',
        'Their feedback:',
        '',
        feedback,
        '',
        'The decision and feedback are on your submission’s page:',
        '',
        link,
      ].join('\n'),
    };
  },
};

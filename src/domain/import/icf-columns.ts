/**
 * The ICF client coaching log (the spreadsheet ICF asks credential applicants to keep), with
 * the header spellings seen in the wild. Aliases are compared after normaliseHeader, so
 * "Pro-Bono Hours", "Probono hours" and "pro bono hours" are one alias.
 */
export const ICF_COLUMNS = {
  clientName: { title: 'Client Name', aliases: ['Client Name', 'Client', 'Name', 'Client full name', 'Client’s name', 'Coachee', 'Coachee name'] },
  // Read only to be dropped: a portfolio never holds a client's contact details.
  email: {
    title: 'Contact Email',
    aliases: ['Contact Email', 'Email', 'E-mail', 'Email address', 'Client email', 'Contact', 'Contact information', 'Contact info', 'Contact information (email/phone)'],
  },
  format: { title: 'Individual/Group', aliases: ['Individual/Group', 'Individual or group', 'Individual / group / team', 'Format', 'Type', 'Session type'] },
  groupSize: { title: 'Number in Group', aliases: ['Number in Group', 'No. in group', '# in group', 'Number of people in group', 'Group size', 'Number of participants', 'Participants'] },
  startDate: { title: 'Start Date', aliases: ['Start Date', 'Date', 'Session date', 'Start'] },
  endDate: { title: 'End Date', aliases: ['End Date', 'End'] },
  paidHours: { title: 'Paid Hours', aliases: ['Paid Hours', 'Paid', 'Hours paid', 'Paid coaching hours'] },
  proBonoHours: { title: 'Pro Bono Hours', aliases: ['Pro Bono Hours', 'Pro bono', 'Hours pro bono', 'Pro bono coaching hours', 'Unpaid hours'] },
} as const;

export type IcfColumn = keyof typeof ICF_COLUMNS;

export const REQUIRED_ICF_COLUMNS: readonly IcfColumn[] = ['clientName', 'format', 'startDate'];
/** At least one of these: some logs keep only paid or only pro bono hours. */
export const ICF_HOURS_COLUMNS: readonly IcfColumn[] = ['paidHours', 'proBonoHours'];

/** ICF's words in the Individual/Group column, mapped to the app's practice formats. */
export const ICF_FORMATS = {
  ids: ['one_to_one', 'group', 'team'],
  labels: { one_to_one: 'Individual', group: 'Group', team: 'Team' },
} as const;

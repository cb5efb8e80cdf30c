import type { SnapshotConfirmation } from '../snapshot/snapshot';
import { formatIsoDate } from '../dates';

/**
 * A frozen confirmation status in words, with no clock in them ("expires in 3 days" would go
 * stale in a PDF): how the PDF and the assessor's page describe a supervision record.
 */
export function frozenConfirmationText(confirmation: SnapshotConfirmation): string {
  const on = confirmation.on ? ` on ${formatIsoDate(confirmation.on)}` : '';
  const by = confirmation.by ?? 'the supervisor';
  switch (confirmation.state) {
    case 'confirmed':
      return `Confirmed by ${by}${on}`;
    case 'correction_accepted':
      return `Confirmed by ${by}${on}, with a correction the applicant accepted${confirmation.reason ? ` (${confirmation.reason})` : ''}`;
    case 'awaiting_answer':
      return `Not yet confirmed: asked${on}, awaiting the supervisor’s answer`;
    case 'correction_proposed':
      return `Not confirmed: ${by} proposed a correction${on}${confirmation.reason ? ` (${confirmation.reason})` : ''}`;
    case 'declined':
      return `Declined by ${by}${on}${confirmation.reason ? `: “${confirmation.reason}”` : ''}`;
    case 'changed_after_answer':
      return `Not confirmed: ${confirmation.reason ?? `changed after the supervisor’s answer${on}`}`;
    case 'request_expired':
      return `Not confirmed: the request expired${on}`;
    case 'request_revoked':
      return `Not confirmed: the request was revoked${on}`;
    case 'never_asked':
      return 'Not confirmed: never asked';
  }
}

import type { User } from '../../domain/accounts/account-service';
import { RECORD_DEFINITIONS } from '../../domain/records';

export interface NavLink {
  href: string;
  label: string;
  current: boolean;
}

/** The main navigation for this user: only pages that exist and that the user may open. */
export function navigationFor(user: User | undefined, currentPath: string): NavLink[] {
  const links: { href: string; label: string }[] = [];
  if (user) {
    links.push({ href: '/', label: 'Dashboard' });
    if (user.roles.includes('applicant')) {
      links.push(...RECORD_DEFINITIONS.map((definition) => ({ href: definition.path, label: definition.names.nav })));
      links.push({ href: '/files', label: 'Files' }, { href: '/competences', label: 'Competences' }, { href: '/import', label: 'Import' }, { href: '/submissions', label: 'Submit' });
    }
    if (user.roles.includes('supervisor')) links.push({ href: '/requests', label: 'Requests' });
    if (user.roles.includes('assessor')) links.push({ href: '/assessments', label: 'Queue' });
    if (user.roles.includes('admin')) {
      links.push(
        { href: '/admin/users', label: 'Users' },
        { href: '/admin/criteria', label: 'Criteria sets' },
        { href: '/admin/submissions', label: 'Submissions' },
        { href: '/admin/outbox', label: 'Outbox' },
        { href: '/admin/audit', label: 'Audit log' },
      );
    }
  } else {
    // Signed-in people find it in the footer, out of the way of their work.
    links.push({ href: '/verify', label: 'Verify a PDF' });
  }
  return links.map((link) => ({
    ...link,
    current: link.href === '/' ? currentPath === '/' : currentPath === link.href || currentPath.startsWith(`${link.href}/`),
  }));
}

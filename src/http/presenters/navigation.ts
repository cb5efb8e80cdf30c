import type { User } from '../../domain/accounts/account-service';
import { RECORD_DEFINITIONS } from '../../domain/records';

export interface NavLink {
  href: string;
  label: string;
  current: boolean;
}

/** Links folded under one name (a `<details>` menu, so it opens without JavaScript). */
export interface NavGroup {
  label: string;
  /** One of its links is the page shown. */
  current: boolean;
  links: NavLink[];
}

export type NavItem = NavLink | NavGroup;

export const isNavGroup = (item: NavItem): item is NavGroup => 'links' in item;

type Entry = { href: string; label: string } | { label: string; links: { href: string; label: string }[] };

const isCurrent = (href: string, currentPath: string) => (href === '/' ? currentPath === '/' : currentPath === href || currentPath.startsWith(`${href}/`));

/**
 * The main navigation for this user: only pages that exist and that the user may open. At most
 * six items for a person holding every role (seven with the account menu), so the bar stays on
 * one line at 1280 px: the logs and what is built from them sit under "Evidence", the
 * administration pages under "Admin".
 */
export function navigationFor(user: User | undefined, currentPath: string): NavItem[] {
  const entries: Entry[] = [];
  if (user) {
    entries.push({ href: '/', label: 'Dashboard' });
    if (user.roles.includes('applicant')) {
      entries.push({
        label: 'Evidence',
        links: [
          ...RECORD_DEFINITIONS.map((definition) => ({ href: definition.path, label: definition.names.nav })),
          { href: '/files', label: 'Files' },
          { href: '/competences', label: 'Competences' },
          { href: '/awards', label: 'Awards' },
          { href: '/import', label: 'Import' },
        ],
      });
      entries.push({ href: '/submissions', label: 'Submit' });
    }
    if (user.roles.includes('supervisor')) entries.push({ href: '/requests', label: 'Requests' });
    if (user.roles.includes('assessor')) entries.push({ href: '/assessments', label: 'Queue' });
    if (user.roles.includes('admin')) {
      entries.push({
        label: 'Admin',
        links: [
          { href: '/admin/users', label: 'Users' },
          { href: '/admin/criteria', label: 'Criteria sets' },
          { href: '/admin/submissions', label: 'Submissions' },
          { href: '/admin/outbox', label: 'Outbox' },
          { href: '/admin/audit', label: 'Audit log' },
        ],
      });
    }
  } else {
    // Signed-in people find it in the footer, out of the way of their work.
    entries.push({ href: '/verify', label: 'Verify a PDF' });
  }
  return entries.map((entry) => {
    if ('links' in entry) {
      const links = entry.links.map((link) => ({ ...link, current: isCurrent(link.href, currentPath) }));
      return { label: entry.label, links, current: links.some((link) => link.current) };
    }
    return { ...entry, current: isCurrent(entry.href, currentPath) };
  });
}

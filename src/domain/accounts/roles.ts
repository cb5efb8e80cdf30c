export const ROLES = ['applicant', 'supervisor', 'assessor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a person may give themselves at registration; the others are granted by an admin. */
export const SELF_SERVICE_ROLES: readonly Role[] = ['applicant', 'supervisor'];
/** Roles an admin grants and revokes on the users page. */
export const ADMIN_GRANTED_ROLES: readonly Role[] = ['assessor', 'admin'];

export const ROLE_LABELS: Record<Role, string> = {
  applicant: 'Applicant',
  supervisor: 'Supervisor',
  assessor: 'Assessor',
  admin: 'Administrator',
};

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export const ROLES = ['applicant', 'supervisor', 'assessor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a person may give themselves at registration; the others are granted by an admin. */
export const SELF_SERVICE_ROLES: readonly Role[] = ['applicant', 'supervisor'];

export const ROLE_LABELS: Record<Role, string> = {
  applicant: 'Applicant',
  supervisor: 'Supervisor',
  assessor: 'Assessor',
  admin: 'Administrator',
};

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

import type { FromSchema } from 'json-schema-to-ts';
import { ROLES } from '../../../domain/accounts/roles';

export const roleChangeForm = {
  type: 'object',
  properties: {
    role: { enum: ROLES, errorMessage: 'Choose one of the roles listed.' },
    granted: { type: 'boolean', errorMessage: 'Choose to grant or revoke.' },
  },
  required: ['role', 'granted'],
} as const;
export type RoleChangeInput = FromSchema<typeof roleChangeForm>;

export const registrationForm = {
  type: 'object',
  properties: { open: { type: 'boolean', errorMessage: 'Choose open or closed.' } },
  required: ['open'],
} as const;
export type RegistrationInput = FromSchema<typeof registrationForm>;

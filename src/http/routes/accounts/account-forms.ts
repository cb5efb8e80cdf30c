import type { FromSchema } from 'json-schema-to-ts';
import { MAX_PASSWORD_LENGTH } from '../../../domain/accounts/password-policy';

/** Form schemas of the account pages; the password policy itself lives in the service. */

const name = { type: 'string', minLength: 1, maxLength: 200, errorMessage: 'Enter your full name (at most 200 characters).' } as const;
const email = { type: 'string', format: 'email', maxLength: 254, errorMessage: 'Enter an email address in the form name@example.org.' } as const;
const password = { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH, errorMessage: 'Enter a password.' } as const;

export const firstAdminForm = {
  type: 'object',
  // A ticked checkbox sends "yes"; an unticked one sends nothing.
  properties: { name, email, password, ownPortfolio: { enum: ['yes'], errorMessage: 'Tick the box, or leave it empty.' } },
  required: ['name', 'email', 'password'],
  errorMessage: { required: { name: 'Enter your full name.', email: 'Enter your email address.', password: 'Choose a password.' } },
} as const;
export type FirstAdminInput = FromSchema<typeof firstAdminForm>;

export const registerForm = {
  type: 'object',
  properties: {
    name,
    email,
    password,
    role: { enum: ['applicant', 'supervisor'], errorMessage: 'Choose whether you are applying for accreditation or supervising.' },
  },
  required: ['name', 'email', 'password', 'role'],
  errorMessage: {
    required: { name: 'Enter your full name.', email: 'Enter your email address.', password: 'Choose a password.', role: 'Choose how you will use EIA Portfolio.' },
  },
} as const;
export type RegisterInput = FromSchema<typeof registerForm>;

export const changeEmailForm = {
  type: 'object',
  properties: { newEmail: email, currentPassword: password },
  required: ['newEmail', 'currentPassword'],
  errorMessage: { required: { newEmail: 'Enter the new email address.', currentPassword: 'Enter your current password.' } },
} as const;
export type ChangeEmailInput = FromSchema<typeof changeEmailForm>;

export const loginForm = {
  type: 'object',
  properties: { email: { type: 'string', maxLength: 254 }, password: { type: 'string', maxLength: MAX_PASSWORD_LENGTH } },
  required: ['email', 'password'],
  errorMessage: { required: { email: 'Enter your email address.', password: 'Enter your password.' } },
} as const;
export type LoginInput = FromSchema<typeof loginForm>;

export const forgotPasswordForm = {
  type: 'object',
  properties: { email },
  required: ['email'],
  errorMessage: { required: { email: 'Enter the email address of your account.' } },
} as const;
export type ForgotPasswordInput = FromSchema<typeof forgotPasswordForm>;

export const resetPasswordForm = {
  type: 'object',
  properties: { password },
  required: ['password'],
  errorMessage: { required: { password: 'Choose a new password.' } },
} as const;
export type ResetPasswordInput = FromSchema<typeof resetPasswordForm>;

export const changePasswordForm = {
  type: 'object',
  properties: { currentPassword: password, newPassword: password },
  required: ['currentPassword', 'newPassword'],
  errorMessage: { required: { currentPassword: 'Enter your current password.', newPassword: 'Choose a new password.' } },
} as const;
export type ChangePasswordInput = FromSchema<typeof changePasswordForm>;

export const apiTokenForm = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1, maxLength: 100, errorMessage: 'Give the token a name of at most 100 characters.' } },
  required: ['name'],
  errorMessage: { required: { name: 'Give the token a name, such as the script that will use it.' } },
} as const;
export type ApiTokenInput = FromSchema<typeof apiTokenForm>;

export const deleteAccountForm = {
  type: 'object',
  properties: { password, confirm: { type: 'boolean' } },
  required: ['password'],
  errorMessage: { required: { password: 'Enter your password to confirm.' } },
} as const;
export type DeleteAccountInput = FromSchema<typeof deleteAccountForm>;

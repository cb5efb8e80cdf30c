import { AppError, forbidden, isAppError, notFound, rateLimited, validationError } from '../../src/errors';
import { redactUrl } from '../../src/logger';
import { fieldErrors, validatorFor } from '../../src/validation/ajv';
import { looksLikeToken, newSecretToken, hashToken } from '../../src/domain/secret-token';

describe('AppError factories', () => {
  test('carry a stable code, an HTTP status and details', () => {
    const error = validationError({ email: 'Enter an email address.' });
    expect(error).toBeInstanceOf(AppError);
    expect(isAppError(error)).toBe(true);
    expect([error.code, error.status, error.details.fields]).toEqual(['validation', 422, { email: 'Enter an email address.' }]);
    expect([forbidden().code, forbidden().status]).toEqual(['forbidden', 403]);
    expect([notFound().code, notFound().status]).toEqual(['not_found', 404]);
    expect(rateLimited(30).details.retryAfterSeconds).toBe(30);
    expect(isAppError(new Error('x'))).toBe(false);
  });
});

describe('redactUrl', () => {
  test('removes reset and confirmation tokens and every query string', () => {
    expect(redactUrl('/password/reset/abcDEF123_-xyz')).toBe('/password/reset/[redacted]');
    expect(redactUrl('/confirm/abc?x=1')).toBe('/confirm/[redacted]');
    expect(redactUrl('/login?next=%2Fadmin&token=secret')).toBe('/login');
    expect(redactUrl('/admin/users')).toBe('/admin/users');
  });
});

describe('fieldErrors', () => {
  test('maps each failing property, including missing ones, to its first message', () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string', minLength: 1, errorMessage: 'Enter a name.' }, age: { type: 'integer', minimum: 0 } },
      required: ['name', 'age'],
      errorMessage: { required: { name: 'Name is required.' } },
    };
    const validate = validatorFor(schema);
    expect(validate({ age: -1 })).toBe(false);
    const errors = fieldErrors(validate.errors);
    expect(errors.name).toBe('Name is required.');
    expect(errors.age).toMatch(/>= 0/);
    expect(validatorFor(schema)).toBe(validate);
  });
});

describe('secret tokens', () => {
  test('are 256-bit base64url, hashed with SHA-256, and recognisable by shape', () => {
    const { token, hash } = newSecretToken('eia_pat_');
    expect(token).toMatch(/^eia_pat_[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(hashToken(token));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(looksLikeToken(token, 'eia_pat_')).toBe(true);
    expect(looksLikeToken(token)).toBe(false);
    expect(looksLikeToken('eia_pat_short', 'eia_pat_')).toBe(false);
  });
});

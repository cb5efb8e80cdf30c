import { passwordProblem } from '../../src/domain/accounts/password-policy';

describe('passwordProblem', () => {
  test.each(['lantern orchard ninety', 'Žalgiris-1410-Grünwald', 'Ωμέγα и кириллица'])('accepts a long, uncommon password: %s', (password) => {
    expect(passwordProblem(password, { email: 'ana@example.org', name: 'Ana Kowalska' })).toBeNull();
  });

  test('refuses fewer than 10 characters, saying the minimum', () => {
    expect(passwordProblem('abc def g')).toMatch(/at least 10 characters/);
  });

  test.each(['password123', 'qwertyuiop', '1234567890', 'Basketball'])('refuses a common password (%s), saying why', (password) => {
    expect(passwordProblem(password)).toMatch(/commonly used passwords/);
  });

  test('refuses the email address, its local part, or the name', () => {
    const person = { email: 'ana.kowalska@example.org', name: 'Ana Maria Kowalska' };
    expect(passwordProblem('ana.kowalska@example.org', person)).toMatch(/email address or name/);
    expect(passwordProblem('ANA.KOWALSKA', person)).toMatch(/at least 10|email address or name/);
    expect(passwordProblem('AnaMariaKowalska', person)).toMatch(/email address or name/);
  });

  test('refuses a repeated character or pattern', () => {
    expect(passwordProblem('zzzzzzzzzzzz')).toMatch(/repeated/);
    expect(passwordProblem('xyxyxyxyxyxy')).toMatch(/repeated/);
  });

  test('refuses more than 200 characters', () => {
    expect(passwordProblem('a b'.repeat(80))).toMatch(/at most 200/);
  });
});

import { AppError, conflict, isAppError, validationError } from '../../src/errors';
import { fromThreadError, toThreadError } from '../../src/pdf/thread-error';

// A failure in the PDF's render thread crosses to the main thread as data (structured clone keeps
// no class) and is made again there, so the render service still tells a refusal (an AppError
// below 500, shown as it is) and a file missing from the store (ENOENT, NoSuchKey) from a fault.

const across = (error: unknown) => fromThreadError(structuredClone(toThreadError(error)));

test('an AppError comes back as an AppError with its code, status, message and field messages', () => {
  const refused = across(validationError({ level: 'Choose a level.' }, 'Please correct the level.'));
  expect(isAppError(refused)).toBe(true);
  expect(refused).toMatchObject({ code: 'validation', status: 422, message: 'Please correct the level.', details: { fields: { level: 'Choose a level.' } }, name: 'AppError' });
  expect(across(conflict('Another submission went in.'))).toEqual(new AppError('conflict', 409, 'Another submission went in.'));
});

test('a file error keeps its code, a named error its name, and each its message and stack', () => {
  const missing = Object.assign(new Error("ENOENT: no such file or directory, open '/data/evidence/ab/ab12'"), { code: 'ENOENT' });
  const back = across(missing);
  expect(isAppError(back)).toBe(false);
  expect(back).toMatchObject({ message: missing.message, code: 'ENOENT', name: 'Error' });
  expect(back.stack).toBe(missing.stack);
  const noSuchKey = Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
  expect(across(noSuchKey)).toMatchObject({ name: 'NoSuchKey', message: 'The specified key does not exist.' });
});

test('something thrown that is not an Error comes back as an Error saying what it was', () => {
  expect(across('stopped')).toMatchObject({ message: 'stopped', name: 'Error' });
});

/**
 * A file that cannot be imported at all (unreadable, empty, too large, unknown columns).
 * `message` is shown to the applicant as it is, so it says what to fix.
 */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

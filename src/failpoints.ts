import type { Logger } from './logger';

/**
 * Named places where a crash test stops the process on purpose. With FAILPOINTS naming one, the
 * step logs 'failpoint reached' and then waits for ever, holding whatever it holds (an open
 * transaction), so the test can kill the process at exactly that moment rather than racing it.
 * Unset (always, outside the crash tests), a failpoint costs one Set lookup.
 */
export type Failpoint = 'import-commit' | 'submission-pdf-stored';

let armed = new Set<string>();
let log: Logger | undefined;

/** Arms the named failpoints for this process (server start-up reads them from the config). */
export function armFailpoints(names: readonly string[], logger: Logger): void {
  armed = new Set(names);
  log = logger;
}

/** Waits for ever if this failpoint is armed; otherwise returns at once. */
export async function failpoint(name: Failpoint): Promise<void> {
  if (!armed.has(name)) return;
  log?.warn({ failpoint: name }, 'failpoint reached');
  await new Promise<never>(() => undefined);
}

import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from '../process-alive';

/** The embedded database is in use by another live process. */
export class EmbeddedDatabaseBusyError extends Error {}

/**
 * PGlite does not stop two processes from opening one data folder, and both writing would
 * corrupt it. A lock file holding the owner's PID does: a lock left by a process that died is
 * taken over. Returns the function that releases it.
 */
export function lockEmbeddedDatabase(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(path.dirname(dir), `${path.basename(dir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
        process.removeListener('exit', release);
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isProcessAlive(owner)) {
        throw new EmbeddedDatabaseBusyError(
          `the embedded database in ${dir} is in use by another process (PID ${owner}), probably a running npm start. Stop it first: the embedded database allows one process at a time (use DATABASE_URL for several).`,
        );
      }
      rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw new EmbeddedDatabaseBusyError(`the embedded database in ${dir} is locked; remove ${file} if no EIA Portfolio process is running.`);
}

import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** What the thread answers: the folder now holds a database, or why it could not. */
export type InitAnswer = { done: true } | { failed: string };

/**
 * Creates an embedded database's files in the folder it is sent (see initEmbeddedDir), then the
 * thread ends: the WebAssembly memory that creating a cluster grows is released with the thread,
 * at once, rather than whenever the main thread's collector gets to it.
 */
parentPort?.once('message', async (dir: string) => {
  try {
    const init = new PGlite({ dataDir: dir });
    await init.waitReady;
    await init.close();
    parentPort!.postMessage({ done: true } satisfies InitAnswer);
  } catch (error) {
    parentPort!.postMessage({ failed: error instanceof Error ? error.message : String(error) } satisfies InitAnswer);
  }
});

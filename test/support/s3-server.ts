import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export const TEST_BUCKET = 'eia-evidence';

/**
 * An S3-compatible server on loopback (s3rver, files in a temporary folder), with one bucket.
 * The AWS SDK reads the credentials from the usual variables, as it does in production; s3rver
 * accepts its own fixed pair.
 */
export async function startS3Server(): Promise<{ endpoint: string; env: Record<string, string>; close(): Promise<void> }> {
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  const directory = mkdtempSync(path.join(tmpdir(), 'eia-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: TEST_BUCKET, configs: [] }] });
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    env: { STORAGE: 's3', S3_BUCKET: TEST_BUCKET, S3_ENDPOINT: endpoint, S3_REGION: 'us-east-1', S3_PREFIX: 'evidence/' },
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { contentKey, EvidenceStore, isSha256 } from './evidence-store';

export interface S3StoreOptions {
  bucket: string;
  /** An S3-compatible service's address (MinIO, Ceph, a test server); AWS's own when unset. */
  endpoint?: string;
  region: string;
  /** Keys start with it (e.g. "evidence/"), so a bucket can hold other things. */
  prefix: string;
  /** Address the bucket in the path rather than the host name (most S3-compatible services need it). */
  forcePathStyle: boolean;
  /** The local folder uploads are spooled in while they are hashed. */
  spool: string;
}

/**
 * Evidence files in an S3-compatible bucket under `<prefix><2 hex>/<sha256>`: the same content
 * addressing as on disk, so any process can serve any file. Credentials come from the usual AWS
 * variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, or a role), through the SDK's own chain.
 * An upload is hashed into the local spool first (its name is its hash), then streamed to the
 * bucket; a download streams from the bucket. S3 has no rename, so the spool is the safe place
 * for half a file.
 */
export class S3EvidenceStore extends EvidenceStore {
  private readonly options: S3StoreOptions;
  private client?: Promise<{ client: S3Client; sdk: typeof import('@aws-sdk/client-s3') }>;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly where: string;

  constructor(options: S3StoreOptions) {
    super({ spool: options.spool });
    this.bucket = options.bucket;
    this.prefix = options.prefix;
    this.where = `the bucket ${options.bucket}${options.endpoint ? ` at ${options.endpoint}` : ''}`;
    this.options = options;
  }

  /** The SDK (about 20 MB) and its client, loaded on first use: a process on local storage never loads them. */
  private connect() {
    this.client ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: this.options.region,
        forcePathStyle: this.options.forcePathStyle,
        ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        // The SDK would otherwise send streams with a trailing checksum in "aws-chunked" framing,
        // which many S3-compatible services store as is. We give S3 the content's SHA-256 instead
        // (we have it: it is the name), so the bucket still checks every byte it receives.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    }));
    return this.client;
  }

  describe(): string {
    return this.where;
  }

  private key(sha256: string): string {
    return this.prefix + contentKey(sha256);
  }

  protected async keep(spoolFile: string, sha256: string, size: number): Promise<'stored' | 'already-there'> {
    if (await this.exists(sha256)) return 'already-there';
    const { client, sdk } = await this.connect();
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key(sha256),
        Body: createReadStream(spoolFile),
        ContentLength: size,
        ContentType: 'application/octet-stream',
        ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
      }),
    );
    return 'stored';
  }

  protected async modifiedAt(sha256: string): Promise<number | undefined> {
    const { client, sdk } = await this.connect();
    try {
      const head = await client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }));
      return head.LastModified?.getTime();
    } catch (error) {
      if (isMissing(sdk, error)) return undefined;
      throw error;
    }
  }

  /** A copy onto itself with fresh metadata is how S3 moves an object's LastModified on. */
  protected async touch(sha256: string): Promise<void> {
    const key = this.key(sha256);
    const { client, sdk } = await this.connect();
    await client.send(
      new sdk.CopyObjectCommand({
        Bucket: this.bucket,
        Key: key,
        CopySource: `${this.bucket}/${key}`,
        MetadataDirective: 'REPLACE',
        Metadata: { touched: new Date().toISOString() },
        ContentType: 'application/octet-stream',
      }),
    );
  }

  protected async *list(): AsyncIterable<{ sha256: string; modifiedAt: number }> {
    const { client, sdk } = await this.connect();
    for await (const page of sdk.paginateListObjectsV2({ client }, { Bucket: this.bucket, Prefix: this.prefix })) {
      for (const object of page.Contents ?? []) {
        const name = object.Key?.slice(this.prefix.length) ?? '';
        const [shard, sha256] = name.split('/');
        if (!sha256 || !isSha256(sha256) || !sha256.startsWith(shard ?? '') || !object.LastModified) continue; // anything not ours
        yield { sha256, modifiedAt: object.LastModified.getTime() };
      }
    }
  }

  async remove(sha256: string): Promise<void> {
    const { client, sdk } = await this.connect();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }));
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.modifiedAt(sha256)) !== undefined;
  }

  async openRead(sha256: string): Promise<Readable> {
    const { client, sdk } = await this.connect();
    try {
      const object = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }));
      return object.Body as Readable;
    } catch (error) {
      if (isMissing(sdk, error)) throw Object.assign(new Error(`Evidence file ${sha256} is not in ${this.where}.`), { code: 'ENOENT' });
      throw error;
    }
  }

  /** Closes the client's connections (tests, and a clean stop). */
  async close(): Promise<void> {
    if (this.client) (await this.client).client.destroy();
  }
}

const isMissing = (sdk: typeof import('@aws-sdk/client-s3'), error: unknown) =>
  error instanceof sdk.S3ServiceException && (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404);

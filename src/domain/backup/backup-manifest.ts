import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../paths';
import { dataValidatorFor } from '../../validation/ajv';

/**
 * What a backup archive holds, written first in the archive as manifest.json:
 *   manifest.json                  this document
 *   database/<table>.jsonl         one JSON object per row, in primary-key order
 *   evidence/<aa>/<sha256>         every stored file a row refers to, named by its SHA-256
 * A restore checks the archive against it (row counts, each table file's SHA-256, the files).
 */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: 1;
  createdAt: string;
  appVersion: string;
  database: {
    backend: 'embedded' | 'postgresql';
    /** The schema's migrations at backup time, oldest first: a restore brings the schema to the same point before loading. */
    migrations: string[];
    /** In load order (parents before children). */
    tables: { name: string; file: string; rows: number; sha256: string }[];
  };
  evidence: { files: number; bytes: number };
}

export const BACKUP_FORMAT = 'eia-portfolio-backup';
export const MANIFEST_FILE = 'manifest.json';
export const tableFile = (table: string) => `database/${table}.jsonl`;
export const evidenceFile = (sha256: string) => `evidence/${sha256.slice(0, 2)}/${sha256}`;

/** The only paths a backup archive may hold; anything else means it is not one of ours. */
export const ARCHIVE_PATH = /^(manifest\.json|database\/?|database\/[a-z0-9_]+\.jsonl|evidence\/?|evidence\/[0-9a-f]{2}\/?|evidence\/[0-9a-f]{2}\/[0-9a-f]{64})$/;

const sha256Pattern = '^[0-9a-f]{64}$';

const manifestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['format', 'formatVersion', 'createdAt', 'appVersion', 'database', 'evidence'],
  properties: {
    format: { const: BACKUP_FORMAT },
    formatVersion: { const: 1 },
    createdAt: { type: 'string', format: 'date-time' },
    appVersion: { type: 'string' },
    database: {
      type: 'object',
      additionalProperties: false,
      required: ['backend', 'migrations', 'tables'],
      properties: {
        backend: { enum: ['embedded', 'postgresql'] },
        migrations: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' } },
        tables: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'file', 'rows', 'sha256'],
            properties: { name: { type: 'string', pattern: '^[a-z0-9_]+$' }, file: { type: 'string' }, rows: { type: 'integer', minimum: 0 }, sha256: { type: 'string', pattern: sha256Pattern } },
          },
        },
      },
    },
    evidence: {
      type: 'object',
      additionalProperties: false,
      required: ['files', 'bytes'],
      properties: { files: { type: 'integer', minimum: 0 }, bytes: { type: 'integer', minimum: 0 } },
    },
  },
} as const;

/** Checks a manifest's text; returns it typed, or the problems found. */
export function parseManifest(text: string): { manifest: BackupManifest } | { problems: string[] } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return { problems: ['manifest.json is not JSON'] };
  }
  const validate = dataValidatorFor<BackupManifest>(manifestSchema);
  if (validate(document)) return { manifest: document };
  return { problems: (validate.errors ?? []).map((error) => `manifest.json${error.instancePath.replace(/\//g, '.')} ${error.message}`) };
}

/** This app's version, as package.json says. */
export function appVersion(): string {
  return (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

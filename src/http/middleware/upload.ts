import multer, { type StorageEngine } from 'multer';
import type { Request, RequestHandler } from 'express';
import type { EvidenceStore, StoredFile } from '../../storage/evidence-store';
import { FileTooLargeError } from '../../storage/evidence-store';
import { validationError } from '../../errors';

const MAX_FILES_PER_REQUEST = 10;

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Multer storage that streams each file straight into the content-addressed store. */
function storeEngine(store: EvidenceStore, maxBytes: number): StorageEngine {
  return {
    _handleFile(_req, file, callback) {
      store.put(file.stream, { maxBytes }).then(
        (stored) => callback(null, { stored } as Partial<Express.Multer.File>),
        (error: unknown) => callback(error as Error),
      );
    },
    _removeFile(_req, _file, callback) {
      // Left to the store's cleanup: the same bytes may belong to another portfolio.
      callback(null);
    },
  };
}

/** Uploaded files of this request: their stored bytes and the name the browser gave. */
export const uploadedFiles = (req: Request) =>
  ((req.files as (Express.Multer.File & { stored: StoredFile })[] | undefined) ?? []).map((file) => ({ stored: file.stored, originalName: file.originalname }));

/**
 * Parses a multipart form whose file inputs are named `field`. Oversized files and too many
 * files become field errors on the form, so the page shows them beside the file input.
 */
export function acceptUploads(store: EvidenceStore, field: string, maxBytes: number): RequestHandler {
  const parse = multer({
    storage: storeEngine(store, maxBytes),
    // multer stops an oversized file itself (LIMIT_FILE_SIZE); the truncated bytes it leaves in
    // the store belong to no row, so the store's cleanup removes them.
    limits: { fileSize: maxBytes, files: MAX_FILES_PER_REQUEST, fields: 20, fieldSize: 64 * 1024, parts: MAX_FILES_PER_REQUEST + 20 },
  }).array(field, MAX_FILES_PER_REQUEST);
  return (req, res, next) => {
    parse(req, res, (error: unknown) => {
      if (!error) return next();
      const oversized = error instanceof FileTooLargeError || (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE');
      if (oversized) return next(validationError({ [field]: `A file is larger than ${megabytes(maxBytes)}, the most a single evidence file may be. Upload a smaller or compressed version.` }));
      if (error instanceof multer.MulterError) {
        const tooMany = error.code === 'LIMIT_FILE_COUNT' || error.code === 'LIMIT_UNEXPECTED_FILE';
        return next(validationError({ [field]: tooMany ? `Upload at most ${MAX_FILES_PER_REQUEST} files at a time, with the file chooser on this page.` : 'The upload could not be read. Try again.' }));
      }
      next(error);
    });
  };
}

import multer, { type StorageEngine } from 'multer';
import type { Request, RequestHandler } from 'express';
import type { EvidenceStore, StoredFile } from '../../storage/evidence-store';
import { FileTooLargeError } from '../../storage/evidence-store';
import { AppError, validationError } from '../../errors';
import { bodyMessages, bodyProblem, isStorableText } from '../../validation/json-checks';

/**
 * Every multipart form of the app is read here, one way: file names as UTF-8 (what browsers
 * send), limits on files, fields and parts, and every way a multipart body can be broken (no
 * boundary, a bad one, cut short, too many parts, a file too large, a NUL in a name or a
 * field) answered with a 4xx and a message beside the file input, never a 500.
 */

const MAX_FIELDS = 20;

const messages = {
  tooMany: (max: number) => `Upload at most ${max} ${max === 1 ? 'file' : 'files'} at a time, with the file chooser on this page.`,
  unreadable: 'The upload could not be read: the form arrived incomplete or malformed. Choose the file again and send the form once more.',
  tooManyParts: 'The form sent more fields than this page has. Send the form from this page.',
  nulName: 'The file’s name holds a character that cannot be stored (the invisible NUL character, or half of an emoji). Rename the file and upload it again.',
};

/** Errors busboy raises for a body that is not a well-formed multipart form. */
const MALFORMED = /^(Multipart: |Unexpected end of (form|file)|Malformed )/;

function multipartError(error: unknown, field: string, maxFiles: number, tooLarge: string): unknown {
  if (error instanceof FileTooLargeError || (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE')) return validationError({ [field]: tooLarge });
  if (error instanceof multer.MulterError) {
    if (error.code === 'LIMIT_FILE_COUNT' || error.code === 'LIMIT_UNEXPECTED_FILE') return validationError({ [field]: messages.tooMany(maxFiles) });
    return new AppError('validation', 400, messages.tooManyParts, { fields: { [field]: messages.tooManyParts } });
  }
  if (error instanceof Error && MALFORMED.test(error.message)) return new AppError('validation', 400, messages.unreadable, { fields: { [field]: messages.unreadable } });
  return error;
}

/** After parsing: no file name and no field may hold a NUL character or nest. */
function checkParsed(req: Request, field: string): void {
  const files = (req.files as Express.Multer.File[] | undefined) ?? (req.file ? [req.file] : []);
  if (files.some((file) => !isStorableText(file.originalname))) throw validationError({ [field]: messages.nulName });
  const problem = bodyProblem(req.body);
  if (problem?.kind === 'unstorable') throw validationError({ [problem.field]: bodyMessages.unstorable });
  if (problem) throw new AppError('validation', 400, bodyMessages.tooDeep);
}

function parser(handler: RequestHandler, field: string, maxFiles: number, tooLarge: string): RequestHandler {
  return (req, res, next) => {
    handler(req, res, (error: unknown) => {
      if (error) return next(multipartError(error, field, maxFiles, tooLarge));
      try {
        checkParsed(req, field);
        next();
      } catch (checkError) {
        next(checkError);
      }
    });
  };
}

const limits = (maxBytes: number, maxFiles: number) => ({ fileSize: maxBytes, files: maxFiles, fields: MAX_FIELDS, fieldSize: 64 * 1024, parts: maxFiles + MAX_FIELDS });

/**
 * One file in memory as `req.file` (a spreadsheet to import, an export to restore, a criteria
 * set, a PDF to compare): read whole, at most `maxBytes`.
 */
export function uploadOne(field: string, maxBytes: number, tooLarge: string): RequestHandler {
  const handler = multer({ storage: multer.memoryStorage(), limits: limits(maxBytes, 1), defParamCharset: 'utf8' }).single(field);
  return parser(handler, field, 1, tooLarge);
}

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
export const uploadedFiles = (req: Request) => ((req.files as (Express.Multer.File & { stored: StoredFile })[] | undefined) ?? []).map((file) => ({ stored: file.stored, originalName: file.originalname }));

/**
 * Evidence files streamed into the store as they arrive (never whole in memory), at most
 * `maxFiles`; an oversized one is cut off by multer, and the truncated bytes it leaves in the
 * store belong to no row, so the store's cleanup removes them.
 */
export function uploadToStore(store: EvidenceStore, field: string, maxBytes: number, maxFiles: number, tooLarge: string): RequestHandler {
  const handler = multer({ storage: storeEngine(store, maxBytes), limits: limits(maxBytes, maxFiles), defParamCharset: 'utf8' }).array(field, maxFiles);
  return parser(handler, field, maxFiles, tooLarge);
}

import { sendStoredFile } from '../../stored-file';
import { Router, type Request } from 'express';
import type { AppDeps } from '../../app-deps';
import { idParam } from '../../params';
import { addEvidenceFiles, QuotaExceededError, type AddedEvidenceFile, deleteEvidenceFile, getEvidenceFile, listEvidenceFiles, parseRecordReference, unlinkEvidenceFile } from '../../../domain/evidence/evidence-service';
import { LINK_CHOICES_PER_LOG, linkChoices, saveFileLinks, type LinkFilter } from '../../../domain/evidence/link-choices';
import { contentDisposition } from '../../../domain/evidence/file-type';
import { definitionOf, RECORD_DEFINITIONS, RECORD_TYPES, type RecordType } from '../../../domain/records';
import { describeLinkedRecords } from '../../../domain/records/record-references';
import { checkBeforeBody, requireRole } from '../../middleware/auth';
import { uploadToStore, uploadedFiles } from '../../middleware/upload';
import { notFound, validationError } from '../../../errors';
import { formPage } from '../../middleware/validate';
import { ALLOWED_TYPES_DESCRIPTION } from '../../../domain/evidence/file-type';
import { fileSizeText } from '../../../presenters/file-size';

const messages = {
  uploaded: (files: AddedEvidenceFile[]) => {
    const added = files.filter((file) => !file.alreadyThere).length;
    const there = files.filter((file) => file.alreadyThere).map((file) => `“${file.name}”`);
    const addedText = added === 0 ? '' : added === 1 ? 'The file has been added to your evidence.' : `${added} files have been added to your evidence.`;
    const thereText = there.length === 0 ? '' : `${there.join(', ')} ${there.length === 1 ? 'was' : 'were'} already in your files, so nothing was added twice.`;
    return [addedText, thereText].filter(Boolean).join(' ');
  },
  linksSaved: ({ linked, unlinked }: { linked: number; unlinked: number }) => {
    if (!linked && !unlinked) return 'No links changed.';
    const records = (n: number) => `${n} ${n === 1 ? 'record' : 'records'}`;
    return `Links saved: ${[linked ? `linked to ${records(linked)}` : '', unlinked ? `unlinked from ${records(unlinked)}` : ''].filter(Boolean).join(', ')}.`;
  },
  unlinked: 'The file is no longer linked to that record. It stays in your evidence files.',
  deleted: 'The file has been deleted from your evidence.',
  quota: (used: number, quota: number) => `These files would take your portfolio past its ${fileSizeText(quota)} of space (${fileSizeText(used)} used). Delete files you no longer need, or upload smaller ones.`,
  tooLarge: (maxBytes: number) => `A file is larger than ${fileSizeText(maxBytes)}, the most a single evidence file may be. Upload a smaller or compressed version.`,
};

const MAX_FILES_PER_UPLOAD = 10;

/** Where to go after an upload or a link change: back to the record, or to the file list. */
const backTo = (reference: ReturnType<typeof parseRecordReference>) => (reference ? `${definitionOf(reference.type).path}/${reference.id}` : '/files');

/** The checklist's filter from a query or a form: words to find (at most 100 characters) and a log. */
function linkFilter(source: Record<string, unknown>): LinkFilter {
  const text = typeof source.q === 'string' ? source.q.trim().slice(0, 100) : '';
  const type = typeof source.type === 'string' && (RECORD_TYPES as readonly string[]).includes(source.type) ? (source.type as RecordType) : undefined;
  return { ...(text ? { text } : {}), ...(type ? { type } : {}) };
}

/** "?q=C-017&type=practice", or nothing when unfiltered: the file page as it was filtered. */
function filterQuery(filter: LinkFilter): string {
  const query = new URLSearchParams({ ...(filter.text ? { q: filter.text } : {}), ...(filter.type ? { type: filter.type } : {}) }).toString();
  return query ? `?${query}` : '';
}

/** Evidence files: upload, list, preview, download, link to records, delete. */
export function evidenceRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use('/files', requireRole('applicant'));

  const filesView = async (req: Request) => {
    const { files, usedBytes } = await listEvidenceFiles(deps, req.user!.id);
    return { title: 'Evidence files', files, usedBytes, quotaBytes: deps.quotaBytes, maxFileBytes: deps.config.uploadMaxFileBytes, allowedTypes: ALLOWED_TYPES_DESCRIPTION };
  };

  router.get('/files', async (req, res) => res.render('evidence/index', await filesView(req)));

  router.post(
    '/files',
    formPage('evidence/index', filesView),
    uploadToStore(deps.evidenceStore, 'files', deps.config.uploadMaxFileBytes, MAX_FILES_PER_UPLOAD, messages.tooLarge(deps.config.uploadMaxFileBytes)),
    async (req, res) => {
      const link = req.body.link ? parseRecordReference(req.body.link) : undefined;
      if (req.body.link && !link) throw notFound();
      const files = await addEvidenceFiles(deps, req.user!.id, uploadedFiles(req), link).catch((error: unknown) => {
        if (error instanceof QuotaExceededError) throw validationError({ files: messages.quota(error.usedBytes, error.quotaBytes) });
        throw error;
      });
      req.session.flash = messages.uploaded(files);
      res.redirect(303, backTo(link));
    },
  );

  const fileView = async (req: Request) => {
    const file = await getEvidenceFile(deps, req.user!.id, idParam(req));
    const links = await describeLinkedRecords(deps, req.user!.id, file.links);
    // A re-shown form keeps the filter it was sent with; the page itself reads it from the address.
    const filter = linkFilter(req.method === 'GET' ? (req.query as Record<string, unknown>) : (req.body as Record<string, unknown>));
    const groups = await linkChoices(deps, req.user!.id, file.id, filter);
    const logs = RECORD_DEFINITIONS.map((definition) => ({ type: definition.type, log: definition.names.log }));
    return { title: file.name, file, links, groups, filter, logs, perLog: LINK_CHOICES_PER_LOG };
  };

  router.get('/files/:id', async (req, res) => res.render('evidence/show', await fileView(req)));

  router.get('/files/:id/download', async (req, res) => {
    const file = await getEvidenceFile(deps, req.user!.id, idParam(req));
    res.set({ 'Content-Type': file.mediaType, 'Content-Length': String(file.sizeBytes), 'Content-Disposition': contentDisposition(file.name), 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' });
    await sendStoredFile(deps.evidenceStore, file.sha256, res);
  });

  router.get('/files/:id/preview', async (req, res) => {
    const file = await getEvidenceFile(deps, req.user!.id, idParam(req));
    if (!file.mediaType.startsWith('image/')) throw notFound();
    res.set({ 'Content-Type': file.mediaType, 'Cache-Control': 'private, max-age=3600', 'X-Content-Type-Options': 'nosniff' });
    await sendStoredFile(deps.evidenceStore, file.sha256, res);
  });

  // The checklist: of the records it showed, the ticked are linked and the others unlinked.
  router.post(
    '/files/:id/links',
    checkBeforeBody((req) => getEvidenceFile(deps, req.user!.id, idParam(req))),
    formPage('evidence/show', fileView),
    async (req, res) => {
      const list = (value: unknown) => ([] as unknown[]).concat(value ?? []).filter((item): item is string => typeof item === 'string');
      const changed = await saveFileLinks(deps, req.user!.id, idParam(req), list(req.body.shown), list(req.body.linked));
      req.session.flash = messages.linksSaved(changed);
      res.redirect(303, `/files/${idParam(req)}${filterQuery(linkFilter(req.body as Record<string, unknown>))}`);
    },
  );

  router.post('/files/:id/unlink', async (req, res) => {
    const reference = parseRecordReference(req.body.record);
    if (!reference) throw notFound();
    await unlinkEvidenceFile(deps, req.user!.id, idParam(req), reference.type, reference.id);
    req.session.flash = messages.unlinked;
    res.redirect(303, req.body.back === 'record' ? backTo(reference) : `/files/${idParam(req)}`);
  });

  router.post('/files/:id/delete', async (req, res) => {
    await deleteEvidenceFile(deps, req.user!.id, idParam(req));
    req.session.flash = messages.deleted;
    res.redirect(303, '/files');
  });

  return router;
}

import { Router, type Request } from 'express';
import type { AppDeps } from '../../app-deps';
import { idParam } from '../../params';
import { addEvidenceFiles, type AddedEvidenceFile, deleteEvidenceFile, getEvidenceFile, linkEvidenceFile, listEvidenceFiles, parseRecordReference, unlinkEvidenceFile } from '../../../domain/evidence/evidence-service';
import { contentDisposition } from '../../../domain/evidence/file-type';
import { linkOptions } from '../../../domain/records/link-options';
import { definitionOf } from '../../../domain/records';
import { describeLinkedRecords } from '../../../domain/records/record-references';
import { checkBeforeBody, requireRole } from '../../middleware/auth';
import { uploadToStore, uploadedFiles } from '../../middleware/upload';
import { notFound, validationError } from '../../../errors';
import { formPage } from '../../middleware/validate';
import { ALLOWED_TYPES_DESCRIPTION } from '../../../domain/evidence/file-type';

const messages = {
  uploaded: (files: AddedEvidenceFile[]) => {
    const added = files.filter((file) => !file.alreadyThere).length;
    const there = files.filter((file) => file.alreadyThere).map((file) => `“${file.name}”`);
    const addedText = added === 0 ? '' : added === 1 ? 'The file has been added to your evidence.' : `${added} files have been added to your evidence.`;
    const thereText = there.length === 0 ? '' : `${there.join(', ')} ${there.length === 1 ? 'was' : 'were'} already in your files, so nothing was added twice.`;
    return [addedText, thereText].filter(Boolean).join(' ');
  },
  linked: 'The file is now linked to the record.',
  unlinked: 'The file is no longer linked to that record. It stays in your evidence files.',
  deleted: 'The file has been deleted from your evidence.',
  chooseRecord: 'Choose the record to link this file to.',
  tooLarge: (maxBytes: number) => `A file is larger than ${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB, the most a single evidence file may be. Upload a smaller or compressed version.`,
};

const MAX_FILES_PER_UPLOAD = 10;

/** Where to go after an upload or a link change: back to the record, or to the file list. */
const backTo = (reference: ReturnType<typeof parseRecordReference>) => (reference ? `${definitionOf(reference.type).path}/${reference.id}` : '/files');

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
      const files = await addEvidenceFiles(deps, req.user!.id, uploadedFiles(req), link);
      req.session.flash = messages.uploaded(files);
      res.redirect(303, backTo(link));
    },
  );

  const fileView = async (req: Request) => {
    const file = await getEvidenceFile(deps, req.user!.id, idParam(req));
    const links = await describeLinkedRecords(deps, req.user!.id, file.links);
    const linked = new Set(file.links.map((link) => `${link.type}:${link.id}`));
    const options = (await linkOptions(deps, req.user!.id, { includeReflections: true })).filter((option) => !linked.has(option.value));
    return { title: file.name, file, links, options };
  };

  router.get('/files/:id', async (req, res) => res.render('evidence/show', await fileView(req)));

  router.get('/files/:id/download', async (req, res) => {
    const file = await getEvidenceFile(deps, req.user!.id, idParam(req));
    res.set({ 'Content-Type': file.mediaType, 'Content-Length': String(file.sizeBytes), 'Content-Disposition': contentDisposition(file.name), 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' });
    deps.evidenceStore
      .createReadStream(file.sha256)
      .on('error', () => res.destroy())
      .pipe(res);
  });

  router.get('/files/:id/preview', async (req, res) => {
    const file = await getEvidenceFile(deps, req.user!.id, idParam(req));
    if (!file.mediaType.startsWith('image/')) throw notFound();
    res.set({ 'Content-Type': file.mediaType, 'Cache-Control': 'private, max-age=3600', 'X-Content-Type-Options': 'nosniff' });
    deps.evidenceStore
      .createReadStream(file.sha256)
      .on('error', () => res.destroy())
      .pipe(res);
  });

  router.post(
    '/files/:id/link',
    checkBeforeBody((req) => getEvidenceFile(deps, req.user!.id, idParam(req))),
    formPage('evidence/show', fileView),
    async (req, res) => {
      const reference = parseRecordReference(req.body.record);
      if (!reference) throw validationError({ record: messages.chooseRecord });
      await linkEvidenceFile(deps, req.user!.id, idParam(req), reference.type, reference.id);
      req.session.flash = messages.linked;
      res.redirect(303, `/files/${idParam(req)}`);
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

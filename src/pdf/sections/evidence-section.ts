import type { PortfolioSnapshot, SnapshotFile } from '../../domain/snapshot/snapshot';
import type { AppendixStatus } from '../appendix-status';
import type { PdfSection } from '../document-model';
import type { EvidenceRefs } from '../evidence-refs';
import { count } from '../text';
import { fileSizeText } from '../../presenters/file-size';

/** How this document holds each evidence file: appended, or listed only, and why. */
export interface AppendixPlan {
  /** What was found out about each file (by SHA-256) before rendering. */
  status: ReadonlyMap<string, AppendixStatus>;
  /** A blind copy whose applicant asked for the appendices to be left out. */
  leftOutOfBlindCopy: boolean;
}

/** Whether the file's pages follow as an appendix in this document. */
export const appendedHere = (file: SnapshotFile, plan: AppendixPlan) => file.appended && !plan.leftOutOfBlindCopy && plan.status.get(file.sha256)?.appendable === true;

function inThisDocument(file: SnapshotFile, plan: AppendixPlan): string {
  if (!file.appended) return 'Listed only: the applicant did not append it';
  if (plan.leftOutOfBlindCopy) return 'Listed only: left out of this blind copy at the applicant’s request';
  const status = plan.status.get(file.sha256);
  if (!status) return 'Listed only';
  if (!status.appendable) return `Could not be appended: ${status.reason}`;
  return status.pages === undefined ? 'Appended' : `Appended (${count(status.pages, 'page', 'pages')})`;
}

const typeName = (mediaType: string) => mediaType.replace(/^application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document$/, 'Word document');

/** Every file the application cites or appends: its reference, content hash, the records it supports, and whether it is appended. */
export function evidenceSection(snapshot: PortfolioSnapshot, plan: AppendixPlan, refs: EvidenceRefs): PdfSection {
  return {
    id: 'evidence',
    title: 'Evidence index',
    blocks: [
      {
        kind: 'paragraph',
        text: `${count(snapshot.files.length, 'evidence file', 'evidence files')}, each identified by the SHA-256 of its content: the files that support a record, and any other the applicant chose to append. Appended PDFs and images follow as appendices, each page stamped with the file’s reference.`,
        tone: 'muted',
      },
      {
        kind: 'table',
        caption: 'Evidence index',
        columns: [
          { header: 'Ref', width: 0.07 },
          { header: 'File', width: 0.3 },
          { header: 'Type and size', width: 0.17 },
          { header: 'Supports', width: 0.16 },
          { header: 'In this document', width: 0.3 },
        ],
        rows: snapshot.files.map((file) => {
          const supports = refs.supports(file.ref);
          return {
            cells: [file.ref, file.name, `${typeName(file.mediaType)}, ${fileSizeText(file.sizeBytes)}`, count(supports.length, 'record', 'records'), inThisDocument(file, plan)],
            detail: [supports.length ? `Supports: ${supports.join('; ')}` : 'Supports no record: appended by the applicant’s choice', `SHA-256: ${file.sha256}`].join('\n'),
          };
        }),
        empty: 'No evidence file supports a record, and none is chosen to be appended.',
      },
    ],
  };
}

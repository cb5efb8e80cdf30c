import type { PortfolioSnapshot } from '../../domain/snapshot/snapshot';
import { formatIsoDate } from '../../domain/dates';
import type { PdfBlock, PdfSection } from '../document-model';

/** "3 December 2026 at 14:05 UTC": when a declaration was made. */
const atTime = (iso: string) => `${formatIsoDate(iso.slice(0, 10))} at ${iso.slice(11, 16)} UTC`;

/**
 * The declarations of the criteria set in the applicant's words: each ticked, by whom and when,
 * once submitted; in a draft, each "to be made at submission". Blind review leaves the name out.
 */
export function declarationsSection(snapshot: PortfolioSnapshot, blind: boolean): PdfSection | undefined {
  if (!snapshot.declarations.length) return undefined;
  const set = `${snapshot.criteriaSet.title}, edition ${snapshot.criteriaSet.edition}`;
  const made = snapshot.declarations.find((declaration) => declaration.made)?.made;
  const intro = made
    ? `Made at submission on ${atTime(made.at)} by ${blind ? 'the applicant' : made.by}, for ${set}.`
    : `These declarations are made at submission, for ${set}: this draft shows them as they will be made.`;
  const entries = snapshot.declarations.map(
    (declaration): PdfBlock => ({
      kind: 'entry',
      title: declaration.title,
      meta: [
        declaration.made ? `Ticked by ${blind ? 'the applicant' : declaration.made.by} on ${atTime(declaration.made.at)}` : 'To be made at submission',
        `Source: ${declaration.source.title}${declaration.source.url ? ` (${declaration.source.url})` : ''}`,
      ].join(' · '),
      text: declaration.text,
    }),
  );
  return { id: 'declarations', title: 'Declarations', blocks: [{ kind: 'paragraph', text: intro, tone: 'muted' }, ...entries] };
}

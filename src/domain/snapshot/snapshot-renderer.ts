import type { PortfolioSnapshot } from './snapshot';

/** How a rendered snapshot is labelled: a draft, or a submission with its own code and date. */
export interface PdfIdentity {
  draft: boolean;
  verificationCode: string;
  documentDate: Date;
  /** Leave the applicant's name out (blind review). */
  blind: boolean;
  /** In a blind copy, list the appended files without their pages (they may name the applicant). */
  blindWithoutAppendices?: boolean;
}

/**
 * Renders a snapshot (a live draft or a frozen submission) as the application PDF into `out`.
 * The domain asks for it through its deps; src/pdf provides it (build-deps wires the two), so
 * the domain never imports the renderer.
 */
export type RenderSnapshot = (snapshot: PortfolioSnapshot, sha256: string, identity: PdfIdentity, out: NodeJS.WritableStream) => Promise<void>;

/** The verify page's address for a code. */
export const verifyUrl = (baseUrl: string, code: string) => `${baseUrl}/verify/${code}`;

import type { Request, RequestHandler } from 'express';
import type { ServiceDeps } from '../../domain/deps';
import { portfolioOf, type Portfolio } from '../../domain/portfolio/portfolio-service';
import '../types';

/**
 * Puts the signed-in applicant's portfolio (created on first use) on the request, for handlers
 * that show or change the portfolio itself: as the session's lookup read it, when it did. Put it
 * after requireRole('applicant') and after any body check, so a refused request creates nothing.
 */
export function loadPortfolio(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>): RequestHandler {
  return async (req, _res, next) => {
    req.portfolio = await portfolioOf(deps, req.user!.id, req.sessionPortfolio);
    next();
  };
}

/** The portfolio loadPortfolio put on the request (a route without it is a programming error). */
export function requestPortfolio(req: Request): Portfolio {
  if (!req.portfolio) throw new Error('loadPortfolio must run before this handler');
  return req.portfolio;
}

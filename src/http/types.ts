import 'express-session';
import type {} from 'pino-http';
import type { User } from '../domain/accounts/account-service';
import type { Portfolio } from '../domain/portfolio/portfolio-service';

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    /** The user's session generation at sign-in; a password change bumps it and ends the session. */
    sessionGeneration?: number;
    /** When the session was last saved to push its stored expiry on (ms since the epoch). */
    refreshedAt?: number;
    /** A one-time notice shown on the next page ("Your password has been changed."). */
    flash?: string;
    /** The values a new record's form keeps after "Save and log another" (the client, the choices). */
    nextRecord?: { type: string; values: Record<string, unknown> };
  }
}

declare module 'ejs' {
  interface Options {
    /** EJS 7's: use the locals object as given, without copying it into one with no prototype (see middleware/views.ts). */
    unsafePrototypeLocals?: boolean;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in user (session) or the bearer token's user (API). */
    user?: User;
    /** The applicant's portfolio, on routes that load it (middleware/portfolio.ts). */
    portfolio?: Portfolio;
    /** The session's user as the session's own lookup read it (db/session-store.ts), before loadSessionUser checks it; use `user`. */
    sessionUser?: User;
    /** Their portfolio as the same lookup read it; services take it as `readAlready` (see portfolioOf). */
    sessionPortfolio?: Portfolio;
  }
}

export {};

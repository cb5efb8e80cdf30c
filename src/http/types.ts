import 'express-session';
import type {} from 'pino-http';
import type { User } from '../db/repositories/user-repository';

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    /** When the user signed in; a session older than the last password change is ended. */
    authenticatedAt?: number;
    /** A one-time notice shown on the next page ("Your password has been changed."). */
    flash?: string;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in user (session) or the bearer token's user (API). */
    user?: User;
  }
}

export {};

import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { type Application, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { AppDeps } from './http/app-deps';
import { redactUrl } from './logger';
import { projectRoot } from './paths';
import { useViews, viewLocals } from './http/middleware/views';
import { sessionMiddleware } from './http/middleware/session';
import { loadSessionUser } from './http/middleware/auth';
import { csrfProtection, csrfTokenLocal } from './http/middleware/csrf';
import { errorHandler, notFoundHandler } from './http/middleware/errors';
import { requireSetUp, setupRoutes } from './http/routes/accounts/setup-pages';
import { authRoutes } from './http/routes/accounts/auth-pages';
import { passwordRoutes } from './http/routes/accounts/password-pages';
import { accountRoutes } from './http/routes/accounts/account-pages';
import { adminRoutes } from './http/routes/admin/pages';
import { criteriaRoutes } from './http/routes/admin/criteria-pages';
import { apiRoutes } from './http/routes/api';
import { healthRoutes } from './http/routes/health/healthz';
import { homeRoutes } from './http/routes/home/pages';
import { portfolioRoutes } from './http/routes/portfolio/pages';
import { recordRoutes } from './http/routes/records/pages';
import { evidenceRoutes } from './http/routes/evidence/pages';
import { evaluationRoutes } from './http/routes/evaluation/pages';
import { awardRoutes } from './http/routes/awards/pages';
import { exportRoutes } from './http/routes/portfolio/export-pages';
import { signoffRoutes } from './http/routes/signoff/pages';
import { givenConfirmationRoutes } from './http/routes/signoff/given-pages';
import { verifyRoutes } from './http/routes/verify/pages';
import { importRoutes } from './http/routes/imports/pages';
import { portfolioPdfRoutes } from './http/routes/portfolio/pdf-pages';
import { renderRoutes } from './http/routes/renders/pages';
import { submissionRoutes } from './http/routes/submissions/pages';
import { assessmentRoutes } from './http/routes/assessments/pages';

const publicDir = path.join(projectRoot, 'public');

/**
 * A router that only requests under `prefix` enter (its routes keep their full paths): any other
 * request passes its layers in one test, where Express would try each route in turn (the API's
 * twenty-odd cost a page about 4 % of its CPU). The router stays readable as `router`, for
 * whatever lists the app's routes.
 */
function onlyUnder(prefix: string, router: Router): RequestHandler & { router: Router } {
  const guard: RequestHandler = (req, res, next) => (req.path.startsWith(prefix) ? router(req, res, next) : next());
  return Object.assign(guard, { router });
}

/** Builds the Express app from its dependencies; it does not listen (tests call it in-process). */
export function buildApp(deps: AppDeps): Application {
  const app = express();
  app.disable('x-powered-by');
  // No ETag on generated responses: each page is one user's at one moment, so a browser rarely
  // holds a copy to revalidate, and hashing every body cost 5 % of a page's CPU. Files under
  // /public keep theirs (express.static sets its own).
  app.set('etag', false);
  // Express's last-resort handler shows stack traces unless in production: never show them.
  app.set('env', 'production');
  app.set('trust proxy', deps.config.trustProxy);
  useViews(app);

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (_req, res) => {
        const id = randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || (req.url ?? '').startsWith('/public/') },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(deps.config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
        },
      },
    }),
  );
  app.use('/public', express.static(publicDir, { maxAge: '1h', fallthrough: false }));

  app.use(healthRoutes(deps));
  app.use(express.urlencoded({ extended: false, limit: deps.config.formBodyLimitBytes }));
  app.use('/api', express.json({ limit: deps.config.formBodyLimitBytes }));
  app.use(onlyUnder('/api/', apiRoutes(deps)));

  app.use(sessionMiddleware({ db: deps.db, secret: deps.sessionSecret, secureCookies: deps.config.secureCookies }));
  app.use(loadSessionUser(deps));
  app.use(csrfTokenLocal);
  app.use(viewLocals);
  app.use(csrfProtection);
  app.use(requireSetUp(deps));
  app.use(setupRoutes(deps));
  app.use(homeRoutes(deps));
  app.use(authRoutes(deps));
  app.use(passwordRoutes(deps));
  app.use(accountRoutes(deps));
  app.use(adminRoutes(deps));
  app.use(criteriaRoutes(deps));
  app.use(portfolioRoutes(deps));
  app.use(portfolioPdfRoutes(deps));
  app.use(renderRoutes(deps));
  app.use(submissionRoutes(deps));
  app.use(assessmentRoutes(deps));
  app.use(signoffRoutes(deps));
  app.use(givenConfirmationRoutes(deps));
  app.use(verifyRoutes(deps));
  app.use(exportRoutes(deps));
  app.use(importRoutes(deps));
  app.use(recordRoutes(deps));
  app.use(evidenceRoutes(deps));
  app.use(evaluationRoutes(deps));
  app.use(awardRoutes(deps));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}

import express, { type Express, type RequestHandler } from 'express';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import type { ApiKeyAuthenticator } from '../auth/api-keys.js';
import type { JobService } from '../services/job-service.js';
import type { LanguageDirectory } from '../repositories/language-directory.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { requestContext } from './middleware/request-context.js';
import { securityHeaders } from './middleware/security-headers.js';
import { authenticate } from './middleware/authenticate.js';
import { authenticateAdmin } from './middleware/authenticate-admin.js';
import { observeRequests } from './middleware/observe-requests.js';
import { Uploads } from './middleware/uploads.js';
import { jobsRoutes } from './routes/jobs-routes.js';
import { batchesRoutes } from './routes/batches-routes.js';
import { legacyRoutes } from './routes/legacy-routes.js';
import { languageRoutes, probeRoutes } from './routes/meta-routes.js';
import { demoRoutes } from './routes/demo-routes.js';
import { errorHandler } from './error-handler.js';
import { allowedMethods } from './allowed-methods.js';

/**
 * The HTTP app: probes and docs open, the queue dashboard behind admin keys (absent without
 * them), everything else behind API keys, one error handler. Routes only translate requests into
 * `JobService` calls; decisions live there.
 */
export const ADMIN_BOARD_PATH = '/admin/queues';

export interface HttpAppDeps {
  logger: Logger;
  redis: Redis;
  auth: ApiKeyAuthenticator;
  jobs: JobService;
  languages: LanguageDirectory;
  metrics: GatewayMetrics;
  /** Bull Board and the keys that open it; left out, `/admin/queues` does not exist. */
  admin?: { auth: ApiKeyAuthenticator; board: RequestHandler };
  shuttingDown: () => boolean;
  settings: {
    defaultLanguage: string;
    maxImageBytes: number;
    maxFiles: number;
    maxRequestBytes: number;
    syncTimeoutMs: number;
    trustProxy: boolean;
  };
}

export function createHttpApp(deps: HttpAppDeps): Express {
  const { settings } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', settings.trustProxy);
  app.use(requestContext(deps.logger));
  app.use(securityHeaders);
  app.use(observeRequests(deps.metrics));
  app.use(probeRoutes({ redis: deps.redis, registry: deps.metrics.registry, shuttingDown: deps.shuttingDown }));
  app.use(demoRoutes());
  // A gateway being replaced finishes the calls it holds but starts none, even on a kept-alive
  // connection (closing the listener only stops new connections): 503 with Retry-After and
  // `Connection: close`, so the client retries on another replica. Probes above still answer.
  app.use((_req, res, next) => {
    if (!deps.shuttingDown()) return next();
    res.setHeader('Connection', 'close');
    next(
      new OcrError(
        ErrorCodes.UNAVAILABLE,
        'This gateway is shutting down: retry the request (another replica takes it).',
        {
          retry_after_seconds: 1,
        },
      ),
    );
  });

  if (deps.admin) app.use(ADMIN_BOARD_PATH, authenticateAdmin(deps.admin.auth), deps.admin.board);

  const uploads = new Uploads({
    maxImageBytes: settings.maxImageBytes,
    maxFiles: settings.maxFiles,
    maxRequestBytes: settings.maxRequestBytes,
  });
  const api = express.Router();
  api.use(languageRoutes(deps.languages, settings.defaultLanguage));
  api.use(jobsRoutes(deps.jobs, uploads, settings.defaultLanguage, settings.maxImageBytes));
  api.use(batchesRoutes(deps.jobs, uploads, settings.defaultLanguage));
  api.use(legacyRoutes(deps.jobs, uploads, settings.syncTimeoutMs));
  // Authentication comes before any body is read, so an unauthenticated upload is never buffered.
  app.use(['/v1', '/extract_text', '/extract_text_batch'], authenticate(deps.auth));
  app.use(api);
  app.use((req, res, next) => {
    const allowed = allowedMethods(req.path);
    if (!allowed)
      return next(new OcrError(ErrorCodes.NOT_FOUND, `No route ${req.method} ${req.path}. See /docs for the API.`));
    res.setHeader('Allow', allowed.join(', '));
    next(
      new OcrError(
        ErrorCodes.METHOD_NOT_ALLOWED,
        `${req.path} does not take ${req.method}; it takes ${allowed.join(', ')}. See /docs for the API.`,
      ),
    );
  });
  app.use(errorHandler);
  return app;
}

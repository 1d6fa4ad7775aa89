import express, { type Request, type Response, Router } from 'express';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Redis } from 'ioredis';
import { type HealthResponse, type LanguagesResponse, openApiDocument } from '@ocr-pool/contracts';
import { redisAnswers } from '@ocr-pool/contracts/redis';
import type { Registry } from 'prom-client';
import type { LanguageDirectory } from '../../repositories/language-directory.js';

/**
 * Probes, metrics, the API description and the Swagger UI, and the installed languages. None
 * of these need an API key (except languages, mounted behind auth by the app).
 */
export interface MetaDeps {
  redis: Redis;
  registry: Registry;
  shuttingDown: () => boolean;
}

export function probeRoutes(deps: MetaDeps): Router {
  const router = Router();
  const alive = (_req: Request, res: Response): void => {
    res.json({ status: 'ok', checks: { process: 'ok' } } satisfies HealthResponse);
  };
  const ready = async (_req: Request, res: Response): Promise<void> => {
    const redis = await redisAnswers(deps.redis, 1000);
    const accepting = !deps.shuttingDown();
    const body: HealthResponse = {
      status: redis && accepting ? 'ok' : 'unavailable',
      checks: { redis: redis ? 'ok' : 'fail', accepting: accepting ? 'ok' : 'fail' },
    };
    res.status(body.status === 'ok' ? 200 : 503).json(body);
  };
  router.get(['/healthz', '/livez'], alive);
  router.get(['/readyz', '/health_check'], ready);
  router.get('/metrics', async (_req, res) => {
    res.type(deps.registry.contentType).send(await deps.registry.metrics());
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  router.use('/docs/assets', express.static(swaggerDir, { index: false, maxAge: '1h' }));
  router.get('/docs/init.js', (_req, res) => {
    res
      .type('application/javascript')
      .send(
        "window.onload = () => { window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true }); };\n",
      );
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ocr-pool API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`);
  });
  return router;
}

export function languageRoutes(languages: LanguageDirectory, defaultLanguage: string): Router {
  const router = Router();
  router.get('/v1/languages', async (_req, res) => {
    const body: LanguagesResponse = { default_language: defaultLanguage, languages: await languages.list() };
    res.json(body);
  });
  return router;
}

import express, { Router } from 'express';
import { fileURLToPath } from 'node:url';

/**
 * The demo page at `/`: static HTML, CSS and JS from `apps/gateway/public/demo` (no build step).
 * The page talks to the public API like any client, so this router serves files and nothing
 * else; it needs no key (the page asks for one when the API does).
 */
// From dist/src/http/routes/ (where this runs) up to apps/gateway/.
const DEMO_DIR = fileURLToPath(new URL('../../../../public/demo/', import.meta.url));

export function demoRoutes(): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.sendFile('index.html', { root: DEMO_DIR });
  });
  router.use('/demo', express.static(DEMO_DIR, { index: false, maxAge: '5m' }));
  return router;
}

import { type Request, type Response, Router } from 'express';
import type { JobService } from '../../services/job-service.js';
import { parseOptions } from '../../services/option-parser.js';
import { tenantOf } from '../middleware/authenticate.js';
import type { Uploads } from '../middleware/uploads.js';

/** `/v1/batches`: many images in one request, one job each, tracked together. */
export function batchesRoutes(jobs: JobService, uploads: Uploads, defaultLanguage: string): Router {
  const router = Router();
  router.post('/v1/batches', uploads.many('images'), async (req: Request, res: Response) => {
    const options = parseOptions((req.body as Record<string, unknown>) ?? {}, { language: defaultLanguage });
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    const batch = await jobs.submitBatch(
      tenantOf(req),
      files.map((f) => ({
        bytes: new Uint8Array(f.buffer.buffer, f.buffer.byteOffset, f.buffer.byteLength),
        filename: f.originalname,
      })),
      options,
      'v1',
    );
    req.context.batchId = batch.id;
    req.context.log.info({ batchId: batch.id, jobIds: batch.jobs.map((j) => j.id) }, 'batch accepted');
    res.status(202).location(`/v1/batches/${batch.id}`).json(batch);
  });
  router.get('/v1/batches/:id', async (req: Request, res: Response) => {
    req.context.batchId = String(req.params.id);
    res.json(await jobs.batchView(tenantOf(req), req.context.batchId));
  });
  return router;
}

import { type Request, type Response, Router } from 'express';
import {
  ErrorCodes,
  type LegacyBatchItem,
  type LegacyBatchResponse,
  OcrError,
  type OcrOptions,
} from '@ocr-pool/contracts';
import { type JobService, resultOf } from '../../services/job-service.js';
import { LEGACY_DEFAULTS, parseOptions } from '../../services/option-parser.js';
import { tenantOf } from '../middleware/authenticate.js';
import type { Uploads } from '../middleware/uploads.js';
import { abortOnClose } from '../abort-on-close.js';

/**
 * The old BentoML service's API, kept working for its clients: same routes, same form fields,
 * same defaults (Korean, threshold 0.5, angle classification on) and the same response fields
 * (`text`, `overall_confidence`, `text_boxes`), answered synchronously through the queue.
 */
export function legacyRoutes(jobs: JobService, uploads: Uploads, syncTimeoutMs: number): Router {
  const router = Router();

  router.post('/extract_text', uploads.single('image'), async (req: Request, res: Response) => {
    if (!req.file)
      throw new OcrError(ErrorCodes.REQUEST_INVALID, 'No image: send a file in the "image" field.', { field: 'image' });
    const options = parseOptions((req.body as Record<string, unknown>) ?? {}, LEGACY_DEFAULTS);
    const view = await jobs.runSync(
      {
        tenant: tenantOf(req),
        bytes: toBytes(req.file.buffer),
        filename: req.file.originalname,
        options,
        api: 'legacy',
        requestId: req.context.requestId,
      },
      syncTimeoutMs,
      abortOnClose(req, res),
    );
    req.context.jobId = view.id;
    res.json(resultOf(view));
  });

  router.post('/extract_text_batch', uploads.many('images'), async (req: Request, res: Response) => {
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    if (files.length === 0)
      throw new OcrError(ErrorCodes.REQUEST_INVALID, 'No images: send one or more files in the "images" field.', {
        field: 'images',
      });
    const options: OcrOptions = parseOptions((req.body as Record<string, unknown>) ?? {}, LEGACY_DEFAULTS);
    const tenant = tenantOf(req);
    const signal = abortOnClose(req, res);
    const outcomes = await jobs.runSyncEach(
      files.map((file) => ({
        tenant,
        bytes: toBytes(file.buffer),
        filename: file.originalname,
        options,
        api: 'legacy' as const,
        requestId: req.context.requestId,
      })),
      syncTimeoutMs,
      signal,
    );
    const results = outcomes.map((outcome, i): LegacyBatchItem =>
      outcome.ok
        ? { filename: files[i]!.originalname, success: true, result: outcome.result }
        : {
            filename: files[i]!.originalname,
            success: false,
            error: { code: outcome.error.code, message: outcome.error.message },
          },
    );
    const succeeded = results.filter((r) => r.success).length;
    const body: LegacyBatchResponse = { results, total: results.length, succeeded, failed: results.length - succeeded };
    res.json(body);
  });
  return router;
}

function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

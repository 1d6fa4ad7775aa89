import express, { type Request, type Response, Router } from 'express';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import type { JobService } from '../../services/job-service.js';
import { parseOptions } from '../../services/option-parser.js';
import { tenantOf } from '../middleware/authenticate.js';
import type { Uploads } from '../middleware/uploads.js';
import { abortOnClose } from '../abort-on-close.js';

/** The request's media type, lower case, without parameters ('' when it has none). */
const mediaType = (req: Request): string => (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

/** `/v1/jobs`: submit (202 + Location), read with optional long-poll, cancel. */
export function jobsRoutes(jobs: JobService, uploads: Uploads, defaultLanguage: string, maxImageBytes: number): Router {
  const router = Router();
  const raw = express.raw({ type: 'image/*', limit: maxImageBytes });

  router.post(
    '/v1/jobs',
    (req, res, next) => {
      // Two ways in: multipart with an "image" file, or the image itself as an image/* body. The
      // header decides (req.is() says nothing for a request without a body).
      const type = mediaType(req);
      if (type === 'multipart/form-data') uploads.single('image')(req, res, next);
      else if (type.startsWith('image/')) raw(req, res, next);
      else if (type === '')
        next(
          new OcrError(
            ErrorCodes.REQUEST_INVALID,
            'No image: send multipart/form-data with an "image" file, or the image itself with an image/* Content-Type.',
            { field: 'image' },
          ),
        );
      else
        next(
          new OcrError(
            ErrorCodes.IMAGE_FORMAT_UNSUPPORTED,
            `Content-Type ${type} is not accepted: send multipart/form-data with an "image" file, or the image itself with an image/* Content-Type.`,
          ),
        );
    },
    async (req: Request, res: Response) => {
      const fromMultipart = mediaType(req) === 'multipart/form-data';
      // Without Content-Length or Transfer-Encoding the raw parser leaves no body at all: an empty image.
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const bytes = fromMultipart ? req.file?.buffer : rawBody;
      if (!bytes)
        throw new OcrError(ErrorCodes.REQUEST_INVALID, 'No image: send a file in the "image" field.', {
          field: 'image',
        });
      const fields = fromMultipart ? (req.body as Record<string, unknown>) : (req.query as Record<string, unknown>);
      const options = parseOptions(fields ?? {}, { language: defaultLanguage });
      const idempotencyKey = req.header('idempotency-key');
      if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 200)) {
        throw new OcrError(ErrorCodes.REQUEST_INVALID, 'Idempotency-Key must be 1 to 200 characters.', {
          field: 'Idempotency-Key',
        });
      }
      const accepted = await jobs.submit({
        tenant: tenantOf(req),
        bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        ...(req.file?.originalname ? { filename: req.file.originalname } : {}),
        options,
        api: 'v1',
        sync: false,
        ...(idempotencyKey ? { idempotencyKey } : {}),
        requestId: req.context.requestId,
      });
      req.context.jobId = accepted.id;
      req.context.log.info({ jobId: accepted.id, status: accepted.status }, 'job accepted');
      res.status(202).location(`/v1/jobs/${accepted.id}`).json(accepted);
    },
  );

  router.get('/v1/jobs/:id', async (req: Request, res: Response) => {
    const wait = req.query.wait === undefined ? 0 : Number(req.query.wait);
    if (!Number.isFinite(wait) || wait < 0)
      throw new OcrError(ErrorCodes.INVALID_OPTION, 'wait must be a number of seconds, 0 or more.', { field: 'wait' });
    req.context.jobId = String(req.params.id);
    res.json(await jobs.waitForView(tenantOf(req), req.context.jobId, wait, abortOnClose(req, res)));
  });

  router.get('/v1/jobs/:id/annotated.png', async (req: Request, res: Response) => {
    req.context.jobId = String(req.params.id);
    const png = await jobs.annotated(tenantOf(req), req.context.jobId, abortOnClose(req, res));
    res
      .type('image/png')
      .set('Cache-Control', 'private, max-age=60')
      .send(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  });

  router.delete('/v1/jobs/:id', async (req: Request, res: Response) => {
    req.context.jobId = String(req.params.id);
    const view = await jobs.cancel(tenantOf(req), req.context.jobId);
    req.context.log.info({ jobId: view.id }, 'job cancelled');
    res.json(view);
  });
  return router;
}

import type { NextFunction, Request, Response } from 'express';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import { knownError } from '../services/known-error.js';
import { problemFor } from './problem.js';

/**
 * The last middleware: every error becomes problem+json with a stable code. Known failures keep
 * their message (it says what to fix); unexpected ones are logged with the request id and
 * reported without internals.
 */
export function errorHandler(error: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  const known = toOcrError(error);
  if (req.context) {
    req.context.errorCode = known.code;
    const jobId = known.details.job_id;
    if (typeof jobId === 'string') req.context.jobId ??= jobId;
  }
  if (known.code === ErrorCodes.INTERNAL_ERROR) req.context?.log.error({ err: error }, 'unexpected error');
  const problem = problemFor(known, req.originalUrl.split('?')[0]);
  if (problem.retry_after_seconds !== undefined) res.setHeader('Retry-After', String(problem.retry_after_seconds));
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

function toOcrError(error: unknown): OcrError {
  if (error instanceof OcrError) return error;
  const e = error as { type?: string; status?: number; message?: string; name?: string; code?: string };
  if (e?.type === 'entity.too.large')
    return new OcrError(
      ErrorCodes.IMAGE_TOO_LARGE,
      'The image is larger than the limit. Send a smaller or more compressed image.',
    );
  // The client hung up mid-body (body-parser's type, multer's message): nothing went wrong here.
  if (e?.type === 'request.aborted' || e?.message === 'Request aborted')
    return new OcrError(ErrorCodes.REQUEST_INVALID, 'The request body was cut short.');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return new OcrError(ErrorCodes.REQUEST_INVALID, e.message ?? 'Bad request.');
  return knownError(error);
}

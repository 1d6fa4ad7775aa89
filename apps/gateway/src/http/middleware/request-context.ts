import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER, acceptRequestId } from '@ocr-pool/contracts';

/**
 * Per-request context: a request id (the caller's `X-Request-Id` when it is sane, else a new one,
 * echoed back), the tenant once authenticated, and a child logger that carries both. Routes note
 * the job or batch a request touched, so the request's log line names it.
 */
export interface RequestContext {
  requestId: string;
  tenant?: string;
  log: Logger;
  /** The job or batch this request submitted, read or cancelled. */
  jobId?: string;
  batchId?: string;
  /** The error code the request was answered with. */
  errorCode?: string;
  /** Route label for metrics and logs where express has no route pattern (mounted sub-apps). */
  route?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    context: RequestContext;
  }
}

export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const requestId = acceptRequestId(req.header(REQUEST_ID_HEADER));
    res.setHeader(REQUEST_ID_HEADER, requestId);
    req.context = { requestId, log: logger.child({ requestId }) };
    next();
  };
}

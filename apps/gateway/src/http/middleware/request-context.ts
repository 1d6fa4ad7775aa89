import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * Per-request context: a request id (the caller's `X-Request-Id` when it is sane, else a new one,
 * echoed back), the tenant once authenticated, and a child logger that carries both.
 */
export interface RequestContext {
  requestId: string;
  tenant?: string;
  log: Logger;
}

declare module 'express-serve-static-core' {
  interface Request {
    context: RequestContext;
  }
}

const SANE_ID = /^[\w.:-]{1,128}$/;

export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.header('x-request-id');
    const requestId = given && SANE_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    req.context = { requestId, log: logger.child({ requestId }) };
    next();
  };
}

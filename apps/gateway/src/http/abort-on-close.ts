import type { Request, Response } from 'express';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';

/**
 * A signal that aborts when the client goes away before its response was sent. Its reason is a
 * client error, so work given up for it ends as one (no "unexpected error" log for a gone client).
 */
export function abortOnClose(req: Request, res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded)
      controller.abort(
        new OcrError(ErrorCodes.REQUEST_INVALID, 'The client closed the connection before its answer was sent.'),
      );
  });
  void req;
  return controller.signal;
}

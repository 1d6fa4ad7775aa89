import type { Request, Response } from 'express';

/** A signal that aborts when the client goes away before its response was sent. */
export function abortOnClose(req: Request, res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) controller.abort();
  });
  void req;
  return controller.signal;
}

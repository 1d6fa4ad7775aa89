import type { NextFunction, Request, Response } from 'express';
import type { GatewayMetrics } from '../../metrics/gateway-metrics.js';

/** The status a request is counted with when its client went away before the answer (nginx's 499). */
const CLIENT_CLOSED = '499';

/**
 * One log line and the request metrics per request, labelled by route pattern (never the raw
 * path). The line carries the request id and tenant (from the context's logger), the job or batch
 * the request touched, the error code if any, and the duration.
 */
export function observeRequests(metrics: GatewayMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    metrics.httpInProgress.inc();
    res.on('close', () => {
      metrics.httpInProgress.dec();
      const { context } = req;
      const route =
        context.route ?? (req.route ? `${req.baseUrl}${String((req.route as { path: string }).path)}` : 'unmatched');
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // A client that went away before its answer was sent saw no status: counted as 499 (nginx's
      // "client closed request"), not as the 200 a response object holds until it is written.
      const status = res.writableFinished ? String(res.statusCode) : CLIENT_CLOSED;
      metrics.httpRequests.inc({ method: req.method, route, status });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
      context.log.info(
        {
          method: req.method,
          route,
          status: res.writableFinished ? res.statusCode : Number(CLIENT_CLOSED),
          durationMs: Math.round(seconds * 10000) / 10,
          ...(context.jobId ? { jobId: context.jobId } : {}),
          ...(context.batchId ? { batchId: context.batchId } : {}),
          ...(context.errorCode ? { code: context.errorCode } : {}),
          ...(res.writableEnded ? {} : { aborted: true }),
        },
        'request',
      );
    });
    next();
  };
}

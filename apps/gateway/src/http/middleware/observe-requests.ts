import type { NextFunction, Request, Response } from 'express';
import type { GatewayMetrics } from '../../metrics/gateway-metrics.js';

/** One access-log line and the request metrics per request, labelled by route pattern. */
export function observeRequests(metrics: GatewayMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    metrics.httpInProgress.inc();
    res.on('close', () => {
      metrics.httpInProgress.dec();
      const route = req.route ? `${req.baseUrl}${String((req.route as { path: string }).path)}` : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
      req.context.log.info(
        {
          method: req.method,
          route,
          status: res.statusCode,
          ms: Math.round(seconds * 10000) / 10,
          aborted: !res.writableEnded,
        },
        'request',
      );
    });
    next();
  };
}

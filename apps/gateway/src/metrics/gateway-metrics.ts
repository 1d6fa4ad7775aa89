import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { QUEUE_STATES, type QueueSnapshot } from '../repositories/queue-snapshot-reader.js';

/**
 * The gateway's Prometheus metrics (names as in ARCHITECTURE.md). Queue gauges are read from Redis
 * when Prometheus scrapes, in one round trip per scrape (concurrent scrapes share it), so every
 * gateway replica reports the same queue and a scrape costs the same with 10 or 100,000 jobs
 * waiting. Routes are labelled by their pattern (`/v1/jobs/:id`), never by raw paths or ids.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'ocr_http_requests_total',
    help: 'HTTP requests by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'ocr_http_request_duration_seconds',
    help: 'HTTP request duration by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly httpInProgress = new Gauge({
    name: 'ocr_http_requests_in_progress',
    help: 'HTTP requests being served.',
    registers: [this.registry],
  });
  readonly grpcRequests = new Counter({
    name: 'ocr_grpc_requests_total',
    help: 'gRPC calls by method and status code name (OK, INVALID_ARGUMENT, DEADLINE_EXCEEDED, ...).',
    labelNames: ['method', 'code'] as const,
    registers: [this.registry],
  });
  readonly grpcDuration = new Histogram({
    name: 'ocr_grpc_request_duration_seconds',
    help: 'gRPC call duration by method.',
    labelNames: ['method'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly jobsSubmitted = new Counter({
    name: 'ocr_jobs_submitted_total',
    help: 'Jobs accepted into the queue, by API (v1, legacy, grpc).',
    labelNames: ['api'] as const,
    registers: [this.registry],
  });
  constructor(snapshot: () => Promise<QueueSnapshot>, onReadError: (error: unknown) => void = () => undefined) {
    collectDefaultMetrics({ register: this.registry });
    dropMisnamedDefaults(this.registry);
    let pending: Promise<QueueSnapshot | undefined> | undefined;
    // The queue metrics are filled from one read, shared by the collects of one scrape (and by
    // scrapes that overlap it); the next scrape reads again.
    const once = (): Promise<QueueSnapshot | undefined> =>
      (pending ??= snapshot()
        .catch((error: unknown) => {
          readErrors.inc();
          onReadError(error);
          return undefined;
        })
        .finally(() => setImmediate(() => (pending = undefined))));
    const readErrors = new Counter({
      name: 'ocr_queue_read_errors_total',
      help: 'Scrapes whose queue gauges could not be read from Redis (the gauges are then left out).',
      registers: [this.registry],
      // Waits for this scrape's read, so that a failure is counted in the scrape it happened in.
      async collect() {
        await once();
      },
    });
    new Gauge({
      name: 'ocr_queue_jobs',
      help: 'Jobs in the OCR queue by BullMQ state, read from Redis at scrape time.',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const read = await once();
        // Stale counts must not steer the autoscaler: without a fresh read the series are left out.
        this.reset();
        if (read) for (const state of QUEUE_STATES) this.set({ state }, read.counts[state]);
      },
    });
    new Gauge({
      name: 'ocr_queue_oldest_waiting_seconds',
      help: 'Age of the oldest job not yet taken by a worker (waiting or prioritized); 0 when none waits, NaN when Redis could not be read.',
      registers: [this.registry],
      async collect() {
        const read = await once();
        const since = read?.oldestWaitingSince;
        this.set(!read ? Number.NaN : since === undefined ? 0 : Math.max(0, (Date.now() - since) / 1000));
      },
    });
  }
}

/**
 * prom-client's defaults include gauges named `nodejs_active_*_total`, which break the `_total`
 * convention (promtool flags them); the same numbers are in `nodejs_active_*` by type.
 */
function dropMisnamedDefaults(registry: Registry): void {
  for (const { name } of registry.getMetricsAsArray())
    if (name.endsWith('_total') && !(registry.getSingleMetric(name) instanceof Counter))
      registry.removeSingleMetric(name);
}

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The gateway's Prometheus metrics (names as in ARCHITECTURE.md). Queue gauges are read from Redis
 * when Prometheus scrapes, once per scrape, so every gateway replica reports the same queue.
 * Routes are labelled by their pattern (`/v1/jobs/:id`), never by raw paths or ids.
 */
export interface QueueSnapshot {
  counts: Record<string, number>;
  oldestWaitingSeconds: number;
}

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

  constructor(snapshot: () => Promise<QueueSnapshot>) {
    collectDefaultMetrics({ register: this.registry });
    let pending: Promise<QueueSnapshot> | undefined;
    // Both queue gauges are filled from one Redis read per scrape.
    const once = (): Promise<QueueSnapshot> =>
      (pending ??= snapshot().finally(() => setImmediate(() => (pending = undefined))));
    new Gauge({
      name: 'ocr_queue_jobs',
      help: 'Jobs in the OCR queue by state, read from Redis at scrape time.',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const { counts } = await once();
        for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
      },
    });
    new Gauge({
      name: 'ocr_queue_oldest_waiting_seconds',
      help: 'Age of the oldest job not yet taken by a worker (0 when none waits).',
      registers: [this.registry],
      async collect() {
        this.set((await once()).oldestWaitingSeconds);
      },
    });
  }
}

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RedisKeys } from '@ocr-pool/contracts';
import { type GatewayConfig, isLoopback } from './config.js';
import { ApiKeyAuthenticator } from './auth/api-keys.js';
import { JobQueue } from './repositories/job-queue.js';
import { JobEvents } from './repositories/job-events.js';
import { BlobStore } from './repositories/blob-store.js';
import { BatchStore } from './repositories/batch-store.js';
import { LanguageDirectory } from './repositories/language-directory.js';
import { ImageInspector } from './services/image-inspector.js';
import { QueueDepthGuard } from './services/queue-depth-guard.js';
import { SubmissionRateLimiter } from './services/submission-rate-limiter.js';
import { JobWaiter } from './services/job-waiter.js';
import { FinishedJobSweeper } from './services/finished-job-sweeper.js';
import { DrawingGate } from './services/drawing-gate.js';
import { JobService } from './services/job-service.js';
import { QueueSnapshotReader } from './repositories/queue-snapshot-reader.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { ADMIN_BOARD_PATH, createHttpApp } from './http/app.js';
import { queueBoard } from './http/admin/queue-board.js';
import { type RunningGrpcServer, startGrpcServer } from './grpc/grpc-server.js';
import { RedisHealth } from './grpc/redis-health.js';
import { status as GrpcStatus } from '@grpc/grpc-js';

/** Time kept at the end of a shutdown for waiting synchronous calls to remove their jobs and answer. */
const SYNC_ANSWER_MARGIN_MS = 2_000;
/** Result drawings at once and waiting per gateway: each holds tens of MB (see DrawingGate). */
const DRAWINGS_AT_ONCE = 2;
const DRAWINGS_WAITING = 8;

/**
 * Builds and starts a gateway from its config: Redis connections, services, the HTTP and gRPC
 * servers over the same services.
 * `main.ts` adds signals; tests start the same thing on a private queue prefix.
 */
export interface RunningGateway {
  url: string;
  /** host:port of the gRPC server, when enabled. */
  grpcAddress: string | undefined;
  server: Server;
  jobs: JobService;
  /** Stops accepting, lets in-flight requests finish, closes Redis. */
  close(): Promise<void>;
}

export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  // Commands fail fast while Redis is down (503) instead of queueing in memory until a timeout,
  // and within a bound while it is connected but does not answer (paused, overloaded, cut off).
  const redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    commandTimeout: config.redisCommandTimeoutMs,
  });
  redis.on('error', (error) => logger.warn({ err: error.message }, 'redis connection error'));
  // Start even while Redis is down: requests get 503 and /readyz says not ready until it is back.
  await new Promise<void>((resolve) => {
    if (redis.status === 'ready') return resolve();
    redis.once('ready', () => resolve());
    setTimeout(resolve, 5_000).unref();
  });
  const jobEvents = new JobEvents(config.redisUrl, config.queuePrefix);
  const events = jobEvents.events;
  events.on('error', (error) => logger.warn({ err: error.message }, 'queue events error'));

  const keys = new RedisKeys(config.queuePrefix);
  const queue = new JobQueue(redis, config.queuePrefix);
  // The queue repeats its connection's errors, which the listener on `redis` logs already; with no
  // listener of its own BullMQ would print each one raw to stderr, outside the JSON log.
  queue.queue.on('error', (error) => logger.debug({ err: error.message }, 'queue connection error'));
  const languages = new LanguageDirectory(redis, keys);
  const snapshots = new QueueSnapshotReader(redis, config.queuePrefix);
  const metrics = new GatewayMetrics(
    () => snapshots.read(),
    (error) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'queue gauges not read'),
  );
  const jobs = new JobService({
    redis,
    keys,
    queue,
    blobs: new BlobStore(redis),
    batches: new BatchStore(redis, keys),
    languages,
    inspector: new ImageInspector(config.maxImageBytes, config.maxImagePixels),
    depth: new QueueDepthGuard(() => queue.backlog(), config.maxQueueDepth, config.retryAfterSeconds),
    rate: new SubmissionRateLimiter(redis, keys, config.rateLimit),
    waiter: new JobWaiter(events, (id) => queue.state(id)),
    drawings: new DrawingGate(DRAWINGS_AT_ONCE, DRAWINGS_WAITING),
    settings: config,
    onSubmitted: (api, count) => metrics.jobsSubmitted.inc({ api }, count),
  });
  const sweeper = new FinishedJobSweeper(queue, config.resultTtlSeconds, (error) =>
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'expired jobs not removed'),
  );
  sweeper.start();
  const auth = new ApiKeyAuthenticator(config.apiKeys);
  const adminAuth = new ApiKeyAuthenticator(config.adminApiKeys);
  const admin = adminAuth.enabled
    ? {
        auth: adminAuth,
        board: queueBoard(queue.queue, { basePath: ADMIN_BOARD_PATH }),
      }
    : undefined;
  let shuttingDown = false;
  const app = createHttpApp({
    logger,
    redis,
    auth,
    jobs,
    languages,
    metrics,
    ...(admin ? { admin } : {}),
    shuttingDown: () => shuttingDown,
    settings: config,
  });
  const redisHealth = new RedisHealth(redis);
  let server: Server | undefined;
  let grpc: RunningGrpcServer | undefined;
  const close = async (): Promise<void> => {
    shuttingDown = true;
    // Long polls and watch streams answer now (their clients ask again, elsewhere); synchronous
    // calls keep waiting for their results until shortly before the shutdown limit, then answer
    // too, so no caller is cut off with its job queued and no id to look for.
    jobs.endPolls();
    const answerSync = setTimeout(
      () => jobs.endSyncWaits(),
      Math.max(0, config.shutdownTimeoutMs - SYNC_ANSWER_MARGIN_MS),
    );
    await Promise.all([
      new Promise<void>((resolve) => {
        if (!server?.listening) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
      grpc?.close(config.shutdownTimeoutMs),
    ]);
    clearTimeout(answerSync);
    jobs.endSyncWaits();
    // A forced gRPC shutdown does not wait for its handlers: their removals need Redis still open.
    await jobs.syncCallsSettled(SYNC_ANSWER_MARGIN_MS);
    redisHealth.stop();
    sweeper.stop();
    await jobEvents.close();
    await queue.close().catch(() => undefined);
    // quit() is refused while Redis is down (no offline queue); the connection must still stop retrying.
    await redis.quit().catch(() => redis.disconnect());
  };
  // A port already taken must fail the start and leave nothing running (connections, timers) behind.
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => resolve(s));
      s.once('error', reject);
    });
    // Slowloris: bound how long a client may take to send headers and a whole request.
    server.headersTimeout = 30_000;
    server.requestTimeout = Math.max(config.syncTimeoutMs + 30_000, 120_000);
    if (config.grpc.enabled) {
      grpc = await startGrpcServer(
        config.grpc,
        {
          jobs,
          languages,
          auth,
          logger,
          settings: config,
          observe: (method, code, seconds) => {
            metrics.grpcRequests.inc({ method, code: GrpcStatus[code] });
            metrics.grpcDuration.observe({ method }, seconds);
          },
        },
        redisHealth,
      );
      logger.info({ address: grpc.address }, 'gRPC listening');
    }
  } catch (error) {
    await close();
    throw error;
  }
  if (!auth.enabled) logAuthOff(logger, config);
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info({ url, queuePrefix: config.queuePrefix }, 'gateway listening');

  return { url, grpcAddress: grpc?.address, server, jobs, close };
}

/** What an operator must know when no API key is set: where the gateway listens, and why. */
function logAuthOff(logger: Logger, config: GatewayConfig): void {
  const hosts = { host: config.host, grpcHost: config.grpc.host };
  if (config.ignoredHosts.length > 0) {
    logger.warn(
      { ...hosts, ignored: config.ignoredHosts },
      `API_KEYS is not set: authentication is off, so the gateway listens on loopback only (${config.ignoredHosts.join(', ')} ignored). Set API_KEYS, or ALLOW_UNAUTHENTICATED=true when a trusted network is in front.`,
    );
  } else if (isLoopback(config.host) && (!config.grpc.enabled || isLoopback(config.grpc.host))) {
    logger.warn(hosts, 'API_KEYS is not set: authentication is off and the gateway listens on loopback only');
  } else {
    logger.warn(
      hosts,
      'API_KEYS is not set and ALLOW_UNAUTHENTICATED=true: authentication is off on a non-loopback address; anyone who reaches it can submit images and read every job',
    );
  }
}

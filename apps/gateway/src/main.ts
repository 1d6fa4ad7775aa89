#!/usr/bin/env node
import 'dotenv/config';
import type { Server } from 'node:http';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { ConfigError, loggerOptions, QUEUE_NAME, RedisKeys } from '@ocr-pool/contracts';
import { readGatewayConfig } from './config.js';
import { pino } from 'pino';
import { ApiKeyAuthenticator } from './auth/api-keys.js';
import { JobQueue } from './repositories/job-queue.js';
import { BlobStore } from './repositories/blob-store.js';
import { BatchStore } from './repositories/batch-store.js';
import { LanguageDirectory } from './repositories/language-directory.js';
import { ImageInspector } from './services/image-inspector.js';
import { QueueDepthGuard } from './services/queue-depth-guard.js';
import { JobWaiter } from './services/job-waiter.js';
import { JobService } from './services/job-service.js';
import { readQueueSnapshot } from './services/queue-snapshot.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { createHttpApp } from './http/app.js';

/**
 * Composition root of the gateway process: read config, connect to Redis, build the services
 * and the HTTP server, and on SIGTERM/SIGINT stop accepting, let in-flight requests finish
 * (bounded by SHUTDOWN_TIMEOUT_MS), and exit. The gateway never runs a model.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = readGatewayConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino(loggerOptions('ocr-gateway', config.logLevel, config.logPretty));
  // Commands fail fast while Redis is down (503), instead of queueing in memory until a timeout.
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 });
  redis.on('error', (error) => logger.warn({ err: error.message }, 'redis connection error'));
  // Start even while Redis is down: requests get 503 and /readyz says not ready until it is back.
  await new Promise<void>((resolve) => {
    if (redis.status === 'ready') return resolve();
    redis.once('ready', () => resolve());
    setTimeout(resolve, 5_000).unref();
  });
  const events = new QueueEvents(QUEUE_NAME, { connection: new Redis(config.redisUrl, { maxRetriesPerRequest: null }), prefix: config.queuePrefix });
  events.on('error', (error) => logger.warn({ err: error.message }, 'queue events error'));

  const keys = new RedisKeys(config.queuePrefix);
  const queue = new JobQueue(redis, config.queuePrefix);
  const languages = new LanguageDirectory(redis, keys);
  const metrics = new GatewayMetrics(() => readQueueSnapshot(queue));
  const jobs = new JobService({
    redis,
    keys,
    queue,
    blobs: new BlobStore(redis),
    batches: new BatchStore(redis, keys),
    languages,
    inspector: new ImageInspector(config.maxImageBytes, config.maxImagePixels),
    depth: new QueueDepthGuard(() => queue.backlog(), config.maxQueueDepth, config.retryAfterSeconds),
    waiter: new JobWaiter(events, (id) => queue.queue.getJobState(id)),
    settings: config,
    onSubmitted: (api, count) => metrics.jobsSubmitted.inc({ api }, count),
  });
  const auth = new ApiKeyAuthenticator(config.apiKeys);
  let shuttingDown = false;
  const app = createHttpApp({ logger, redis, auth, jobs, languages, metrics, shuttingDown: () => shuttingDown, settings: config });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  // Slowloris: bound how long a client may take to send headers and body.
  server.headersTimeout = 30_000;
  server.requestTimeout = Math.max(config.syncTimeoutMs + 30_000, 120_000);
  if (!auth.enabled) logger.warn({ host: config.host }, 'API_KEYS is not set: authentication is off and the gateway listens on loopback only');
  logger.info({ url: `http://${config.host}:${config.port}`, queuePrefix: config.queuePrefix }, 'gateway listening');

  const shutdown = async (signal: string): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: refusing new connections, finishing requests in flight');
    const force = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; closing remaining connections');
      server.closeAllConnections();
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await events.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
    await redis.quit().catch(() => undefined);
    logger.info('gateway stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

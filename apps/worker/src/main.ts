#!/usr/bin/env node
import 'dotenv/config';
import { ConfigError, loggerOptions, RedisKeys, within } from '@ocr-pool/contracts';
import { QueueConnection, redisAnswers } from '@ocr-pool/contracts/redis';
import { createEngine } from '@ocr-pool/ocr-engine';
import { readWorkerConfig } from './config.js';
import { pino } from 'pino';
import { WorkerMetrics } from './metrics/worker-metrics.js';
import { OcrWorker } from './processing/ocr-worker.js';
import { startHealthServer } from './health/health-server.js';
import { EngineWatch } from './health/engine-watch.js';
import { LanguagePublisher } from './languages/language-publisher.js';
import { EngineDeadline } from './processing/engine-deadline.js';

/**
 * Composition root of the worker process: read config, build the engine, the queue worker, the
 * health port and the language announcements, and shut them down in order on SIGTERM/SIGINT
 * (stop taking jobs, finish the batch in hand, exit).
 */
/** How often the worker checks whether its engine has been unable to read for too long. */
const ENGINE_WATCH_INTERVAL_MS = 5_000;
/** The longest a forced exit waits for model runs in progress (one run takes seconds at most). */
const HALT_WAIT_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = readWorkerConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino(loggerOptions('ocr-worker', config.logLevel, config.logPretty));
  const metrics = new WorkerMetrics();
  const engine = new EngineDeadline(
    await createEngine(config.engine, { onWarning: (message) => logger.warn(message) }),
    config.engineCallTimeoutMs,
    (limitMs) =>
      logger.error(
        { limitMs },
        'an engine call did not answer within ENGINE_CALL_TIMEOUT_MS: its images fail (retried elsewhere), and this worker takes no more until it is restarted',
      ),
  );
  metrics.info.set({ engine: engine.id, device: config.engine.device }, 1);
  const recognisers = engine.recognisers?.() ?? [];
  for (const { pack, precision } of recognisers) metrics.recogniser.set({ pack, precision }, 1);
  metrics.watchInference(() => engine.usage?.());
  logger.info(
    {
      engine: engine.id,
      device: config.engine.device,
      threads: config.engine.threads,
      languages: engine.languages().map((l) => l.code),
      recognisers,
    },
    'engine ready',
  );

  const connection = new QueueConnection(config.redisUrl);
  connection.on('error', (error) => logger.warn({ err: error.message }, 'redis connection error'));
  const keys = new RedisKeys(config.queuePrefix);
  const worker = new OcrWorker({
    connection,
    prefix: config.queuePrefix,
    engine,
    batch: config.batch,
    concurrency: config.concurrency,
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
    maxStalledCount: config.maxStalledCount,
    imageRetentionSeconds: config.imageRetentionSeconds,
    metrics,
    logger,
  });
  const languages = new LanguagePublisher(connection, keys, config.workerId, engine);

  const engineWatch = new EngineWatch(() => engine.healthy?.() ?? true, config.engineDownRestartMs);
  const health = await startHealthServer(config.healthPort, config.healthHost, {
    registry: metrics.registry,
    // A ping on this connection waits in its offline queue while Redis is down: readiness would
    // never answer then, so it asks with a bound and not at all while disconnected.
    live: () => ({ engine: engineWatch.alive() }),
    ready: async () => ({
      redis: await redisAnswers(connection, 1_000),
      worker: worker.running,
      engine: engine.healthy?.() ?? true,
    }),
  });
  await languages.start();
  worker.start();
  logger.info(
    { workerId: config.workerId, health: `http://${config.healthHost}:${config.healthPort}`, batch: config.batch },
    'worker started',
  );

  let stopping = false;
  const shutdown = async (signal: string, exitCode = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new jobs, finishing the batch in hand');
    const force = setTimeout(() => {
      logger.error(
        { timeoutMs: config.shutdownTimeoutMs },
        'shutdown timed out; exiting with jobs unacknowledged (they will run again elsewhere)',
      );
      // Model runs in progress return first: exiting inside one dies of SIGABRT, not with our code.
      void within(engine.halt(), HALT_WAIT_MS, undefined).finally(() => process.exit(1));
    }, config.shutdownTimeoutMs);
    force.unref();
    await worker.close();
    await languages.stop();
    await engine.close();
    health.close();
    await connection.shut();
    logger.info('worker stopped');
    process.exit(exitCode);
  };
  // Past the limit only a new process can help (fresh memory, a fresh device): exit and let the
  // orchestrator start one. Kubernetes would act on /livez too; compose's restart policy only on this.
  setInterval(() => {
    if (engineWatch.alive()) return;
    logger.error(
      { engineDownRestartMs: config.engineDownRestartMs },
      'the engine has been unable to read for too long; exiting so a new process can start',
    );
    void shutdown('engine down', 1);
  }, ENGINE_WATCH_INTERVAL_MS).unref();
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

import { hostname } from 'node:os';
import { DEFAULT_QUEUE_PREFIX, EnvReader, type Env } from '@ocr-pool/contracts';
import { readEngineConfig, type EngineConfig } from '@ocr-pool/ocr-engine';

/**
 * The worker's settings, from the environment, validated once at start-up: every bad variable is
 * named in one error. Nothing else in the worker reads `process.env`.
 */
export interface WorkerConfig {
  redisUrl: string;
  queuePrefix: string;
  engine: EngineConfig;
  batch: { maxSize: number; maxWaitMs: number; maxInFlight: number };
  /** Jobs this worker holds at once (waiting in the batcher or running). */
  concurrency: number;
  /** BullMQ lock: renewed every half of it while a job runs; another worker takes over a job whose lock lapsed. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  /** Seconds a completed job's image stays in Redis for `GET /v1/jobs/{id}/annotated.png`; 0 deletes it at once. */
  imageRetentionSeconds: number;
  healthPort: number;
  healthHost: string;
  shutdownTimeoutMs: number;
  /** `/livez` fails once the engine has been unable to read this long (Kubernetes restarts it). */
  engineDownRestartMs: number;
  /** An engine call that has not answered in this long counts the engine as stuck (EngineDeadline). */
  engineCallTimeoutMs: number;
  workerId: string;
  logLevel: string;
  logPretty: boolean;
}

export function readWorkerConfig(vars: Env): WorkerConfig {
  const env = new EnvReader(vars);
  const engine = readEngineConfig(env);
  // `auto` may run on the CPU (it falls back when CUDA does not load): it gets the CPU's default.
  const gpu = engine.device === 'cuda';
  // CPU: a few images in flight keep every inference thread busy; GPU: bigger batches fill the device.
  const maxSize = env.int('BATCH_MAX_SIZE', gpu ? 16 : Math.max(2, engine.threads * 2), 1, 256);
  const maxInFlight = env.int('BATCH_MAX_IN_FLIGHT', 2, 1, 16);
  const config: WorkerConfig = {
    redisUrl: env.string('REDIS_URL', 'redis://127.0.0.1:6379'),
    queuePrefix: env.string('QUEUE_PREFIX', DEFAULT_QUEUE_PREFIX),
    engine,
    batch: { maxSize, maxWaitMs: env.int('BATCH_MAX_WAIT_MS', 5, 0, 10_000), maxInFlight },
    concurrency: env.int('WORKER_CONCURRENCY', maxSize * (maxInFlight + 1), 1, 4096),
    lockDurationMs: env.int('LOCK_DURATION_MS', 30_000, 1000),
    stalledIntervalMs: env.int('STALLED_INTERVAL_MS', 15_000, 500),
    maxStalledCount: env.int('MAX_STALLED_COUNT', 2, 0, 100),
    imageRetentionSeconds: env.int('IMAGE_RETENTION_SECONDS', 300, 0, 86_400),
    healthPort: env.int('WORKER_HEALTH_PORT', 9465, 0, 65535),
    healthHost: env.string('WORKER_HEALTH_HOST', '0.0.0.0'),
    shutdownTimeoutMs: env.int('SHUTDOWN_TIMEOUT_MS', 60_000, 0),
    engineDownRestartMs: env.int('ENGINE_DOWN_RESTART_MS', 300_000, 0),
    engineCallTimeoutMs: env.int('ENGINE_CALL_TIMEOUT_MS', 600_000, 1_000),
    workerId: env.string('WORKER_ID', `${hostname()}-${process.pid}`),
    logLevel: env.oneOf('LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], 'info'),
    logPretty: env.bool('LOG_PRETTY', false),
  };
  if (config.stalledIntervalMs >= config.lockDurationMs) {
    env.problem(
      `STALLED_INTERVAL_MS (${config.stalledIntervalMs}) must be below LOCK_DURATION_MS (${config.lockDurationMs})`,
    );
  }
  env.done();
  return config;
}

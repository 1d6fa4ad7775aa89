import { DEFAULT_QUEUE_PREFIX, EnvReader, type Env } from '@ocr-pool/contracts';
import { parseApiKeys, type ApiKeyEntry } from './auth/api-keys.js';

/**
 * The gateway's settings, from the environment, validated once at start-up: every bad variable is
 * named in one error. Nothing else in the gateway reads `process.env`.
 */
export interface GatewayConfig {
  host: string;
  port: number;
  redisUrl: string;
  queuePrefix: string;
  apiKeys: ApiKeyEntry[];
  maxImageBytes: number;
  maxImagePixels: number;
  /** Most images in one batch request. */
  maxFiles: number;
  maxQueueDepth: number;
  retryAfterSeconds: number;
  /** How long finished jobs (and their results) stay readable. */
  resultTtlSeconds: number;
  /** How long an image may wait in Redis for a worker before it expires. */
  blobTtlSeconds: number;
  syncTimeoutMs: number;
  maxWaitSeconds: number;
  defaultLanguage: string;
  jobAttempts: number;
  retryBackoffMs: number;
  shutdownTimeoutMs: number;
  trustProxy: boolean;
  logLevel: string;
  logPretty: boolean;
}

export function readGatewayConfig(vars: Env): GatewayConfig {
  const env = new EnvReader(vars);
  let apiKeys: ApiKeyEntry[] = [];
  try {
    apiKeys = parseApiKeys(env.optionalString('API_KEYS') ?? '');
  } catch (error) {
    env.problem(`API_KEYS: ${error instanceof Error ? error.message : String(error)}`);
  }
  const config: GatewayConfig = {
    // Without API keys anyone who can reach the port can use it: listen on loopback only.
    host: env.string('HOST', apiKeys.length > 0 ? '0.0.0.0' : '127.0.0.1'),
    port: env.int('PORT', 3000, 0, 65535),
    redisUrl: env.string('REDIS_URL', 'redis://127.0.0.1:6379'),
    queuePrefix: env.string('QUEUE_PREFIX', DEFAULT_QUEUE_PREFIX),
    apiKeys,
    maxImageBytes: env.int('MAX_IMAGE_BYTES', 20 * 1024 * 1024, 1),
    maxImagePixels: env.int('OCR_MAX_IMAGE_PIXELS', 40_000_000, 1),
    maxFiles: env.int('MAX_BATCH_FILES', 100, 1, 10_000),
    maxQueueDepth: env.int('MAX_QUEUE_DEPTH', 10_000, 1),
    retryAfterSeconds: env.int('QUEUE_FULL_RETRY_AFTER_SECONDS', 5, 1, 3600),
    resultTtlSeconds: env.int('RESULT_TTL_SECONDS', 86_400, 1),
    blobTtlSeconds: env.int('BLOB_TTL_SECONDS', 3_600, 1),
    syncTimeoutMs: env.int('SYNC_TIMEOUT_MS', 60_000, 1),
    maxWaitSeconds: env.int('MAX_WAIT_SECONDS', 60, 0, 3600),
    defaultLanguage: env.string('OCR_DEFAULT_LANGUAGE', 'en'),
    jobAttempts: env.int('JOB_ATTEMPTS', 3, 1, 100),
    retryBackoffMs: env.int('JOB_RETRY_BACKOFF_MS', 1_000, 0),
    shutdownTimeoutMs: env.int('SHUTDOWN_TIMEOUT_MS', 30_000, 0),
    trustProxy: env.bool('TRUST_PROXY', false),
    logLevel: env.oneOf('LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], 'info'),
    logPretty: env.bool('LOG_PRETTY', false),
  };
  env.done();
  return config;
}

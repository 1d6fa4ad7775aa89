import { DEFAULT_QUEUE_PREFIX, EnvReader, type Env } from '@ocr-pool/contracts';
import { parseApiKeys, type ApiKeyEntry } from './auth/api-keys.js';
import type { RateLimitSettings } from './services/submission-rate-limiter.js';

/**
 * The gateway's settings, from the environment, validated once at start-up: every bad variable is
 * named in one error. Nothing else in the gateway reads `process.env`.
 */
export interface GatewayConfig {
  host: string;
  /** A non-loopback HOST or GRPC_HOST that was set but not used, because authentication is off. */
  ignoredHosts: string[];
  port: number;
  redisUrl: string;
  /** A Redis command without an answer this long fails (503): a stalled Redis must not hold requests. */
  redisCommandTimeoutMs: number;
  queuePrefix: string;
  apiKeys: ApiKeyEntry[];
  /**
   * Keys that open the Bull Board at /admin/queues (ADMIN_API_KEYS only; none: the board is off).
   * Tenant keys never open it: it shows every tenant's jobs.
   */
  adminApiKeys: ApiKeyEntry[];
  maxImageBytes: number;
  maxImagePixels: number;
  /** Most images in one batch request. */
  maxFiles: number;
  /** Most bytes of files in one multipart request, all files together: the gateway holds them in memory. */
  maxRequestBytes: number;
  maxQueueDepth: number;
  retryAfterSeconds: number;
  /** Per-API-key submission limit (images per second, burst); perSecond 0 = off. */
  rateLimit: RateLimitSettings;
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
  grpc: GrpcConfig;
}

export interface GrpcConfig {
  enabled: boolean;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Largest request message; a batch's images together must fit. */
  maxMessageBytes: number;
  /** Server pings an idle connection this often, and drops it if no answer within the timeout. */
  keepaliveTimeMs: number;
  keepaliveTimeoutMs: number;
  /** Connections older than this are closed gracefully, so clients spread over new replicas; 0: never. */
  maxConnectionAgeMs: number;
}

export function readGatewayConfig(vars: Env): GatewayConfig {
  const env = new EnvReader(vars);
  const keys = (name: string): ApiKeyEntry[] | undefined => {
    const raw = env.optionalString(name);
    try {
      return raw === undefined ? undefined : parseApiKeys(raw);
    } catch (error) {
      env.problem(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  };
  const apiKeys = keys('API_KEYS') ?? [];
  const adminKeys = keys('ADMIN_API_KEYS');
  // Without API keys anyone who can reach the port can use it: listen on loopback only, whatever
  // HOST says (images set HOST=0.0.0.0 for when keys are there), unless ALLOW_UNAUTHENTICATED
  // says the network in front is trusted (e.g. ports published on the host's loopback).
  const allowUnauthenticated = env.bool('ALLOW_UNAUTHENTICATED', false);
  const ignoredHosts: string[] = [];
  const listenOn = (name: string, fallback: string): string => {
    const wanted = env.string(name, fallback);
    if (apiKeys.length > 0 || allowUnauthenticated || isLoopback(wanted)) return wanted;
    ignoredHosts.push(`${name}=${wanted}`);
    return '127.0.0.1';
  };
  const host = listenOn('HOST', apiKeys.length > 0 ? '0.0.0.0' : '127.0.0.1');
  const maxImageBytes = env.int('MAX_IMAGE_BYTES', 20 * 1024 * 1024, 1);
  const maxFiles = env.int('MAX_BATCH_FILES', 100, 1, 10_000);
  const maxRequestBytes = env.int('MAX_REQUEST_BYTES', Math.max(maxImageBytes, 100 * 1024 * 1024), 1);
  if (maxRequestBytes < maxImageBytes)
    env.problem(`MAX_REQUEST_BYTES (${maxRequestBytes}) must be at least MAX_IMAGE_BYTES (${maxImageBytes})`);
  const ratePerSecond = env.int('RATE_LIMIT_PER_SECOND', 0, 0);
  const rateBurst = env.int('RATE_LIMIT_BURST', Math.max(2 * ratePerSecond, maxFiles), 1);
  // A batch takes one token per image at once: a smaller bucket would refuse every full batch forever.
  if (ratePerSecond > 0 && rateBurst < maxFiles)
    env.problem(`RATE_LIMIT_BURST (${rateBurst}) must be at least MAX_BATCH_FILES (${maxFiles})`);
  const grpcHost = listenOn('GRPC_HOST', host);
  const config: GatewayConfig = {
    host,
    ignoredHosts,
    port: env.int('PORT', 3000, 0, 65535),
    redisUrl: env.string('REDIS_URL', 'redis://127.0.0.1:6379'),
    redisCommandTimeoutMs: env.int('REDIS_COMMAND_TIMEOUT_MS', 5_000, 100),
    queuePrefix: env.string('QUEUE_PREFIX', DEFAULT_QUEUE_PREFIX),
    apiKeys,
    adminApiKeys: adminKeys ?? [],
    maxImageBytes,
    maxImagePixels: env.int('OCR_MAX_IMAGE_PIXELS', 40_000_000, 1),
    maxFiles,
    maxRequestBytes,
    maxQueueDepth: env.int('MAX_QUEUE_DEPTH', 10_000, 1),
    retryAfterSeconds: env.int('QUEUE_FULL_RETRY_AFTER_SECONDS', 5, 1, 3600),
    rateLimit: { perSecond: ratePerSecond, burst: rateBurst },
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
    grpc: {
      enabled: env.bool('GRPC_ENABLED', true),
      host: grpcHost,
      port: env.int('GRPC_PORT', 50051, 0, 65535),
      // The default fits one image of the largest accepted size plus the message around it.
      maxMessageBytes: env.int('GRPC_MAX_MESSAGE_BYTES', maxImageBytes + 1024 * 1024, 1024),
      keepaliveTimeMs: env.int('GRPC_KEEPALIVE_TIME_MS', 60_000, 1_000),
      keepaliveTimeoutMs: env.int('GRPC_KEEPALIVE_TIMEOUT_MS', 20_000, 1_000),
      maxConnectionAgeMs: env.int('GRPC_MAX_CONNECTION_AGE_MS', 0, 0),
    },
  };
  env.done();
  return config;
}

/** Addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

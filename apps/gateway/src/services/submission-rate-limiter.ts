import type { Redis } from 'ioredis';
import { ErrorCodes, OcrError, type RedisKeys } from '@ocr-pool/contracts';

/**
 * Per-tenant submission rate: a token bucket kept in Redis, so every gateway replica draws from
 * the same bucket and a client cannot multiply its rate by spreading requests over replicas. Each
 * image costs one token; the bucket refills at `perSecond` up to `burst`. The script reads Redis's
 * clock, so gateways with skewed clocks agree.
 */
export interface RateLimitSettings {
  /** Tokens (images) per second per tenant; 0 turns the limit off. */
  perSecond: number;
  /** The most tokens a tenant can bank: the largest burst accepted at once (config keeps it >= MAX_BATCH_FILES). */
  burst: number;
}

// KEYS[1] bucket; ARGV: rate per second, burst, cost. Returns {1, 0} when taken, or {0, ms until
// enough tokens}. The bucket stores tokens and the time it was last refilled, and expires once it
// would be full again, so idle tenants leave nothing behind.
const TAKE_TOKENS = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - at) * rate / 1000)
local taken = 0
local waitMs = 0
if tokens >= cost then
  tokens = tokens - cost
  taken = 1
else
  waitMs = math.ceil((cost - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
return {taken, waitMs}
`;

interface WithTakeTokensCommand {
  ocrTakeTokens(key: string, perSecond: number, burst: number, cost: number): Promise<[number, number]>;
}

export class SubmissionRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly settings: RateLimitSettings,
  ) {
    // Every submission runs the script: EVALSHA sends its hash, not its text (as QueueSnapshotReader does).
    if (!('ocrTakeTokens' in redis)) redis.defineCommand('ocrTakeTokens', { numberOfKeys: 1, lua: TAKE_TOKENS });
  }

  get enabled(): boolean {
    return this.settings.perSecond > 0;
  }

  /** Takes `images` tokens from the tenant's bucket, or refuses with `RATE_LIMITED` and when to retry. */
  async take(tenant: string, images = 1): Promise<void> {
    if (!this.enabled) return;
    const { perSecond, burst } = this.settings;
    const [taken, waitMs] = await (this.redis as Redis & WithTakeTokensCommand).ocrTakeTokens(
      this.keys.rateLimit(tenant),
      perSecond,
      burst,
      images,
    );
    if (taken === 1) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new OcrError(
      ErrorCodes.RATE_LIMITED,
      `This API key may submit ${perSecond} images per second (bursts of ${burst}). Retry in ${retryAfterSeconds} s.`,
      { retry_after_seconds: retryAfterSeconds },
    );
  }
}

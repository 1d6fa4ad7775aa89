import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { OcrError, RedisKeys } from '@ocr-pool/contracts';
import { ensureRedis, type RedisHandle } from '@ocr-pool/dev';
import { SubmissionRateLimiter } from './submission-rate-limiter.js';

let handle: RedisHandle;
let redis: Redis;
const keys = new RedisKeys(`test-${randomUUID().slice(0, 8)}`);
before(async () => {
  handle = await ensureRedis(process.env.REDIS_URL);
  redis = new Redis(handle.url);
});
after(async () => {
  const left = await redis.keys(`${keys.base}:*`);
  if (left.length) await redis.del(...left);
  redis.disconnect();
  await handle.close();
});

const refusal = (e: unknown): OcrError => {
  assert.ok(e instanceof OcrError);
  return e;
};

test('two limiters (two gateway replicas) share one bucket per tenant', async () => {
  const settings = { perSecond: 2, burst: 4 };
  const a = new SubmissionRateLimiter(redis, keys, settings);
  const b = new SubmissionRateLimiter(redis, keys, settings);
  await a.take('t1', 2);
  await b.take('t1', 2);
  const error = refusal(await b.take('t1').catch((e: unknown) => e));
  assert.equal(error.code, 'RATE_LIMITED');
  // One token at 2 per second is 500 ms away: rounded up to whole seconds for Retry-After.
  assert.equal(error.details.retry_after_seconds, 1);
  await a.take('t2', 4);
});

test('a cost larger than what is banked waits for the whole cost, and the bucket expires when full', async () => {
  const limiter = new SubmissionRateLimiter(redis, keys, { perSecond: 1, burst: 10 });
  await limiter.take('t3', 9);
  const error = refusal(await limiter.take('t3', 4).catch((e: unknown) => e));
  assert.ok(Number(error.details.retry_after_seconds) >= 3, String(error.details.retry_after_seconds));
  const ttl = await redis.pttl(keys.rateLimit('t3'));
  assert.ok(ttl > 8_000 && ttl <= 10_000, `ttl ${ttl}`);
});

test('perSecond 0 turns the limit off without touching Redis', async () => {
  const limiter = new SubmissionRateLimiter(redis, keys, { perSecond: 0, burst: 1 });
  for (let i = 0; i < 5; i++) await limiter.take('t4', 3);
  assert.equal(await redis.exists(keys.rateLimit('t4')), 0);
});

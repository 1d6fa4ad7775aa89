import type { Redis } from 'ioredis';
import { within } from '../async/within.js';

/**
 * Whether Redis answers a ping within `timeoutMs`: false at once while the connection is not ready
 * (a ping then would wait in the offline queue, or fail, depending on the connection's options),
 * and false when a connected Redis hangs.
 */
export async function redisAnswers(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  const pinged = redis.ping().then(
    () => true,
    () => false,
  );
  return within(pinged, timeoutMs, false);
}

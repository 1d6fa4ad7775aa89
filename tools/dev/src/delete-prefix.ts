import { Redis } from 'ioredis';

/**
 * Removes every key under `prefix:` (a test's or benchmark's private queue prefix), so runs never
 * leave jobs behind in a developer's Redis. SCAN-based: fine for cleanup, never for a request path.
 */
export async function deletePrefix(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) removed += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}
